import { randomUUID } from 'node:crypto';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { storedMails } from '../../local/ses';
import { handler as listReadings } from '../../functions/handlers/list-readings';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { handler as rotateToken } from '../../functions/handlers/rotate-token';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { httpEvent, invoke, type EventInput } from '../helpers/events';
import { lambdaContext } from '../../local/lambda';
import { useFreshTable } from '../helpers/table';
import { resetConfig } from '../../functions/runtime/config';

const ROUTE = 'POST /checkpoints/{checkpointId}/readings';
let db: { tableName: string; client: DynamoDBClient };
let token: string;
let otherToken: string;

const reading = (overrides: Record<string, unknown> = {}) => ({
  submissionId: randomUUID(),
  officer: '张三',
  screened: 120,
  entries: 61,
  exits: 59,
  feverCount: 1,
  maxTempC: 37.8,
  feverCases: [{ tempC: 37.8, direction: 'in', note: '已送发热门诊' }],
  staffOnDuty: 5,
  ...overrides,
});

const post = (checkpointId: string, input: Partial<EventInput>) =>
  invoke(postReading, { routeKey: ROUTE, pathParameters: { checkpointId }, ...input });

const items = async () => {
  const result = await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }));
  return (result.Items ?? []).map((item) => unmarshall(item));
};
const itemsLike = async (prefix: string, checkpointId: string) =>
  (await items()).filter((item) => item.pk === `CHECKPOINT#${checkpointId}` && String(item.sk).startsWith(prefix));

beforeAll(async () => {
  db = await useFreshTable();
  await registerCommunity();
  ({ token } = await registerCheckpoint('gate-1'));
  ({ token: otherToken } = await registerCheckpoint('gate-2'));
});

describe('posting a reading', () => {
  it('stores it and answers with its slot and the next deadline', async () => {
    const body = reading();
    const answer = await post('gate-1', { token, body });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ checkpointId: 'gate-1', readingId: expect.any(String), slot: { start: expect.any(String), end: expect.any(String) } });
    expect(Date.parse(answer.json.nextDeadline)).toBeGreaterThan(Date.now());
    const stored = await itemsLike('READING#', 'gate-1');
    expect(stored.map((item) => item.submissionId)).toContain(body.submissionId);
  });

  it('answers a replay of the same submission with 200 and the same response, storing one reading', async () => {
    const body = reading();
    const first = await post('gate-1', { token, body });
    const before = await items();
    const again = await post('gate-1', { token, body: { ...body } });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(await items()).toEqual(before);
  });

  it('refuses the same submission id with another body (409) and changes nothing', async () => {
    const body = reading();
    await post('gate-1', { token, body });
    const before = await items();
    const answer = await post('gate-1', { token, body: { ...body, screened: 999 } });
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('conflict');
    expect(await items()).toEqual(before);
  });

  it('stores exactly one reading and counts it once when 50 identical posts arrive at once', async () => {
    await registerCheckpoint('gate-burst');
    const { token: burstToken } = await registerCheckpoint('gate-burst-2');
    const body = reading();
    const answers = await Promise.all(Array.from({ length: 50 }, () => post('gate-burst-2', { token: burstToken, body })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect(await itemsLike('READING#', 'gate-burst-2')).toHaveLength(1);
    const [day] = await itemsLike('DAY#', 'gate-burst-2');
    expect(day).toMatchObject({ readings: 1, screened: 120, feverCount: 1 });
  });

  it('keeps every reading when different submissions for one checkpoint race', async () => {
    const { token: raceToken } = await registerCheckpoint('gate-race');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post('gate-race', { token: raceToken, body: reading({ screened: i + 1 }) })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const [day] = await itemsLike('DAY#', 'gate-race');
    expect(day!.readings).toBe(12);
    expect(day!.screened).toBe((12 * 13) / 2);
    expect(day!.onTimeSlots?.size ?? 0) .toBeLessThanOrEqual(2);
  });

  it('keeps day counters from which a summary can be built without reading readings', async () => {
    const { token: dayToken } = await registerCheckpoint('gate-day');
    await post('gate-day', { token: dayToken, body: reading({ screened: 10, maxTempC: 37.5, feverCases: [{ tempC: 37.5, direction: 'out' }] }) });
    await post('gate-day', { token: dayToken, body: reading({ screened: 5, feverCount: 0, feverCases: [], maxTempC: 36.6, staffOnDuty: 7 }) });
    const [day] = await itemsLike('DAY#', 'gate-day');
    expect(day).toMatchObject({ readings: 2, screened: 15, feverCount: 1, maxTempC: 37.5, staffSum: 12, staffReadings: 2 });
  });

  it('accepts a form post without JavaScript, with the token in a hidden field', async () => {
    const submissionId = randomUUID();
    const form = new URLSearchParams({
      formToken: token,
      submissionId,
      officer: '007',
      screened: '30',
      entries: '10',
      exits: '12',
      feverCount: '1',
      'feverCases[0].tempC': '38.2',
      'feverCases[0].direction': 'out',
      'feverCases[0].note': '123',
      notes: '',
    });
    const answer = await post('gate-1', { rawBody: form.toString(), base64: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/f\/gate-1\/done\?/);
    const [stored] = (await itemsLike('READING#', 'gate-1')).filter((item) => item.submissionId === submissionId);
    expect(stored).toMatchObject({ officer: '007', screened: 30, feverCases: [{ tempC: 38.2, direction: 'out', note: '123' }] });
  });
});

describe('figures that cannot all be true (the reading rules)', () => {
  it('refuses 9 fevers among 5 screened at feverCount, in Chinese, and stores nothing', async () => {
    const { token: oddToken } = await registerCheckpoint('gate-odd');
    const nine = Array.from({ length: 9 }, () => ({ tempC: 38, direction: 'in' }));
    const answer = await post('gate-odd', { token: oddToken, body: reading({ screened: 5, entries: 2, exits: 3, feverCount: 9, maxTempC: 38, feverCases: nine }) });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json.error.issues).toEqual([{ path: 'feverCount', message: '发热人数不能多于检测人数' }]);
    // A form posted without JavaScript is refused at the same field, on a page.
    const form = new URLSearchParams({ formToken: oddToken, submissionId: randomUUID(), officer: '李四', screened: '5', entries: '2', exits: '3', feverCount: '9' });
    const page = await post('gate-odd', { rawBody: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.status).toBe(400);
    expect(page.text).toContain('<b>发热人数</b>：发热人数不能多于检测人数');
    expect(page.text).not.toContain('feverCount');
    expect(await itemsLike('READING#', 'gate-odd')).toEqual([]);
    expect(await itemsLike('DAY#', 'gate-odd')).toEqual([]);
  });

  it('stores a reading whose figures are only unlikely, and counts it on its day', async () => {
    const { token: oddToken } = await registerCheckpoint('gate-unlikely');
    const plain = reading({ screened: 10, entries: 4, exits: 6, feverCount: 0, feverCases: [], maxTempC: 36.9 });
    expect((await post('gate-unlikely', { token: oddToken, body: plain })).status).toBe(201);
    const [before] = await itemsLike('DAY#', 'gate-unlikely');
    expect(before?.unlikelyReadings).toBeUndefined();
    const crossings = reading({ screened: 10, entries: 7, exits: 6, feverCount: 0, feverCases: [], maxTempC: 36.9 });
    expect((await post('gate-unlikely', { token: oddToken, body: crossings })).status).toBe(201);
    const [day] = await itemsLike('DAY#', 'gate-unlikely');
    expect(day).toMatchObject({ readings: 2, unlikelyReadings: 1 });
  });

  it('keeps the run of readings with the same figures on the checkpoint, in the same write: the fourth is counted as copied', async () => {
    const { token: copyToken } = await registerCheckpoint('gate-copy');
    const same = () => reading({ screened: 10, entries: 4, exits: 6, feverCount: 0, feverCases: [], maxTempC: 36.9 });
    const checkpointItem = async () => (await itemsLike('CHECKPOINT', 'gate-copy')).find((item) => item.sk === 'CHECKPOINT');
    for (let i = 0; i < 3; i += 1) expect((await post('gate-copy', { token: copyToken, body: same() })).status).toBe(201);
    expect(await checkpointItem()).toMatchObject({ lastFigures: '10/4/6/0', sameFiguresRun: 3 });
    expect((await itemsLike('DAY#', 'gate-copy'))[0]?.copiedReadings).toBeUndefined();
    expect((await post('gate-copy', { token: copyToken, body: same() })).status).toBe(201);
    expect(await checkpointItem()).toMatchObject({ sameFiguresRun: 4 });
    expect((await itemsLike('DAY#', 'gate-copy'))[0]).toMatchObject({ readings: 4, copiedReadings: 1 });
    // A different figure starts a new run; nothing was refused.
    expect((await post('gate-copy', { token: copyToken, body: reading({ screened: 10, entries: 5, exits: 5, feverCount: 0, feverCases: [], maxTempC: 36.9 }) })).status).toBe(201);
    expect(await checkpointItem()).toMatchObject({ lastFigures: '10/5/5/0', sameFiguresRun: 1 });
  });
});

/** Waits for the next minute when less than the time the posts need is left of this one (one rate window). */
const startOfMinute = async (latestMs: number) => {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > latestMs) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
};

describe('the per-token rate limit', () => {
  afterEach(() => {
    delete process.env.READINGS_PER_MINUTE;
    resetConfig();
  });

  it('answers 429 with Retry-After past the limit, writes nothing, still replays, and leaves other checkpoints alone', async () => {
    process.env.READINGS_PER_MINUTE = '3';
    resetConfig();
    const { token: limitedToken } = await registerCheckpoint('gate-limited');
    const { token: neighbourToken } = await registerCheckpoint('gate-limited-neighbour');
    await startOfMinute(50_000);
    const first = reading();
    const accepted = [];
    for (const body of [first, reading(), reading()]) accepted.push((await post('gate-limited', { token: limitedToken, body })).status);
    expect(accepted).toEqual([201, 201, 201]);
    const before = await items();

    const refused = await post('gate-limited', { token: limitedToken, body: reading() });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('too_many_requests');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await items()).toEqual(before);

    const replayed = await post('gate-limited', { token: limitedToken, body: first });
    expect(replayed.status).toBe(200);
    expect((await post('gate-limited-neighbour', { token: neighbourToken, body: reading() })).status).toBe(201);
  });

  it('counts readings posted at once exactly: 10 concurrent posts at a limit of 4 store 4', async () => {
    process.env.READINGS_PER_MINUTE = '4';
    resetConfig();
    const { token: burstToken } = await registerCheckpoint('gate-limited-burst');
    await startOfMinute(45_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('gate-limited-burst', { token: burstToken, body: reading() })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(6);
    expect(await itemsLike('READING#', 'gate-limited-burst')).toHaveLength(4);
  });
});

interface Posted {
  status: number;
  headers: Record<string, string>;
  json: any;
}

/** Posts as Lambda runs the post-reading function: with its own time, or with less where given. */
const postAsLambda = async (checkpointId: string, token: string, body: unknown, timeoutSeconds?: number): Promise<Posted> => {
  const context = timeoutSeconds === undefined ? lambdaContext('post-reading') : lambdaContext('post-reading', { timeoutSeconds, memoryMB: 512 });
  const result = await postReading(httpEvent({ routeKey: ROUTE, pathParameters: { checkpointId }, token, body }), context);
  return { status: result.statusCode ?? 0, headers: (result.headers ?? {}) as Record<string, string>, json: JSON.parse(result.body ?? '{}') };
};

/** Until the checkpoint's stored readings stop changing: writes an answer left running have ended. */
const settled = async (checkpointId: string) => {
  let last = -1;
  for (let i = 0; i < 60; i += 1) {
    const count = (await itemsLike('READING#', checkpointId)).length;
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
};

/**
 * Posts the readings at once (the first time with `firstTimeoutSeconds` of the function's time, if
 * given), then, as the form does, sends each one answered 503 again unchanged — the same submissionId —
 * until every one has its receipt. Each reading's answers, in order.
 */
const burstUntilStored = async (checkpointId: string, token: string, bodies: { submissionId: string }[], firstTimeoutSeconds?: number): Promise<Posted[][]> => {
  const answers: Posted[][] = bodies.map(() => []);
  let pending = bodies.map((_, i) => i);
  for (let round = 0; pending.length > 0 && round < 40; round += 1) {
    const got = await Promise.all(pending.map((i) => postAsLambda(checkpointId, token, bodies[i], round === 0 ? firstTimeoutSeconds : undefined)));
    got.forEach((answer, k) => {
      const before = answers[pending[k]!]!.at(-1);
      // Checked as it comes, so that an untrue 503 fails the test at once (expectTruthfulBurst says why).
      if (before && String(before.json.error?.message).includes('nothing was stored')) expect(answer.status, `a 503 said "${before.json.error.message}", the same sent again was already stored`).not.toBe(200);
      answers[pending[k]!]!.push(answer);
    });
    pending = pending.filter((_, k) => got[k]!.status === 503);
    if (pending.length === 0) break;
    await settled(checkpointId);
    // A 503 that said nothing was stored: its reading is not stored before it is sent again.
    const stored = new Set((await itemsLike('READING#', checkpointId)).map((item) => item.submissionId as string));
    for (const i of pending) {
      const said = answers[i]!.at(-1)!.json.error?.message as string;
      if (said.includes('nothing was stored')) expect(stored.has(bodies[i]!.submissionId), `a 503 said "${said}", and the reading was stored`).toBe(false);
    }
  }
  return answers;
};

/**
 * The rule a 503 must keep, on every answer of a burst: one that says nothing was stored is true — its
 * reading is not stored when the writes under way have ended, and the same sent again is not "already
 * stored" (200): both checked as the answers come (burstUntilStored). Never a 409 (the form would drop a reading it can still deliver) or a 500;
 * every 503 with Retry-After; in the end every reading stored exactly once.
 */
const expectTruthfulBurst = async (checkpointId: string, bodies: { submissionId: string; screened: number }[], answers: Posted[][]) => {
  const stored = await itemsLike('READING#', checkpointId);
  const said: string[] = [];
  answers.forEach((each) => {
    each.forEach((answer) => {
      expect([200, 201, 503]).toContain(answer.status);
      if (answer.status !== 503) return;
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      said.push(`${answer.json.error.code}: ${answer.json.error.message}`);
    });
    expect([200, 201], 'every reading has its receipt in the end').toContain(each.at(-1)!.status);
  });
  console.info(`${bodies.length} readings at once: ${answers.map((each) => each.length).reduce((a, b) => a + b, 0)} posts; the 503s said:`, JSON.stringify([...new Set(said)]));
  expect(stored).toHaveLength(bodies.length);
  const [day] = await itemsLike('DAY#', checkpointId);
  expect(day).toMatchObject({ readings: bodies.length, screened: bodies.reduce((sum, body) => sum + body.screened, 0) });
};

describe('a burst at one checkpoint', () => {
  afterEach(() => {
    delete process.env.READINGS_PER_MINUTE;
    resetConfig();
  });

  it('stores 100 distinct readings posted at once, each exactly once, however fast the machine: what is not stored in time is answered 503 and sent again', { timeout: 300_000 }, async () => {
    process.env.READINGS_PER_MINUTE = '1000';
    resetConfig();
    const { token: burstToken } = await registerCheckpoint('gate-burst-100');
    const bodies = Array.from({ length: 100 }, (_, i) => reading({ screened: i + 1 }));
    const answers = await burstUntilStored('gate-burst-100', burstToken, bodies);
    await expectTruthfulBurst('gate-burst-100', bodies, answers);
  });

  it('says nothing was stored only when nothing was: 40 at once with a fifth of a second of the function\'s time', { timeout: 300_000 }, async () => {
    process.env.READINGS_PER_MINUTE = '1000';
    resetConfig();
    const { token: burstToken } = await registerCheckpoint('gate-burst-short');
    const bodies = Array.from({ length: 40 }, (_, i) => reading({ screened: i + 1 }));
    const answers = await burstUntilStored('gate-burst-short', burstToken, bodies, 0.2);
    // Forty writes under one checkpoint's version lock: one wins each round, so some must wait, on any machine.
    expect(answers.some((each) => each[0]!.status === 503)).toBe(true);
    await expectTruthfulBurst('gate-burst-short', bodies, answers);
  });

  it('answers 429 past the limit under concurrency too: 90 at once at a limit of 60 store exactly 60', { timeout: 120_000 }, async () => {
    process.env.READINGS_PER_MINUTE = '60';
    resetConfig();
    const { token: burstToken } = await registerCheckpoint('gate-burst-90');
    await startOfMinute(30_000);
    // Each sent again unchanged while answered 503, as the form does: a slow machine answers more of them busy first.
    const untilAnswered = async (body: ReturnType<typeof reading>) => {
      let answer = await post('gate-burst-90', { token: burstToken, body });
      for (let again = 0; answer.status === 503 && again < 30; again += 1) answer = await post('gate-burst-90', { token: burstToken, body });
      return answer;
    };
    const answers = await Promise.all(Array.from({ length: 90 }, () => untilAnswered(reading())));
    expect(answers.filter((a) => a.status === 201 || a.status === 200)).toHaveLength(60);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30);
    expect(await itemsLike('READING#', 'gate-burst-90')).toHaveLength(60);
  });

  it('hands out only tokens that work until the next rotation when ten rotations race', async () => {
    const { token: first } = await registerCheckpoint('gate-rotate-race');
    const before = (await itemsLike('CHECKPOINT', 'gate-rotate-race'))[0]!.tokenVersion as number;
    const route = { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: { checkpointId: 'gate-rotate-race' }, admin: true };
    const answers = await Promise.all(Array.from({ length: 10 }, () => invoke(rotateToken, route)));
    const handedOut = answers.filter((a) => a.status === 200).map((a) => a.json.formToken as string);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    // Each token handed out was the current one once: as many rotations happened as tokens were given.
    const after = (await itemsLike('CHECKPOINT', 'gate-rotate-race'))[0]!.tokenVersion as number;
    expect(after - before).toBe(handedOut.length);
    expect(new Set(handedOut).size).toBe(handedOut.length);
    const works = await Promise.all([first, ...handedOut].map(async (t) => (await post('gate-rotate-race', { token: t, body: reading() })).status === 201));
    expect(works.filter(Boolean)).toHaveLength(1);
  });
});

describe('a flood of fever readings', () => {
  it('opens one fever alert for the gate, its cases every fever stored, and mails nothing itself: the alert is told by its flow and the one sender; the rate limit stops the flood', async () => {
    await registerCommunity('flood');
    const { token: feverToken } = await registerCheckpoint('gate-fever-flood', { communityId: 'flood' });
    // The SES emulator is shared by the whole run: count the mails that are about this checkpoint or
    // to anyone its readings could reach (its leader, its community's officials).
    const about = async () =>
      (await storedMails(inject('sesEndpoint'))).filter(
        (mail) =>
          `${mail.subject}\n${mail.body.text ?? ''}`.includes('gate-fever-flood') ||
          mail.destination.to.some((to) => ['leader.gate-fever-flood@example.org', 'secretary.flood@example.org', 'committee.flood@example.org'].includes(to)),
      ).length;
    const before = await about();
    await startOfMinute(45_000);
    const answers = [];
    for (let batch = 0; batch < 15; batch += 1) {
      const fevers = () => reading({ feverCount: 1, maxTempC: 39.5, feverCases: [{ tempC: 39.5, direction: 'in' }] });
      answers.push(...(await Promise.all(Array.from({ length: 10 }, () => post('gate-fever-flood', { token: feverToken, body: fevers() })))));
    }
    expect(answers.filter((a) => a.status === 201)).toHaveLength(60);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(90);
    // One alert for the gate (fevers within its window join it), with one case for each fever stored.
    const [gate] = await itemsLike('CHECKPOINT', 'gate-fever-flood');
    const alerts = (await items()).filter((item) => item.sk === 'ESCALATION' && item.checkpointId === 'gate-fever-flood');
    expect(alerts.map((alert) => alert.escalationId)).toEqual([gate!.feverAlertId]);
    expect(alerts[0]!.cases).toHaveLength(60);
    // The reading's function writes; it sends nothing (no flow or sender runs in this file).
    expect(await about()).toBe(before);
  });
});

describe('refusing a reading changes nothing', () => {
  const refusals: [string, Partial<EventInput>, number, string][] = [
    ['no token', { body: reading() }, 401, 'unauthorized'],
    ['a wrong token', { token: 'gate-1.not-the-secret', body: reading() }, 401, 'unauthorized'],
    ['a token with no checkpoint in it', { token: 'garbage', body: reading() }, 401, 'unauthorized'],
    ['an unknown field', { body: { ...reading(), extra: 1 } }, 400, 'invalid_request'],
    ['a temperature out of range', { body: reading({ maxTempC: 45 }) }, 400, 'invalid_request'],
    ['fewer fever cases than feverCount', { body: reading({ feverCount: 2 }) }, 400, 'invalid_request'],
    ['a negative count', { body: reading({ screened: -1 }) }, 400, 'invalid_request'],
    ['a count as a string', { body: reading({ screened: '12' }) }, 400, 'invalid_request'],
    ['a submission id that is not a UUID', { body: reading({ submissionId: 'abc' }) }, 400, 'invalid_request'],
    ['an observation in the future', { body: reading({ observedAt: new Date(Date.now() + 3_600_000).toISOString() }) }, 400, 'invalid_request'],
    ['text/plain', { rawBody: JSON.stringify(reading()), headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
    ['a body over 16 KiB', { body: reading({ notes: 'x'.repeat(17_000) }) }, 413, 'payload_too_large'],
    ['invalid JSON', { rawBody: '{"submissionId":', headers: { 'content-type': 'application/json' } }, 400, 'invalid_request'],
    ['invalid UTF-8', { rawBody: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1'), base64: false, headers: { 'content-type': 'application/json' } }, 400, 'invalid_request'],
    ['a __proto__ key', { rawBody: `{"__proto__":{"admin":true},${JSON.stringify(reading()).slice(1)}`, headers: { 'content-type': 'application/json' } }, 400, 'invalid_request'],
  ];

  it.each(refusals)('%s', async (_name, input, status, code) => {
    const before = await items();
    const answer = await post('gate-1', { token, ...input, ...(input.token && { token: input.token }) , ...(_name === 'no token' && { token: undefined }) });
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    if (status === 400 && code === 'invalid_request') expect(answer.json.error.issues?.length ?? 0).toBeGreaterThan(0);
    expect(await items()).toEqual(before);
  });

  it('answers 403 to a token of another checkpoint, whatever the body', async () => {
    const before = await items();
    for (const body of [reading(), { nonsense: true }]) {
      const answer = await post('gate-1', { token: otherToken, body });
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe('forbidden');
    }
    expect(await items()).toEqual(before);
  });

  it('stops taking the old token once it is rotated', async () => {
    const { token: oldToken } = await registerCheckpoint('gate-rotate');
    const rotated = await invoke(rotateToken, { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: { checkpointId: 'gate-rotate' }, admin: true });
    expect(rotated.status).toBe(200);
    expect(rotated.json.formToken).not.toBe(oldToken);
    expect((await post('gate-rotate', { token: oldToken, body: reading() })).status).toBe(401);
    expect((await post('gate-rotate', { token: rotated.json.formToken, body: reading() })).status).toBe(201);
  });
});

describe('listing readings', () => {
  it('pages through today\'s readings with an opaque cursor', async () => {
    const { token: pageToken } = await registerCheckpoint('gate-pages');
    for (let i = 0; i < 5; i += 1) await post('gate-pages', { token: pageToken, body: reading({ screened: i, entries: 0, exits: 0, feverCount: 0, feverCases: [], maxTempC: 36.6 }) });
    const route = 'GET /checkpoints/{checkpointId}/readings';
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await invoke(listReadings, { routeKey: route, pathParameters: { checkpointId: 'gate-pages' }, admin: true, query: { limit: '2', ...(cursor && { cursor }) } });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      expect(page.json.items[0]?.fingerprint).toBeUndefined();
      seen.push(...page.json.items.map((item: { screened: number }) => item.screened));
      cursor = page.json.next;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a cursor that is not its own', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'CHECKPOINT#gate-1', sk: 'x', lsi1sk: 'R#' })).toString('base64url');
    const answer = await invoke(listReadings, { routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-pages' }, admin: true, query: { cursor: forged } });
    expect(answer.status).toBe(400);
  });

  it('needs the admin key', async () => {
    const answer = await invoke(listReadings, { routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-1' }, token });
    expect(answer.status).toBe(401);
  });
});
