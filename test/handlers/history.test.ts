/**
 * History at a glance through the real handlers on DynamoDB Local: a checkpoint's and a community's
 * days by Asia/Shanghai's calendar (a reading at 00:05 local counts for its own day, one at 00:10 that
 * fills the previous slot late for the day before, whatever the UTC date), missed slots counted, the
 * same figures a rebuilt summary gives, O(days) reads and never the readings; operator scope and the
 * `days` bounds; and the board's strip and chart from what its refresh already reads.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { forgetBoards, handler as board } from '../../functions/handlers/board';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as checkpointHistory } from '../../functions/handlers/checkpoint-history';
import { handler as communityHistory } from '../../functions/handlers/community-history';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { fakeContext } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { httpEvent, invoke } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

/** Only Date is faked: timers, and so the SDK's sockets, run as usual. */
const at = (iso: string) => vi.setSystemTime(new Date(iso));
const tokens = new Map<string, string>();

/** What the table was asked since the last reset: each command, and the sort keys it named or queried. */
let asked: { command: string; keys: string[] }[] = [];

const report = async (checkpointId: string, when: string, figures: Record<string, unknown> = {}) => {
  at(when);
  const answer = await invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId },
    token: tokens.get(checkpointId)!,
    body: { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 5, exits: 5, feverCount: 0, ...figures },
  });
  expect(answer.status, answer.text).toBe(201);
};

const ofCheckpoint = (checkpointId: string, query: Record<string, string> = {}, key?: string) =>
  invoke(checkpointHistory, { routeKey: 'GET /checkpoints/{checkpointId}/history', pathParameters: { checkpointId }, query, ...(key ? { token: key } : { admin: true }) });
const ofCommunity = (communityId: string, query: Record<string, string> = {}, key?: string) =>
  invoke(communityHistory, { routeKey: 'GET /communities/{communityId}/history', pathParameters: { communityId }, query, ...(key ? { token: key } : { admin: true }) });
const figures = (day: Record<string, unknown>) => {
  const { date, expected, onTime, late, missed, readings, feverCount, completeness, timeliness, partial } = day;
  return { date, expected, onTime, late, missed, readings, feverCount, completeness, timeliness, partial };
};

const NOW = '2026-11-20T03:00:00Z'; // 11:00 on the 20th in Shanghai

beforeAll(async () => {
  await useFreshTable();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T00:30:00Z') }); // 08:30 on the 18th
  documentClient().middlewareStack.add(
    ((next: (args: { input: Record<string, any> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
      const input = args.input;
      const keys = [
        ...(input.Key ? [input.Key.sk] : []),
        ...Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: { sk: string }[] }>).flatMap((r) => (r.Keys ?? []).map((k) => k.sk)),
        ...(input.IndexName ? [`index ${input.IndexName}`] : []),
      ];
      asked.push({ command: context.commandName ?? '?', keys });
      return next(args);
    }) as never,
    { step: 'initialize', name: 'historyReads' },
  );
  await registerCommunity('hist');
  await registerCommunity('other');
  for (const [id, communityId] of [['hist-a', 'hist'], ['hist-b', 'hist'], ['other-gate', 'other']] as const) {
    tokens.set(id, (await registerCheckpoint(id, { communityId })).token);
  }
  // The 18th (slots from 10:00, after the 08:30 registration): 10, 12 and 22 on time, one with a fever; 14–20 missed.
  await report('hist-a', '2026-11-18T02:30:00Z', { feverCount: 1, maxTempC: 37.9, feverCases: [{ tempC: 37.9, direction: 'in' }] });
  await report('hist-a', '2026-11-18T04:30:00Z');
  await report('hist-a', '2026-11-18T15:55:00Z'); // 23:55 on the 18th: 22:00–24:00, on time
  // The 19th: 00:05 is its own day's first slot (UTC still says the 18th); 04:10 fills 02:00–04:00 late.
  await report('hist-a', '2026-11-18T16:05:00Z');
  await report('hist-a', '2026-11-18T20:10:00Z');
  // 00:10 on the 20th fills the 19th's last slot in its grace: late, for the 19th.
  await report('hist-a', '2026-11-19T16:10:00Z');
  // The 20th: 06:00–08:00 on time.
  await report('hist-a', '2026-11-19T22:30:00Z');
  at(NOW);
});

afterAll(() => {
  vi.useRealTimers();
});

describe("a checkpoint's history", () => {
  it('counts each Shanghai day as its slots fall, missed slots included, today partial', async () => {
    asked = [];
    const answer = await ofCheckpoint('hist-a', { days: '3' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ checkpointId: 'hist-a', communityId: 'hist', timezone: 'Asia/Shanghai' });
    expect(answer.json.days.map(figures)).toEqual([
      { date: '2026-11-18', expected: 7, onTime: 3, late: 0, missed: 4, readings: 3, feverCount: 1, completeness: 0.4286, timeliness: 0.4286, partial: false },
      { date: '2026-11-19', expected: 12, onTime: 1, late: 2, missed: 9, readings: 3, feverCount: 0, completeness: 0.25, timeliness: 0.0833, partial: false },
      // At 11:00: 00–10 decided (06–08 on time), 10–12 still running and not counted.
      { date: '2026-11-20', expected: 5, onTime: 1, late: 0, missed: 4, readings: 1, feverCount: 0, completeness: 0.2, timeliness: 0.2, partial: true },
    ]);
    // The checkpoint, then its three days in one request: no query, so never the readings.
    expect(asked).toEqual([
      { command: 'GetItemCommand', keys: ['CHECKPOINT'] },
      { command: 'BatchGetItemCommand', keys: ['DAY#2026-11-18', 'DAY#2026-11-19', 'DAY#2026-11-20'] },
    ]);
  });

  it('gives 14 days by default and 31 at most in one read, the days before registration expecting nothing', async () => {
    const fourteen = await ofCheckpoint('hist-a');
    expect(fourteen.json.days).toHaveLength(14);
    expect(fourteen.json.days[0]).toMatchObject({ date: '2026-11-07', expected: 0, completeness: null, timeliness: null, partial: false });
    asked = [];
    const most = await ofCheckpoint('hist-a', { days: '31' });
    expect(most.json.days).toHaveLength(31);
    expect(asked.map((a) => a.command)).toEqual(['GetItemCommand', 'BatchGetItemCommand']);
  });

  it('says what a summary rebuilt now says of the same day', async () => {
    const built = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: '2026-11-19' }, admin: true });
    expect(built.status).toBe(200);
    const day = (await ofCheckpoint('hist-a', { days: '2' })).json.days[0];
    const summarised = built.json.checkpoints.find((c: { checkpointId: string }) => c.checkpointId === 'hist-a');
    const { date: _date, partial: _partial, ...counted } = figures(day);
    const { expected, onTime, late, missed, readings, feverCount, completeness, timeliness } = summarised;
    expect(counted).toEqual({ expected, onTime, late, missed, readings, feverCount, completeness, timeliness });
  });

  it('refuses days out of 1–31 with 400 at days', async () => {
    for (const days of ['0', '32', 'two', '1.5']) {
      const answer = await ofCheckpoint('hist-a', { days });
      expect(answer.status, days).toBe(400);
      expect(answer.json.error.issues.map((issue: { path: string }) => issue.path)).toEqual(['days']);
    }
    expect((await ofCommunity('hist', { days: '0' })).json.error.issues[0].path).toBe('days');
  });

  it('answers 404 for a checkpoint that does not exist', async () => {
    expect((await ofCheckpoint('no-such-gate')).status).toBe(404);
    expect((await ofCommunity('no-such-community')).status).toBe(404);
  });
});

describe("a community's history", () => {
  it('sums its checkpoints day by day, one that never reported missing every slot', async () => {
    const answer = await ofCommunity('hist', { days: '3' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ communityId: 'hist', timezone: 'Asia/Shanghai', checkpoints: 2 });
    expect(answer.json.days.map(figures)).toEqual([
      { date: '2026-11-18', expected: 14, onTime: 3, late: 0, missed: 11, readings: 3, feverCount: 1, completeness: 0.2143, timeliness: 0.2143, partial: false },
      { date: '2026-11-19', expected: 24, onTime: 1, late: 2, missed: 21, readings: 3, feverCount: 0, completeness: 0.125, timeliness: 0.0417, partial: false },
      { date: '2026-11-20', expected: 10, onTime: 1, late: 0, missed: 9, readings: 1, feverCount: 0, completeness: 0.1, timeliness: 0.1, partial: true },
    ]);
  });
});

describe('operator keys', () => {
  let otherKey: string;
  let ownKey: string;
  beforeAll(async () => {
    const issue = async (communityIds: string[]) =>
      (await invoke(createOperatorKey, { routeKey: 'POST /operator-keys', admin: true, body: { name: `书记 ${communityIds.join()}`, communityIds } })).json.key as string;
    otherKey = await issue(['other']);
    ownKey = await issue(['hist']);
  });

  it("of another community get 403 for the community's and its checkpoints' histories, and for ones that do not exist", async () => {
    for (const answer of [await ofCheckpoint('hist-a', {}, otherKey), await ofCommunity('hist', {}, otherKey), await ofCheckpoint('no-such-gate', {}, otherKey)]) {
      expect(answer.status, answer.text).toBe(403);
      expect(answer.json.error.code).toBe('forbidden');
    }
  });

  it('of the community read its histories', async () => {
    expect((await ofCheckpoint('hist-a', { days: '1' }, ownKey)).status).toBe(200);
    expect((await ofCommunity('hist', { days: '1' }, ownKey)).json.checkpoints).toBe(2);
  });
});

describe("the board's strip and chart", () => {
  let cookie: string;
  const refresh = async () => {
    asked = [];
    const event = httpEvent({ routeKey: 'GET /board' });
    event.cookies = [cookie];
    const answer = (await board(event, fakeContext('t'))) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    return { page: answer.body, asked };
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
  /** The chart table's row of a date (MM-DD) in a community's section. */
  const chartRow = (page: string, communityId: string, date: string) => {
    const section = page.slice(page.indexOf(`<h2 id="c-${communityId}">`));
    const row = new RegExp(`<tr><th scope="row">${date}(?:<br>[^<]*)?</th>((?:<td>[^<]*</td>)+)</tr>`).exec(section)?.[1];
    return row?.match(/<td>([^<]*)<\/td>/g)?.map((cell) => cell.slice(4, -5));
  };

  beforeAll(async () => {
    const signed = (await board(httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), fakeContext('t'))) as { cookies: string[] };
    cookie = signed.cookies[0]!.split(';')[0]!;
  });

  it("shows each checkpoint's slots today and each community's 14 days, with no style attribute", async () => {
    at(NOW);
    forgetBoards();
    const { page } = await refresh();
    expect(text(page)).toContain('今日 12 个时段：漏报 4 · 未到截止 7 · 准时 1');
    const strip = /<ol class="strip" aria-labelledby="s-hist-a">(.*?)<\/ol>/.exec(page)![1]!;
    // Alike cells run together, each run as wide as its cells, with its time and its words.
    expect([...strip.matchAll(/<li class="([^"]+)"><span class="vh">([^<]*)/g)].map((m) => [m[1], m[2]])).toEqual([
      ['c-missed w3', '00:00–06:00 漏报 3'],
      ['c-onTime', '06:00–08:00 准时 1'],
      ['c-missed', '08:00–10:00 漏报 1'],
      ['c-pending w7', '10:00–24:00 未到截止 7'], // a run to midnight ends at 24:00, not 00:00
    ]);
    expect(strip).toContain('<span class="vh">06:00–08:00 准时 1</span>');
    expect(page).toContain('.w3{flex-grow:3}');
    // Expected, on time, late, missed, completeness, timeliness: the numbers GET /communities/hist/history gives.
    expect(chartRow(page, 'hist', '11-19')).toEqual(['24', '1', '2', '21', '13%', '4%']);
    expect(chartRow(page, 'hist', '11-20')).toEqual(['10', '1', '0', '9', '10%', '10%']);
    expect(chartRow(page, 'hist', '11-07')).toEqual(['0', '0', '0', '0', '—', '—']);
    expect(page).toMatch(/<svg viewBox="0 0 300 116" width="100%" role="img" aria-labelledby="h-hist-t"/);
    expect(page).not.toContain(' style="');
  });

  it('costs a refresh where nothing moved one query, and after a reading no more than before', async () => {
    expect((await refresh()).asked.map((a) => a.command)).toEqual(['QueryCommand']);
    await report('hist-b', '2026-11-20T03:05:00Z');
    const next = await refresh();
    // The stamps, the checkpoint, and its today's counters: as before the chart.
    expect(next.asked).toEqual([
      { command: 'QueryCommand', keys: [] },
      { command: 'BatchGetItemCommand', keys: ['CHECKPOINT'] },
      { command: 'BatchGetItemCommand', keys: ['DAY#2026-11-20'] },
    ]);
    expect(chartRow(next.page, 'hist', '11-20')).toEqual(['11', '2', '0', '9', '18%', '18%']);
  });

  it('turns the day without reading, and reads yesterday again for a reading that fills its last slot late', async () => {
    at('2026-11-20T16:05:00Z'); // 00:05 on the 21st
    const turned = await refresh();
    // The stamps, and today's counters of every checkpoint (as before); the 20th counted from what was held.
    expect(turned.asked.map((a) => a.command)).toEqual(['QueryCommand', 'BatchGetItemCommand']);
    expect(turned.asked[1]!.keys).toEqual(['DAY#2026-11-21', 'DAY#2026-11-21', 'DAY#2026-11-21']);
    expect(chartRow(turned.page, 'hist', '11-20')).toEqual(['24', '2', '0', '22', '8%', '8%']);

    await report('hist-b', '2026-11-20T16:10:00Z'); // 00:10: the 20th's 22:00–24:00, late
    const late = await refresh();
    expect(late.asked.map((a) => a.keys).sort()).toEqual([[], ['CHECKPOINT'], ['DAY#2026-11-20'], ['DAY#2026-11-21']].sort());
    expect(chartRow(late.page, 'hist', '11-20')).toEqual(['24', '2', '1', '21', '13%', '8%']);
    forgetBoards();
    expect((await refresh()).page).toBe(late.page);
  });
});
