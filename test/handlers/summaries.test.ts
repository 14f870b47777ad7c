import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as getSummary } from '../../functions/handlers/get-summary';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { sendDue } from '../../functions/domain/delivery/sender';
import { senderDeps } from '../../functions/runtime/deps';
import { storedMails } from '../../local/ses';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

/** Only Date is faked: timers, and so the SDK's sockets, run as usual. */
const at = (iso: string) => vi.setSystemTime(new Date(iso));

const reading = (checkpointId: string, token: string, figures: Record<string, unknown> = {}) =>
  invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId },
    token,
    body: { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 6, exits: 4, feverCount: 0, staffOnDuty: 4, ...figures },
  });

beforeAll(async () => {
  await useFreshTable();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('building a day from readings posted through the API', () => {
  it('counts the readings stored with unlikely figures (a rule that only warns), in the JSON and the CSV', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-11-23T00:30:00Z');
    await registerCommunity('sumodd');
    const { token } = await registerCheckpoint('odd-gate', { communityId: 'sumodd' });
    at('2026-11-23T02:30:00Z');
    expect((await reading('odd-gate', token, { screened: 10, entries: 6, exits: 4 })).status).toBe(201);
    // More going in and out than were screened; a fever's temperature with no fever counted: stored, both.
    expect((await reading('odd-gate', token, { screened: 10, entries: 8, exits: 5 })).status).toBe(201);
    expect((await reading('odd-gate', token, { screened: 10, maxTempC: 37.6 })).status).toBe(201);
    // Nine fevers among five screened is refused, and so not counted at all.
    expect((await reading('odd-gate', token, { screened: 5, feverCount: 9 })).status).toBe(400);

    at('2026-11-23T16:20:00Z');
    const built = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-11-23' }, admin: true });
    expect(built.status, built.text).toBe(200);
    expect(built.json.checkpoints.find((c: { checkpointId: string }) => c.checkpointId === 'odd-gate')).toMatchObject({ readings: 3, unlikelyReadings: 2, screened: 30 });
    expect(built.json.communities.find((c: { communityId: string }) => c.communityId === 'sumodd')).toMatchObject({ unlikelyReadings: 2 });
    expect(built.json.county.unlikelyReadings).toBeGreaterThanOrEqual(2);
    const csv = await invoke(getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: '2026-11-23' }, admin: true, query: { communityId: 'sumodd', format: 'csv' } });
    const [header, row] = csv.text.replace('\uFEFF', '').trim().split('\r\n') as [string, string];
    expect(Object.fromEntries(header.split(',').map((name, i) => [name, row.split(',')[i]]))).toMatchObject({ checkpointId: 'odd-gate', readings: '3', unlikelyReadings: '2' });
  });

  it('gives the same figures in the JSON, the CSV and the mail (written as a row by the build, mailed by the sender)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-11-20T00:30:00Z'); // 08:30 in Shanghai: the first expected slot is 10:00–12:00
    await registerCommunity('sumday');
    const { token } = await registerCheckpoint('sum-gate', { communityId: 'sumday' });

    at('2026-11-20T02:30:00Z'); // 10:30: slot 10 on time
    expect((await reading('sum-gate', token, { screened: 100, maxTempC: 36.8 })).status).toBe(201);
    at('2026-11-20T04:10:00Z'); // 12:10: slot 10 is filled, so slot 12, on time
    await reading('sum-gate', token, { screened: 50, feverCount: 1, maxTempC: 38.2, feverCases: [{ tempC: 38.2, direction: 'in' }] });
    at('2026-11-20T08:05:00Z'); // 16:05: slot 14 empty and in its grace: late for 14
    await reading('sum-gate', token, { screened: 20, staffOnDuty: 6 });
    at('2026-11-20T08:30:00Z'); // 16:30: slot 16, on time
    await reading('sum-gate', token, { screened: 30 });
    // Slots 18, 20 and 22 stay empty.

    at('2026-11-20T16:20:00Z'); // 00:20 the next day: the day and its last grace are over
    const built = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-11-20' }, admin: true, query: { notify: 'true' } });
    expect(built.status).toBe(200);
    expect((await storedMails(inject('sesEndpoint'))).filter((m) => m.destination.to.includes('committee.sumday@example.org')), 'nothing mailed by the build itself').toHaveLength(0);
    await sendDue(senderDeps());
    // 7 expected (10 to 22); on time 10, 12, 16; late 14; missed 18, 20, 22.
    const expected = { expected: 7, onTime: 3, late: 1, missed: 3, completeness: 0.5714, timeliness: 0.4286, readings: 4, screened: 200, feverCount: 1, maxTempC: 38.2, staffOnDutyMean: 4.5 };
    expect(built.json.partial).toBe(false);
    expect(built.json.communities.find((c: { communityId: string }) => c.communityId === 'sumday')).toMatchObject(expected);

    const stored = await invoke(getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: '2026-11-20' }, admin: true, query: { communityId: 'sumday' } });
    expect(stored.status).toBe(200);
    expect(stored.json.checkpoints).toHaveLength(1);
    expect(stored.json.checkpoints[0]).toMatchObject({ checkpointId: 'sum-gate', ...expected });

    const csv = await invoke(getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: '2026-11-20' }, admin: true, query: { communityId: 'sumday', format: 'csv' } });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, row] = csv.text.replace('\uFEFF', '').trim().split('\r\n') as [string, string];
    const cells = Object.fromEntries(header.split(',').map((name, i) => [name, row.split(',')[i]]));
    expect(cells).toMatchObject({ checkpointId: 'sum-gate', expected: '7', onTime: '3', late: '1', missed: '3', completeness: '0.5714', screened: '200', feverCount: '1', maxTempC: '38.2' });

    const mails = (await storedMails(inject('sesEndpoint'))).filter((m) => m.destination.to.includes('committee.sumday@example.org'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('2026-11-20');
    expect(mails[0]!.subject).toContain('完整率 57.1%');
    expect(mails[0]!.body.text).toContain('漏报 3');
    expect(mails[0]!.body.html).toMatch(/<td width="57%"/);
    expect(mails[0]!.body.html).not.toMatch(/<img|<script/);
  });

  it('answers 404 with a clear message for a date not built, and 400 for a date in the future', async () => {
    const missing = await invoke(getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: '2020-01-01' }, admin: true });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('POST /summaries/2020-01-01');
    const future = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2999-01-01' }, admin: true });
    expect(future.status).toBe(400);
    const nonsense = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-02-30' }, admin: true });
    expect(nonsense.status).toBe(400);
  });

  it('reads as many items for 50 readings a slot as for 1: the counters, never the readings', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-11-21T00:30:00Z');
    await registerCommunity('cost');
    const { token } = await registerCheckpoint('cost-gate', { communityId: 'cost' });
    const slots = ['2026-11-21T02:30:00Z', '2026-11-21T04:30:00Z'];
    const post = async (perSlot: number) => {
      for (const time of slots) {
        at(time);
        for (let i = 0; i < perSlot; i += 1) await reading('cost-gate', token);
      }
    };
    const readsOfBuild = async () => {
      at('2026-11-21T05:00:00Z');
      let reads = 0;
      const counter = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        if (/Get|Query|Scan/.test(context.commandName ?? '')) reads += 1;
        return next(args);
      };
      documentClient().middlewareStack.add(counter as never, { step: 'initialize', name: 'countReads' });
      try {
        const built = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-11-21' }, admin: true });
        return { reads, readings: built.json.communities.find((c: { communityId: string }) => c.communityId === 'cost').readings };
      } finally {
        documentClient().middlewareStack.remove('countReads');
      }
    };
    // Two builds first, whatever this file built before: each measured build then replaces a build that
    // replaced another, and drops that one's rows (adapters/summaries.ts) — the same housekeeping both times.
    await readsOfBuild();
    await readsOfBuild();
    await post(1);
    const one = await readsOfBuild();
    await post(49);
    const fifty = await readsOfBuild();
    expect(one.readings).toBe(2);
    expect(fifty.readings).toBe(100);
    expect(fifty.reads).toBe(one.reads);
  }, 60_000);

  it('leaves one whole build when two builds of a date run at once, and again when rebuilt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-11-22T00:30:00Z');
    await registerCommunity('twice');
    for (const id of ['twice-1', 'twice-2', 'twice-3']) await registerCheckpoint(id, { communityId: 'twice' });
    at('2026-11-22T05:00:00Z');
    const build = () => invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-11-22' }, admin: true });
    const results = await Promise.all([build(), build(), build()]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    for (let round = 0; round < 2; round += 1) {
      const stored = await invoke(getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: '2026-11-22' }, admin: true });
      const ids = stored.json.checkpoints.map((c: { checkpointId: string }) => c.checkpointId).sort();
      expect(ids).toEqual([...new Set(ids)]);
      expect(stored.json.county.checkpoints).toBe(ids.length);
      await build();
    }
  });
});
