/**
 * The escalation lists through their real handlers on DynamoDB Local — `GET /escalations` (the admin's,
 * an operator key's) and the console's escalations page — against a model of what they promise: of the
 * escalations the caller may see that match the filter, the newest `limit` (opened later first; of two
 * opened at the same instant, the greater id first). The status index sorts by community before time,
 * so a list that reads it county-wide up to `limit` would miss the newest of some communities.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { escalationItem } from '../../functions/adapters/escalations';
import { dynamoTable } from '../../functions/adapters/table';
import type { Escalation, EscalationStatus } from '../../functions/domain/model';
import { handler as listEscalations } from '../../functions/handlers/list-escalations';
import { page, signIn } from '../helpers/console';
import { registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';

const COMMUNITIES = ['c-a', 'c-b', 'c-c', 'c-d'];
/** Every status, `paused` (a pause ended it) among the ended ones: the lists and the pause were built apart. */
const STATUSES: EscalationStatus[] = ['open', 'acknowledged', 'resolved', 'unresolved', 'paused'];
const OPERATOR_COMMUNITIES = ['c-a', 'c-c'];

const escalation = (escalationId: string, communityId: string, status: EscalationStatus, openedAt: string): Escalation => ({
  escalationId, checkpointId: `cp-${communityId}`, communityId, status, level: 1, repeats: 0, missedCount: 1, firstMissedSlot: '2026-11-29T00:00:00.000Z', lastMissedSlot: '2026-11-29T00:00:00.000Z',
  missedDeadline: '2026-11-29T00:15:00.000Z', openedAt, nextActionAt: openedAt,
  policy: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 1 }, notified: [], version: 1,
  ...(status === 'resolved' && { resolvedAt: openedAt }),
  ...(status === 'paused' && { closedAt: openedAt, pausedBy: '鱼岳社区书记' }),
});

/** The model: filtered, sorted by opening time then id, both descending, cut at `limit`. */
const newestOf = (all: readonly Escalation[], keep: (escalation: Escalation) => boolean, limit: number): string[] =>
  all
    .filter(keep)
    .map((one) => [one.openedAt, one.escalationId] as const)
    .sort(([at1, id1], [at2, id2]) => (at1 !== at2 ? (at1 < at2 ? 1 : -1) : id1 < id2 ? 1 : id1 > id2 ? -1 : 0))
    .slice(0, limit)
    .map(([, id]) => id);

/**
 * 160 escalations over four communities, statuses at random, opened within one hour on whole minutes
 * (so that some share their instant); ids not in the order of their opening.
 */
const county: Escalation[] = fc
  .sample(fc.array(fc.tuple(fc.constantFrom(...COMMUNITIES), fc.constantFrom(...STATUSES), fc.nat(59)), { minLength: 160, maxLength: 160 }), { seed: 20261207, numRuns: 1 })[0]!
  .map(([communityId, status, minute], n) => escalation(`e-${String((n * 37) % 160).padStart(3, '0')}`, communityId, status, new Date(Date.UTC(2026, 10, 29, 2, minute)).toISOString()))
  // And an older hundred and twenty that ended in the community the index gives first, newest first: more than a page of 100.
  .concat(Array.from({ length: 120 }, (_, n) => escalation(`old-${String(n).padStart(3, '0')}`, 'c-d', 'resolved', new Date(Date.UTC(2026, 10, 29, 1, 0, n)).toISOString())));

let operatorKey: string;

const put = async (tableName: string, escalations: readonly Escalation[]) => {
  const table = dynamoTable(documentClient(), tableName);
  for (let at = 0; at < escalations.length; at += 25) await Promise.all(escalations.slice(at, at + 25).map((one) => table.put(escalationItem(one))));
};

beforeAll(async () => {
  const { tableName } = await useFreshTable();
  for (const communityId of COMMUNITIES) await registerCommunity(communityId);
  await put(tableName, county);
  const issued = await invoke(createOperatorKey, { routeKey: 'POST /operator-keys', admin: true, body: { name: '两个社区的书记', communityIds: OPERATOR_COMMUNITIES } });
  expect(issued.status, issued.text).toBe(201);
  operatorKey = issued.json.key;
}, 120_000);

const listed = async (query: Record<string, string>, token?: string): Promise<string[]> => {
  const answer = await invoke(listEscalations, { routeKey: 'GET /escalations', query, ...(token ? { token } : { admin: true }) });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.items.map((item: { escalationId: string }) => item.escalationId);
};

describe('GET /escalations', () => {
  it('gives the county its newest open ones, whichever community they are in (the finding)', async () => {
    const limit = 5;
    // Each community has more than `limit` open ones, so reading the index in its order up to `limit` gives one community's.
    for (const communityId of COMMUNITIES) expect(county.filter((one) => one.communityId === communityId && one.status === 'open').length).toBeGreaterThan(limit);
    const expected = newestOf(county, (one) => one.status === 'open', limit);
    expect(new Set(county.filter((one) => expected.includes(one.escalationId)).map((one) => one.communityId)).size).toBeGreaterThan(1);
    expect(await listed({ status: 'open', limit: String(limit) })).toEqual(expected);
  });

  const query = fc.record(
    { status: fc.constantFrom(...STATUSES), communityId: fc.constantFrom(...COMMUNITIES), limit: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(1000)) },
    { requiredKeys: ['limit'] },
  );
  const keeps = (q: { status?: EscalationStatus; communityId?: string }, visible: readonly string[]) => (one: Escalation) =>
    visible.includes(one.communityId) && (!q.status || one.status === q.status) && (!q.communityId || one.communityId === q.communityId);

  it("gives the admin the newest `limit` of the county's escalations that match, newest first", async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const asked = { ...(q.status && { status: q.status }), ...(q.communityId && { communityId: q.communityId }), limit: String(q.limit) };
        expect(await listed(asked)).toEqual(newestOf(county, keeps(q, COMMUNITIES), q.limit));
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 120_000);

  it("gives an operator key the newest `limit` of its communities' escalations that match, newest first", async () => {
    await fc.assert(
      fc.asyncProperty(query.filter((q) => !q.communityId || OPERATOR_COMMUNITIES.includes(q.communityId)), async (q) => {
        const asked = { ...(q.status && { status: q.status }), ...(q.communityId && { communityId: q.communityId }), limit: String(q.limit) };
        expect(await listed(asked, operatorKey)).toEqual(newestOf(county, keeps(q, OPERATOR_COMMUNITIES), q.limit));
      }),
      { numRuns: 30, seed: 11 },
    );
  }, 120_000);
});

describe('the console escalations page', () => {
  /** The escalations a page shows, in its order. */
  const shown = (html: string) => [...html.matchAll(/<article class="card" aria-labelledby="esc-([^"]+)"/g)].map((match) => match[1]!);

  it('shows every active escalation of the county, then the 20 that ended last, each newest first', async () => {
    const admin = await signIn(ADMIN_KEY);
    const got = await page(admin!, 'GET /admin/escalations');
    expect(got.status).toBe(200);
    const active = newestOf(county, (one) => one.status === 'open' || one.status === 'acknowledged', 1000);
    const ended = newestOf(county, (one) => one.status !== 'open' && one.status !== 'acknowledged', 20);
    expect(shown(got.text)).toEqual([...active, ...ended]);
  });

  it("shows an operator its communities' active escalations, then their 20 that ended last", async () => {
    const operator = await signIn(operatorKey);
    const got = await page(operator!, 'GET /admin/escalations');
    const mine = (one: Escalation) => OPERATOR_COMMUNITIES.includes(one.communityId);
    const active = newestOf(county, (one) => mine(one) && (one.status === 'open' || one.status === 'acknowledged'), 1000);
    const ended = newestOf(county, (one) => mine(one) && one.status !== 'open' && one.status !== 'acknowledged', 20);
    expect(shown(got.text)).toEqual([...active, ...ended]);
  });
});
