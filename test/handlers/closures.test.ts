/**
 * Scheduled closures through the admin API: registered and shown, replaced by each PUT, and a bad one
 * refused with 400 at its field's path with nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

const CHECKPOINT = 'nm-night';
const nightly = { daily: { from: '22:00', to: '06:00' }, reason: '夜间闭卡' };
const testing = { from: '2026-12-01T08:00:00+08:00', to: '2026-12-01T12:00:00+08:00', reason: '全员核酸检测' };
const bodyWith = (closures?: unknown) => ({
  name: '南门卡点',
  communityId: 'nanmen',
  schedule: { every: 'PT2H' },
  contacts: [{ name: '组长', email: 'leader.night@example.org', role: 'leader' }],
  ...(closures !== undefined && { closures }),
});
const put = (closures?: unknown) =>
  invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: CHECKPOINT }, admin: true, body: bodyWith(closures) });
const get = () => invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: CHECKPOINT }, admin: true });

beforeAll(async () => {
  await useFreshTable();
  await registerCommunity('nanmen');
});

describe('scheduled closures', () => {
  it('are registered and shown as given, and a PUT without them removes them', async () => {
    expect((await put([nightly, testing])).status).toBe(201);
    expect((await get()).json.closures).toEqual([nightly, testing]);
    expect((await put()).status).toBe(200);
    expect((await get()).json).not.toHaveProperty('closures');
    expect((await put([nightly])).json.closures).toEqual([nightly]);
  });

  const day = (from: string, to: string) => ({ daily: { from, to } });
  it.each([
    ['a time of day that is not one', 'closures.0.daily.from', [day('24:00', '06:00')]],
    ['a daily closure from a time to itself', 'closures.0.daily.to', [day('22:00', '22:00')]],
    ['an instant without its offset', 'closures.1.from', [nightly, { from: '2026-12-01T08:00:00', to: '2026-12-01T12:00:00+08:00' }]],
    ['a closure that ends before it begins', 'closures.0.to', [{ from: '2026-12-01T12:00:00+08:00', to: '2026-12-01T08:00:00+08:00' }]],
    ['a closure longer than a year', 'closures.0.to', [{ from: '2026-01-01T00:00:00+08:00', to: '2027-01-03T00:00:00+08:00' }]],
    ['a reason with a line break', 'closures.0.reason', [{ ...testing, reason: '检测\n结束' }]],
    ['a field a closure does not have', 'closures.0', [{ ...nightly, weekdays: [1, 2] }]],
    ['what is not a closure at all', 'closures.1', [nightly, 'every night']],
    ['daily closures that leave no time open', 'closures', [day('06:00', '18:00'), day('18:00', '06:00')]],
    ['more than twenty closures', 'closures', Array.from({ length: 21 }, (_, k) => day(`${String(k).padStart(2, '0')}:00`, `${String(k).padStart(2, '0')}:30`))],
  ])('refuses %s with 400 at %s, and changes nothing', async (_name, path, closures) => {
    const before = (await get()).json;
    const answer = await put(closures);
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues.map((issue: { path: string }) => issue.path)).toEqual([path]);
    expect((await get()).json).toEqual(before);
  });
});
