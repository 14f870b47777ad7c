/**
 * The one sender, from its rule (docs/delivery.md): what is due for a destination goes as one message
 * — a row alone in its own words, several as a bundle listing each (20 a message at most) — within the
 * address's hourly cap (what is over it goes together in the next hour: the digest; a day's summary is
 * not capped); recorded on each row: sent, refused for good (failed, never tried again), or not taken
 * now (tried again after a backoff, or the service's Retry-After when longer, until it is given up:
 * failed and dead-lettered). Every row is sent at least once, and twice only when its sender dies
 * between the send and the record. On the fakes, with a frozen clock.
 */
import { describe, expect, it } from 'vitest';
import { runtimeOf } from '../../../functions/function-env';
import { DeliveryDeferred, DeliveryRefused } from '../../../functions/domain/delivery/notifier-port';
import { eventIdOf } from '../../../functions/domain/delivery/event-ids';
import { GIVE_UP_AFTER_MS, LEASE_MS, MAX_ATTEMPTS, sendTo, type NoticeRows } from '../../../functions/domain/delivery/sender';
import { wantedBy } from '../../../functions/domain/delivery/wanted';
import { groupSubject } from '../../../functions/domain/escalation/groups';
import type { Checkpoint, Escalation } from '../../../functions/domain/model';
import { content, makeWorld, MINUTE, subjectsOf, type World } from './world';

const MAIL = 'leader@example.org';

/** Minute runs until nothing is waiting, at most `runs`; returns how many it took. */
const drain = async (world: World, runs = 200): Promise<number> => {
  for (let run = 1; run <= runs; run += 1) {
    world.advance(MINUTE);
    await world.minute();
    if ((await world.rows.waiting(MAIL, 1000)).length === 0 && world.rows.all().every((row) => row.outcome !== 'pending' && row.outcome !== 'sending')) return run;
  }
  return runs;
};

class Killed extends Error {}

/** The rows port with one method made to fail (once, or always) after or instead of doing its work. */
const failing = (rows: NoticeRows, method: keyof NoticeRows, how: { after?: boolean; times?: number; error?: () => Error }): NoticeRows => {
  let left = how.times ?? 1;
  const wrapped = { ...rows, waiting: rows.waiting.bind(rows), due: rows.due.bind(rows), claim: rows.claim.bind(rows), settle: rows.settle.bind(rows), postpone: rows.postpone.bind(rows) };
  const real = wrapped[method] as (...args: unknown[]) => Promise<unknown>;
  (wrapped as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (left <= 0) return real(...args);
    left -= 1;
    const error = how.error?.() ?? new Killed('the sender died here');
    if (how.after) await real(...args);
    throw error;
  };
  return wrapped;
};

describe('one message per destination', () => {
  it('sends a row alone in its own words, with its own event id, and records it sent', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });

    const result = await world.stream(MAIL);

    expect(world.posts).toHaveLength(1);
    expect(world.posts[0]!.content).toEqual(content('esc-1'));
    expect(world.posts[0]!.eventId).toBe(eventIdOf(notice));
    expect(world.row(notice)).toMatchObject({ outcome: 'sent', sentAt: world.now().toISOString() });
    expect(world.row(notice).via).toBeUndefined();
    expect(result).toMatchObject({ messages: 1, sent: 1, waiting: 0 });
  });

  it('sends five rows waiting for one group as one message listing the five, each with its link', async () => {
    const world = makeWorld();
    const group = world.group('zhihui');
    const notices = [1, 2, 3, 4, 5].map((n) => world.write({ escalationId: `esc-${n}`, recipient: group }));

    await world.stream(group);

    expect(world.posts).toHaveLength(1);
    const [post] = world.posts;
    expect(post!.to).toMatchObject({ medium: 'chat', address: group });
    expect(subjectsOf(post!.content).sort()).toEqual(['esc-1', 'esc-2', 'esc-3', 'esc-4', 'esc-5']);
    expect(JSON.stringify(post!.content.lines)).toContain('https://api.test/ack/esc-3');
    expect(post!.content.subject).toContain('5');
    for (const notice of notices) expect(world.row(notice)).toMatchObject({ outcome: 'sent', via: 'bundle' });
  });

  it('lists at most 20 rows a message: 45 waiting go as 20, 20 and 5 in the same run', async () => {
    const world = makeWorld();
    for (let n = 1; n <= 45; n += 1) world.write({ escalationId: `esc-${String(n).padStart(2, '0')}`, recipient: MAIL });

    await world.stream(MAIL);

    expect(world.posts.map((post) => subjectsOf(post.content).length)).toEqual([20, 20, 5]);
    expect(world.posts.flatMap((post) => subjectsOf(post.content)).sort()).toEqual(Array.from({ length: 45 }, (_, i) => `esc-${String(i + 1).padStart(2, '0')}`));
  });

  it('sends a day summary on its own beside the alerts waiting for the same address', async () => {
    const world = makeWorld();
    world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.write({ escalationId: 'esc-2', recipient: MAIL });
    world.write({ escalationId: 'summary-2026-11-30-run-x-yuyue', kind: 'summary', level: 0, recipient: MAIL });

    await world.stream(MAIL);

    expect(world.posts.map((post) => subjectsOf(post.content).sort())).toEqual([['summary-2026-11-30-run-x-yuyue'], ['esc-1', 'esc-2']]);
  });

  it('two senders at once for one destination send each row once', async () => {
    const world = makeWorld();
    for (let n = 1; n <= 3; n += 1) world.write({ escalationId: `esc-${n}`, recipient: MAIL });

    await Promise.all([world.stream(MAIL), world.stream(MAIL), world.minute()]);

    expect(world.posts.flatMap((post) => subjectsOf(post.content)).sort()).toEqual(['esc-1', 'esc-2', 'esc-3']);
  });
});

describe('the hourly cap', () => {
  it('sends what is over the cap together in the next hour (the digest), and a day summary at once', async () => {
    const world = makeWorld('2026-12-01T08:00:00.000Z');
    world.deps.limits = { noticesPerHour: 3 };
    // One escalation a minute, each told alone as it comes.
    for (let n = 1; n <= 10; n += 1) {
      world.write({ escalationId: `esc-${String(n).padStart(2, '0')}`, recipient: MAIL });
      await world.stream(MAIL);
      await world.minute();
      world.advance(MINUTE);
    }
    world.write({ escalationId: 'summary-2026-11-30-run-x-county', kind: 'summary', level: 0, recipient: MAIL });
    await world.stream(MAIL);

    const inTheHour = world.posts.filter((post) => post.at < Date.parse('2026-12-01T09:00:00.000Z'));
    expect(inTheHour.map((post) => subjectsOf(post.content))).toEqual([['esc-01'], ['esc-02'], ['esc-03'], ['summary-2026-11-30-run-x-county']]);

    world.set('2026-12-01T08:59:59.999Z');
    await world.minute();
    expect(world.posts).toHaveLength(4);
    world.set('2026-12-01T09:00:00.000Z');
    await world.minute();
    expect(world.posts).toHaveLength(5);
    expect(subjectsOf(world.posts[4]!.content)).toEqual(['esc-04', 'esc-05', 'esc-06', 'esc-07', 'esc-08', 'esc-09', 'esc-10']);
    expect(world.rows.all().every((row) => row.outcome === 'sent')).toBe(true);
  });
});

describe('what the service does not take', () => {
  it('a 429 with Retry-After: tried again no sooner than the service asked, then sent once', async () => {
    const world = makeWorld();
    const group = world.group('zhihui', 'wecom');
    const notice = world.write({ escalationId: 'esc-1', recipient: group });
    world.answer = () => {
      world.answer = () => undefined;
      throw new DeliveryDeferred('wecom answered 429', 150);
    };

    const first = await world.stream(group);
    expect(first).toMatchObject({ messages: 0, waiting: 1 });
    const afterAsk = new Date(world.now().getTime() + 150_000).toISOString();
    expect(world.row(notice)).toMatchObject({ outcome: 'pending', attempts: 1, notBefore: afterAsk, error: 'wecom answered 429' });

    for (let run = 0; run < 2; run += 1) {
      world.advance(MINUTE);
      await world.minute();
    }
    expect(world.posts, 'not before the Retry-After').toHaveLength(0);
    world.set(afterAsk);
    await world.minute();
    expect(world.posts).toHaveLength(1);
    await drain(world, 5);
    expect(world.tried).toHaveLength(2);
    expect(world.row(notice)).toMatchObject({ outcome: 'sent' });
  });

  it("DingTalk's ten-minute block: nothing more is posted to the robot for 600 s, then what waited goes in one message", async () => {
    const world = makeWorld();
    const group = world.group('zhihui', 'dingtalk');
    world.write({ escalationId: 'esc-1', recipient: group });
    let blockedUntil = 0;
    world.answer = () => {
      if (world.now().getTime() < blockedUntil) throw new DeliveryDeferred('blocked (posting during the block extends it)', 600);
    };
    blockedUntil = world.now().getTime() + 600_000;
    const blockedAt = world.now().getTime();

    await world.stream(group);
    // Escalations keep coming during the block: each row written wakes the sender.
    for (let n = 2; n <= 6; n += 1) {
      world.advance(MINUTE);
      world.write({ escalationId: `esc-${n}`, recipient: group });
      await world.stream(group);
      await world.minute();
    }
    while (world.now().getTime() < blockedAt + 700_000) {
      world.advance(MINUTE);
      await world.minute();
    }

    expect(world.tried.filter((post) => post.at < blockedAt + 600_000), 'only the post that met the block').toHaveLength(1);
    expect(world.posts).toHaveLength(1);
    expect(world.posts[0]!.at).toBeGreaterThanOrEqual(blockedAt + 600_000);
    expect(subjectsOf(world.posts[0]!.content).sort()).toEqual(['esc-1', 'esc-2', 'esc-3', 'esc-4', 'esc-5', 'esc-6']);
  });

  it('SES refusing a message for good: failed with the reason, never tried again', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.answer = () => {
      throw new DeliveryRefused('SES refused the address (MessageRejected)');
    };

    const result = await world.stream(MAIL);
    await drain(world, 30);

    expect(result).toMatchObject({ failed: 1, deadLettered: 0 });
    expect(world.tried).toHaveLength(1);
    expect(world.row(notice)).toMatchObject({ outcome: 'failed', error: 'SES refused the address (MessageRejected)', attempts: 1 });
    expect(world.row(notice).deadLettered).toBeUndefined();
  });

  it('a service that keeps failing: tried again with a growing backoff, then given up (failed, dead-lettered) after MAX_ATTEMPTS tries, within a day', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.answer = () => {
      throw new Error('connect ECONNRESET');
    };
    const written = world.now().getTime();

    let deadLettered = (await world.stream(MAIL)).deadLettered;
    for (let minute = 0; minute < 26 * 60; minute += 1) {
      world.advance(MINUTE);
      deadLettered += (await world.minute()).deadLettered;
    }

    expect(world.tried).toHaveLength(MAX_ATTEMPTS);
    expect(world.row(notice)).toMatchObject({ outcome: 'failed', deadLettered: true, attempts: MAX_ATTEMPTS, error: 'connect ECONNRESET' });
    expect(deadLettered).toBe(1);
    const gaps = world.tried.slice(1).map((post, i) => post.at - world.tried[i]!.at);
    for (const [i, gap] of gaps.entries()) expect(gap, `the wait before try ${i + 2}`).toBeGreaterThanOrEqual(gaps[i - 1] ?? MINUTE);
    expect(world.tried.at(-1)!.at - written).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
  });

  it('a row still failing a day after it was written is given up at its next try', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.answer = () => {
      throw new DeliveryDeferred('busy', 6 * 3600);
    };
    for (let minute = 0; minute < 25 * 60; minute += 1) {
      await world.minute();
      world.advance(MINUTE);
    }
    expect(world.tried.length).toBeLessThan(MAX_ATTEMPTS);
    expect(world.row(notice)).toMatchObject({ outcome: 'failed', deadLettered: true });
  });
});

describe('a sender that dies, a table that throttles', () => {
  it('killed after claiming, before the send: the minute run after the lease sends it, once', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    const { rows } = world.deps;
    world.deps.rows = failing(rows, 'claim', { after: true });

    await expect(world.stream(MAIL)).rejects.toThrow(Killed);
    expect(world.row(notice).outcome).toBe('sending');
    world.deps.rows = rows;

    const claimedAt = world.now().getTime();
    while (world.now().getTime() + MINUTE <= claimedAt + LEASE_MS) {
      world.advance(MINUTE);
      await world.minute();
    }
    expect(world.posts, 'not while the lease holds').toHaveLength(0);
    await drain(world, 3);
    expect(world.posts).toHaveLength(1);
    expect(world.row(notice).outcome).toBe('sent');
  });

  it('killed after the send, before recording it: sent again once the lease runs out (at least once), and never a third time', async () => {
    const world = makeWorld();
    const notice = world.write({ escalationId: 'esc-1', recipient: MAIL });
    const { rows } = world.deps;
    world.deps.rows = failing(rows, 'settle', {});

    await expect(world.stream(MAIL)).rejects.toThrow(Killed);
    expect(world.posts).toHaveLength(1);
    world.deps.rows = rows;
    await drain(world, 10);
    for (let run = 0; run < 10; run += 1) {
      world.advance(MINUTE);
      await world.minute();
    }

    expect(world.posts).toHaveLength(2);
    expect(world.posts[1]!.eventId, 'the same event id: a receiver can tell it had it').toBe(world.posts[0]!.eventId);
    expect(world.row(notice).outcome).toBe('sent');
  });

  it('the table throttling: the run throws, the rows stay pending, and the next run sends each once', async () => {
    const world = makeWorld();
    const notices = [1, 2].map((n) => world.write({ escalationId: `esc-${n}`, recipient: MAIL }));
    const throttled = () => Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
    const { rows } = world.deps;

    world.deps.rows = failing(rows, 'waiting', { error: throttled });
    await expect(world.stream(MAIL)).rejects.toThrow('allowed throughput');
    world.deps.rows = failing(rows, 'claim', { error: throttled });
    await expect(world.minute()).rejects.toThrow('allowed throughput');
    for (const notice of notices) expect(world.row(notice).outcome).toBe('pending');
    expect(world.posts).toHaveLength(0);

    world.deps.rows = rows;
    world.advance(MINUTE);
    await world.minute();
    await drain(world, 3);
    expect(world.posts.flatMap((post) => subjectsOf(post.content)).sort()).toEqual(['esc-1', 'esc-2']);
  });

  it('one destination whose rows cannot be read does not keep the others from theirs in the minute run, which throws after', async () => {
    const world = makeWorld();
    world.write({ escalationId: 'esc-1', recipient: MAIL });
    world.write({ escalationId: 'esc-2', recipient: 'secretary@example.org' });
    const { rows } = world.deps;
    const waiting = rows.waiting.bind(rows);
    world.deps.rows = { ...failing(rows, 'claim', { times: 0 }), waiting: async (to, limit) => { if (to === MAIL) throw new Error("throttled"); return waiting(to, limit); } };

    await expect(world.minute()).rejects.toThrow('throttled');
    expect(world.to('secretary@example.org')).toHaveLength(1);
  });
});

describe('rows no longer true, destinations gone', () => {
  it('a channel removed: its rows are failed, with the reason', async () => {
    const world = makeWorld();
    const group = world.group('zhihui');
    const notices = [1, 2].map((n) => world.write({ escalationId: `esc-${n}`, recipient: group }));
    world.removeGroup('zhihui');

    const result = await world.stream(group);

    expect(result).toMatchObject({ failed: 2, messages: 0 });
    for (const notice of notices) expect(world.row(notice)).toMatchObject({ outcome: 'failed', error: 'the channel is no longer registered' });
    expect(world.tried).toHaveLength(0);
  });

  describe("a level row when its turn comes (wanted: its escalation still open, its checkpoint silent and not paused since the deadline it missed)", () => {
    const missed = '2026-12-01T07:45:00.000Z';
    const escalation = (status: Escalation['status']) => ({ escalationId: 'esc-1', checkpointId: 'gate-1', status, missedDeadline: missed }) as Escalation;
    const checkpoint = (overrides: Partial<Checkpoint> = {}) => ({ checkpointId: 'gate-1', pauses: [], ...overrides }) as Checkpoint;
    const cases: [string, Escalation, Checkpoint, 'sent' | 'skipped'][] = [
      ['open, the checkpoint silent', escalation('open'), checkpoint({ lastReadingAt: '2026-12-01T07:00:00.000Z' }), 'sent'],
      ['resolved', escalation('resolved'), checkpoint(), 'skipped'],
      ['acknowledged', escalation('acknowledged'), checkpoint(), 'skipped'],
      ['ended unresolved', escalation('unresolved'), checkpoint(), 'skipped'],
      ['open, but the checkpoint reported since', escalation('open'), checkpoint({ lastReadingAt: '2026-12-01T07:50:00.000Z' }), 'skipped'],
      ['open, but the checkpoint was paused since', escalation('open'), checkpoint({ pauses: [{ from: '2026-12-01T07:40:00.000Z' } as Checkpoint['pauses'][number]] }), 'skipped'],
    ];
    it.each(cases)('%s: %s', async (_, stored, gate, outcome) => {
      const world = makeWorld();
      world.deps.wanted = wantedBy({ escalation: async (id) => (id === stored.escalationId ? stored : undefined), checkpoint: async (id) => (id === gate.checkpointId ? gate : undefined) });
      const level = world.write({ escalationId: 'esc-1', recipient: MAIL });
      const told = world.write({ escalationId: 'esc-1', kind: 'resolution', level: 0, recipient: MAIL });

      await world.stream(MAIL);

      expect(world.row(level).outcome).toBe(outcome);
      expect(world.row(told).outcome, 'what tells of the change is always sent').toBe('sent');
    });

    it("an alert group's shared row (its subject the group, which is no escalation) is sent", async () => {
      const world = makeWorld();
      world.deps.wanted = wantedBy({ escalation: async () => undefined, checkpoint: async () => undefined });
      const shared = world.write({ escalationId: groupSubject('g1'), recipient: MAIL });

      await world.stream(MAIL);

      expect(world.row(shared).outcome).toBe('sent');
    });
  });
});

describe('the lease', () => {
  it('is longer than the sender function may run, so that a live sender never loses its claim', () => {
    expect(LEASE_MS).toBeGreaterThan(runtimeOf('notice-sender').timeoutSeconds * 1000);
  });

  it('runs out soon enough for the next minute runs to take the row up', () => {
    expect(LEASE_MS).toBeLessThanOrEqual(5 * MINUTE);
  });
});

describe('sendTo', () => {
  it('is a no-op for a destination with nothing due', async () => {
    const world = makeWorld();
    world.write({ escalationId: 'esc-1', recipient: MAIL }, { notBefore: '2026-12-01T09:00:00.000Z' });
    expect(await sendTo(world.deps, MAIL)).toEqual({ messages: 0, sent: 0, skipped: 0, failed: 0, deadLettered: 0, waiting: 0 });
  });
});
