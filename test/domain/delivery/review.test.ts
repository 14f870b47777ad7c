/**
 * The one sender's promises where two runs meet, where a run must stop, and what a bundle is written
 * in (docs/delivery.md): two senders at once never both send a row; a row another sender claimed is
 * not sent; a claim whose lease ran out mid-send records nothing over the claim that took it; a robot
 * that asked for time is left alone through every channel registered with its URL; a destination with
 * thousands of rows and a minute run over many destinations each do bounded work, the rest in the next
 * runs, each row once; a bundle is in the language of most of its rows. On the fakes, a frozen clock.
 */
import { describe, expect, it } from 'vitest';
import { runtimeOf } from '../../../functions/function-env';
import { DeliveryDeferred } from '../../../functions/domain/delivery/notifier-port';
import { DESTINATIONS_AT_ONCE, LEASE_MS, ROWS_PER_RUN, RUN_BUDGET_MS, runUntil, SEND_CUT_MS, type NoticeRows } from '../../../functions/domain/delivery/sender';
import { bundleLang } from '../../../functions/domain/delivery/words';
import { content, makeWorld, MINUTE, subjectsOf, type World } from './world';

const MAIL = 'leader@example.org';
const told = (world: World) => world.posts.flatMap((post) => subjectsOf(post.content));

/** Runs `during` inside the first send, before the service answers it (the other sender meets this one mid-send). */
const duringFirstSend = (world: World, during: () => Promise<void>) => {
  const send = world.deps.notifier.send.bind(world.deps.notifier);
  let first = true;
  world.deps.notifier = {
    ...world.deps.notifier,
    send: async (...args) => {
      if (first) {
        first = false;
        await during();
      }
      return send(...args);
    },
  };
};

describe('two senders, one destination', () => {
  it('the stream run and the minute run meeting mid-send: the second finds the rows claimed and sends nothing', async () => {
    const world = makeWorld();
    for (let n = 1; n <= 3; n += 1) world.write({ escalationId: `esc-${n}`, recipient: MAIL });
    const others: number[] = [];
    duringFirstSend(world, async () => {
      others.push((await world.minute()).messages, (await world.stream(MAIL)).messages);
    });

    const first = await world.stream(MAIL);

    expect(others).toEqual([0, 0]);
    expect(first).toMatchObject({ messages: 1, sent: 3 });
    expect(told(world).sort()).toEqual(['esc-1', 'esc-2', 'esc-3']);
  });

  it('a row another sender claimed between the read and the claim is not sent by this one', async () => {
    const world = makeWorld();
    const notices = [1, 2, 3].map((n) => world.write({ escalationId: `esc-${n}`, recipient: MAIL }));
    const rows = world.deps.rows;
    const otherLease = new Date(world.now().getTime() + LEASE_MS + 1);
    world.deps.rows = {
      ...bound(rows),
      claim: async (notice, now, lease) => {
        // The other sender's conditional write lands first.
        if (notice.escalationId === 'esc-2') await rows.claim(notice, now, otherLease);
        return rows.claim(notice, now, lease);
      },
    };

    const result = await world.stream(MAIL);

    expect(told(world).sort()).toEqual(['esc-1', 'esc-3']);
    expect(result).toMatchObject({ messages: 1, sent: 2 });
    expect(world.row(notices[1]!)).toMatchObject({ outcome: 'sending', leaseUntil: otherLease.toISOString() });
  });

  it('a lease that runs out mid-send (a sender as good as dead): the next run sends the row under its own claim, the late record changes nothing, and no third send', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    let second = 0;
    duringFirstSend(world, async () => {
      world.advance(LEASE_MS + MINUTE);
      second = (await world.minute()).sent;
    });

    const first = await world.stream(MAIL);

    expect(second).toBe(1);
    expect(first.sent, 'the run whose lease ran out records nothing').toBe(0);
    expect(world.posts).toHaveLength(2);
    const row = world.row(notice);
    expect(row.outcome).toBe('sent');
    for (let run = 0; run < 5; run += 1) {
      world.advance(MINUTE);
      await world.minute();
    }
    expect(world.posts).toHaveLength(2);
  });
});

/** The rows port with its methods bound, to wrap one. */
const bound = (rows: NoticeRows): NoticeRows => ({
  waiting: rows.waiting.bind(rows),
  due: rows.due.bind(rows),
  claim: rows.claim.bind(rows),
  settle: rows.settle.bind(rows),
  postpone: rows.postpone.bind(rows),
});

describe('a robot that asked for time', () => {
  it("DingTalk's block through one group holds the robot for every group registered with its URL: nothing posted to it for 600 s, then each row once", async () => {
    const world = makeWorld();
    const a = world.group('a', 'dingtalk');
    const b = world.group('b', 'dingtalk');
    const start = world.now().getTime();
    const blockedUntil = start + 600_000;
    world.answer = () => {
      if (world.now().getTime() < blockedUntil) throw new DeliveryDeferred('blocked (posting during the block extends it)', 600);
    };
    world.write({ escalationId: 'esc-a', recipient: a });
    await world.stream(a);
    for (let minute = 1; minute <= 12; minute += 1) {
      world.set(start + minute * MINUTE - 30_000);
      world.write({ escalationId: `esc-b${minute}`, recipient: b });
      await world.stream(b);
      world.set(start + minute * MINUTE);
      await world.minute();
    }

    expect(world.tried.filter((post) => post.at < blockedUntil), 'only the post that met the block').toHaveLength(1);
    expect(told(world).sort()).toEqual(['esc-a', ...Array.from({ length: 12 }, (_, i) => `esc-b${i + 1}`)].sort());
  });
});

describe('a message is counted in the pace window of the moment it is posted', () => {
  it('a run begun at the end of a window whose later messages go in the next ones: no sliding minute holds more than 20 posts to the robot', async () => {
    const T = Date.parse('2026-12-01T08:00:00.000Z');
    const world = makeWorld('2026-12-01T07:59:59.900Z');
    const a = world.group('a', 'wecom');
    const b = world.group('b', 'wecom');
    const send = world.deps.notifier.send.bind(world.deps.notifier);
    // The first run's posts take 3 s each.
    world.deps.notifier = { ...world.deps.notifier, send: async (...args) => { await send(...args); world.advance(3_000); } };
    for (let n = 0; n < 100; n += 1) world.write({ escalationId: `esc-a${n}`, recipient: a });
    await world.stream(a);
    expect(world.posts.map((post) => (post.at - T) / 1000)).toEqual([-0.1, 2.9, 5.9, 8.9, 11.9]);
    world.deps.notifier = { ...world.deps.notifier, send };
    // Another group on the same robot, a row each second through the next minute.
    for (let second = 12; second <= 63; second += 1) {
      world.set(T + second * 1000);
      world.write({ escalationId: `esc-b${second}`, recipient: b });
      await world.stream(b);
    }
    const times = world.posts.map((post) => post.at);
    const busiest = Math.max(...times.map((from) => times.filter((at) => at >= from && at < from + MINUTE).length));
    expect(busiest).toBeLessThanOrEqual(20);
  });
});

describe('Retry-After counts from the answer', () => {
  it("a DingTalk block met by a send that took seconds: tried again no sooner than 600 s after the service answered, so the block is never extended", async () => {
    const world = makeWorld();
    const group = world.group('zhihui', 'dingtalk');
    const start = world.now().getTime();
    let blockedUntil = 0;
    const send = world.deps.notifier.send.bind(world.deps.notifier);
    world.deps.notifier = {
      ...world.deps.notifier,
      send: async (...args) => {
        // The service answers 4 s after the post began; its block runs from its answer.
        world.advance(4_000);
        if (blockedUntil === 0) {
          blockedUntil = world.now().getTime() + 600_000;
          throw new DeliveryDeferred('blocked for ten minutes', 600);
        }
        if (world.now().getTime() < blockedUntil) throw new Error('posted during the block: it is extended');
        return send(...args);
      },
    };
    world.write({ escalationId: 'esc-1', recipient: group });
    await world.stream(group);
    for (let minute = 1; minute <= 13; minute += 1) {
      world.set(start + minute * MINUTE);
      await world.minute();
    }
    expect(world.rows.all().map((row) => [row.outcome, row.error])).toEqual([['sent', 'blocked for ten minutes']]);
  });
});

describe('a send that throws what is not an Error', () => {
  it('is recorded on the row as words and tried again, then given up, never throwing out of the run', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.answer = () => {
      throw 'socket hang up';
    };
    await expect(world.stream(MAIL)).resolves.toMatchObject({ waiting: 1 });
    expect(world.row(notice)).toMatchObject({ outcome: 'pending', attempts: 1, error: 'socket hang up' });
    for (let minute = 0; minute < 25 * 60; minute += 1) {
      world.advance(MINUTE);
      await world.minute();
    }
    expect(world.row(notice)).toMatchObject({ outcome: 'failed', deadLettered: true, error: 'socket hang up' });
  });
});

describe('bounded work', () => {
  it(`a destination with 3,000 rows waiting: each run reads at most ${ROWS_PER_RUN} and sends at most ${ROWS_PER_RUN / 20} messages; the minute runs after send the rest, each row once`, async () => {
    const world = makeWorld();
    for (let n = 0; n < 3000; n += 1) world.write({ escalationId: `esc-${String(n).padStart(4, '0')}`, recipient: MAIL });
    const rows = world.deps.rows;
    const asked: number[] = [];
    world.deps.rows = { ...bound(rows), waiting: async (to, limit) => { asked.push(limit); return rows.waiting(to, limit); } };

    const first = await world.stream(MAIL);
    expect(first.messages).toBeLessThanOrEqual(ROWS_PER_RUN / 20);
    expect(first.sent).toBe(ROWS_PER_RUN);
    expect(world.rows.all().filter((row) => row.outcome === 'pending' && row.notBefore === undefined), 'the rest untouched, still due').toHaveLength(3000 - ROWS_PER_RUN);
    let runs = 0;
    while (told(world).length < 3000 && runs < 100) {
      world.advance(MINUTE);
      const result = await world.minute();
      expect(result.messages).toBeLessThanOrEqual(ROWS_PER_RUN / 20);
      runs += 1;
    }
    expect(asked.every((limit) => limit <= ROWS_PER_RUN)).toBe(true);
    const sent = told(world);
    expect(sent).toHaveLength(3000);
    expect(new Set(sent).size).toBe(3000);
  });

  it('the minute run over many destinations begins no message after its budget, well within the function timeout; the next runs send the rest, each once', async () => {
    const world = makeWorld();
    const SEND_TAKES = 4_000;
    const addresses = Array.from({ length: 40 }, (_, n) => `leader-${n}@example.org`);
    for (const [n, to] of addresses.entries()) world.write({ escalationId: `esc-${n}`, recipient: to });
    world.advance(MINUTE);
    // A slow mail service: each send ends 4 s after it began (the sender's workers send several at once).
    const send = world.deps.notifier.send.bind(world.deps.notifier);
    const begun: number[] = [];
    world.deps.notifier = {
      ...world.deps.notifier,
      send: async (...args) => {
        const at = world.now().getTime();
        begun.push(at);
        await send(...args);
        const left = at + SEND_TAKES - world.now().getTime();
        if (left > 0) world.advance(left);
      },
    };

    const start = world.now().getTime();
    world.deps.until = new Date(start + RUN_BUDGET_MS);
    const first = await world.minute();
    const ended = world.now().getTime();

    expect(first.messages).toBeGreaterThan(0);
    expect(first.messages).toBeLessThan(addresses.length);
    expect(Math.max(...begun)).toBeLessThan(start + RUN_BUDGET_MS);
    expect(ended - start).toBeLessThanOrEqual(RUN_BUDGET_MS + SEND_TAKES);
    for (let run = 0; run < 10 && told(world).length < addresses.length; run += 1) {
      world.advance(MINUTE);
      world.deps.until = new Date(world.now().getTime() + RUN_BUDGET_MS);
      await world.minute();
    }
    expect(told(world).sort()).toEqual(addresses.map((_, n) => `esc-${n}`).sort());
  });

  it('a storm of mailboxes is sent to several at once, each once: no mailbox waits for all the others before it', async () => {
    const world = makeWorld();
    const addresses = Array.from({ length: 20 }, (_, n) => `storm-${n}@example.org`);
    for (const [n, to] of addresses.entries()) world.write({ escalationId: `storm-${n}`, recipient: to });
    const send = world.deps.notifier.send.bind(world.deps.notifier);
    let inFlight = 0;
    let most = 0;
    world.deps.notifier = {
      ...world.deps.notifier,
      send: async (...args) => {
        most = Math.max(most, (inFlight += 1));
        // A round trip: the other workers start theirs meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        await send(...args);
        inFlight -= 1;
      },
    };
    const result = await world.minute();
    expect(result.messages).toBe(20);
    expect(most).toBe(DESTINATIONS_AT_ONCE);
    expect(told(world).sort()).toEqual(addresses.map((_, n) => `storm-${n}`).sort());
  });

  it('the run budget and one message begun just before it end within the sender function timeout, and a lease outlasts them', () => {
    const timeoutMs = runtimeOf('notice-sender').timeoutSeconds * 1000;
    expect(RUN_BUDGET_MS + SEND_CUT_MS).toBeLessThan(timeoutMs);
    expect(RUN_BUDGET_MS).toBeGreaterThan(0);
    expect(LEASE_MS).toBeGreaterThan(timeoutMs);
  });

  it('an invocation with less time than its timeout begins its last message early enough that Lambda does not cut its send', () => {
    const timeoutMs = runtimeOf('notice-sender').timeoutSeconds * 1000;
    const start = new Date('2026-12-07T08:00:00Z');
    // A full invocation: the run budget.
    expect(runUntil(start, timeoutMs).getTime() - start.getTime()).toBe(RUN_BUDGET_MS);
    // Any time left: a message begun at the last instant, cut by the notifier, still ends before Lambda cuts the invocation.
    for (const remainingMs of [timeoutMs - 1, 20_000, 14_000, 12_500, 5_000]) {
      const last = runUntil(start, remainingMs).getTime() - start.getTime();
      expect(last + SEND_CUT_MS).toBeLessThan(remainingMs);
    }
  });
});

describe("a bundle's language", () => {
  it('is that of most of its rows; on a tie zh-CN; each row keeps its own subject', async () => {
    expect(bundleLang([{ lang: 'en' }, { lang: 'zh-CN' }, { lang: 'en' }])).toBe('en');
    expect(bundleLang([{ lang: 'zh-CN' }, { lang: 'en' }, { lang: 'en' }, { lang: 'zh-CN' }])).toBe('zh-CN');
    expect(bundleLang([{ lang: 'en' }, { lang: 'zh-CN' }])).toBe('zh-CN');
    expect(bundleLang([{}, { lang: 'en' }, {}])).toBe('zh-CN');

    const world = makeWorld();
    world.write({ escalationId: 'esc-zh', recipient: MAIL });
    for (const id of ['esc-en-1', 'esc-en-2']) world.write({ escalationId: id, recipient: MAIL }, { content: content(id, { lang: 'en' }) });
    await world.stream(MAIL);
    expect(world.posts).toHaveLength(1);
    expect(world.posts[0]!.content.lang).toBe('en');
    expect(world.posts[0]!.content.subject).toBe('[Digest] 3 notices');
    expect(subjectsOf(world.posts[0]!.content).sort()).toEqual(['esc-en-1', 'esc-en-2', 'esc-zh']);
  });
});
