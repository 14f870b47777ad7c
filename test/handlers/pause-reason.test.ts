/**
 * A pause's reason, through the real handlers on DynamoDB Local, as the contract states it: given only
 * with `active: false`, shown while the checkpoint is paused, kept by an edit that leaves it out,
 * removed by an empty one, ended by resuming; on the board beside the state; each change of it in the audit trail by name; and an
 * import row of the same checkpoint (which has no reason column) changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as board } from '../../functions/handlers/board';
import { handler as exportCheckpoints } from '../../functions/handlers/export-checkpoints';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as importCheckpoints } from '../../functions/handlers/import-checkpoints';
import { handler as listAudit } from '../../functions/handlers/list-audit';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { fakeContext } from '../../local/gateway';
import { httpEvent, invoke, type Answer } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

const REASON = '小区解封，卡点撤除至周五';
const body = (overrides: Record<string, unknown> = {}) => ({
  name: '西门卡点',
  communityId: 'ximen',
  schedule: { every: 'PT2H' },
  contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' }],
  ...overrides,
});
const put = (overrides: Record<string, unknown> = {}) =>
  invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'xm-1' }, body: body(overrides), admin: true });
const shown = async () => (await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'xm-1' }, admin: true })).json;
const ok = (answer: Answer) => {
  expect(answer.status, answer.text.slice(0, 500)).toBeLessThan(300);
  return answer;
};
const changes = async (): Promise<string[][]> =>
  ok(await invoke(listAudit, { routeKey: 'GET /audit', query: { communityId: 'ximen', limit: '100' }, admin: true })).json.items
    .filter((entry: { action: string }) => entry.action === 'checkpoint.replaced')
    .map((entry: { changed: string[] }) => entry.changed)
    .reverse();

/** The board's page, signed in as the admin. */
const boardPage = async (): Promise<string> => {
  const signIn = (await board(httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), fakeContext('t'))) as { cookies: string[] };
  const event = httpEvent({ routeKey: 'GET /board' });
  event.cookies = [signIn.cookies[0]!.split(';')[0]!];
  return ((await board(event, fakeContext('t'))) as { body: string }).body;
};

beforeAll(async () => {
  await useFreshTable();
  ok(await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'ximen' }, body: { name: '西门社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' }] }, admin: true }));
  ok(await put());
});

describe("a pause's reason", () => {
  it('is refused at its field for a checkpoint that reports, and nothing changes', async () => {
    const refused = await put({ pausedReason: REASON });
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toEqual([expect.objectContaining({ path: 'pausedReason' })]);
    expect(await shown()).not.toHaveProperty('pausedReason');
    expect(await changes()).toEqual([]);
  });

  it('is nothing when only blanks, even for a checkpoint that reports', async () => {
    ok(await put({ pausedReason: '  ' }));
    expect(await shown()).not.toHaveProperty('pausedReason');
    expect(await changes()).toEqual([]);
  });

  it('is refused at its field when over 200 characters', async () => {
    const refused = await put({ active: false, pausedReason: '长'.repeat(201) });
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues[0].path).toBe('pausedReason');
    expect((await shown()).active).toBe(true);
  });

  it('is shown while paused, kept by an edit without it, changed, removed by an empty one, and ended by resuming', async () => {
    ok(await put({ active: false, pausedReason: REASON }));
    expect(await shown()).toMatchObject({ active: false, status: 'paused', pausedReason: REASON });
    expect(await boardPage()).toMatch(new RegExp(`暂停</span><br><span class="muted">${REASON}</span>`));
    // An edit of the paused checkpoint that does not repeat why.
    ok(await put({ active: false, name: '西门卡点（临时）' }));
    expect(await shown()).toMatchObject({ name: '西门卡点（临时）', pausedReason: REASON });
    ok(await put({ active: false, name: '西门卡点（临时）', pausedReason: '改期' }));
    expect((await shown()).pausedReason).toBe('改期');
    ok(await put({ active: false, name: '西门卡点（临时）', pausedReason: '' }));
    expect(await shown()).not.toHaveProperty('pausedReason');
    ok(await put({ active: false, name: '西门卡点（临时）', pausedReason: '又一次' }));
    ok(await put({ name: '西门卡点（临时）' }));
    const resumed = await shown();
    expect(resumed.active).toBe(true);
    expect(resumed).not.toHaveProperty('pausedReason');
    expect(await changes()).toEqual([['active', 'pausedReason'], ['name'], ['pausedReason'], ['pausedReason'], ['pausedReason'], ['active', 'pausedReason']]);
  });

  it('stays through an import of the exported file, which changes nothing', async () => {
    ok(await put({ active: false, pausedReason: REASON }));
    const before = (await changes()).length;
    const file = ok(await invoke(exportCheckpoints, { routeKey: 'GET /exports/checkpoints', query: { format: 'csv', communityId: 'ximen' }, admin: true }));
    const imported = ok(
      await invoke(importCheckpoints, { routeKey: 'POST /imports/checkpoints', query: { dryRun: 'false' }, rawBody: file.text, base64: true, headers: { 'content-type': 'text/csv' }, admin: true }),
    );
    expect(imported.json).toMatchObject({ unchanged: 1, applied: true });
    expect(await shown()).toMatchObject({ active: false, pausedReason: REASON });
    expect(await changes()).toHaveLength(before);
  });
});
