/**
 * What an audit entry says, decided by the domain alone: the fields a change changed, by name and in a
 * PUT body's order whatever order a record was read back in, channels down to the field, never a
 * value; no entry for a change that changes nothing; an operator key named without its communities.
 * And the use cases over the port fakes: the entry goes with the write, only when the write is made.
 */
import { describe, expect, it } from 'vitest';
import { auditActor, changedFields, checkpointAudit, communityAudit } from '../../functions/domain/audit';
import type { Checkpoint, Community } from '../../functions/domain/model';
import { putCheckpoint, putCommunity, rotateFormToken } from '../../functions/domain/registry';
import { MemoryTable, memoryStores } from '../helpers/fakes/stores';

const now = new Date('2026-12-01T02:00:00Z');
const keys = async () => ({ current: 'k1', keys: { k1: 'test-link-key-k1-0123456789abcdef' } });
const admin = { kind: 'admin' } as const;

const community = (overrides: Partial<Community> = {}): Community => ({
  communityId: 'dongmen',
  name: '东门社区',
  timezone: 'Asia/Shanghai',
  contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' }],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

describe('the fields a change changed', () => {
  it("names them in a PUT body's order, whatever order the record lists its attributes in, and leaves bookkeeping out", () => {
    const before = { contacts: [], schedule: { every: 'PT2H' }, name: 'a', version: 3, updatedAt: 'x', dueAt: 'y' } as unknown as Checkpoint;
    const after = { version: 4, name: 'a', updatedAt: 'z', schedule: { every: 'PT4H' }, contacts: [{ name: 'b', role: 'leader' }] } as unknown as Checkpoint;
    expect(changedFields(before, after)).toEqual(['schedule', 'contacts']);
  });

  it('compares maps whatever the order of their keys: a record read back is the same record', () => {
    const contact = { name: '书记', email: 'sec@example.org', role: 'secretary' as const };
    expect(changedFields(community({ contacts: [contact] }), community({ contacts: [{ role: 'secretary', email: 'sec@example.org', name: '书记' }] }))).toEqual([]);
  });

  it("names a channel's credentials when they change, never their values; a channel that came or went by its id", () => {
    const before = community({
      channels: [
        { id: 'zhihui', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=old-key', summaries: true },
        { id: 'ding', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECold', summaries: true },
      ],
    });
    const after = community({
      channels: [
        { id: 'ding', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECnew', summaries: false },
        { id: 'zhihui', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=new-key', summaries: true },
        { id: 'feishu', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/h', summaries: true },
      ],
    });
    const changed = changedFields(before, after);
    expect(changed).toEqual(['channels.ding.secret', 'channels.ding.summaries', 'channels.feishu', 'channels.zhihui.url']);
    expect(JSON.stringify(communityAudit(admin, now, before, after))).not.toMatch(/SECnew|SECold|new-key|old-key|access_token/);
    // The same channels in another order: the list changed, no channel.
    expect(changedFields(community({ channels: after.channels! }), community({ channels: [...after.channels!].reverse() }))).toEqual(['channels']);
  });

  it('records a creation without fields, a replacement with them, and nothing for one that changes nothing', () => {
    expect(communityAudit(admin, now, undefined, community())).toMatchObject({ action: 'community.created', communityId: 'dongmen', actor: admin, at: now.toISOString() });
    expect(communityAudit(admin, now, undefined, community())!.changed).toBeUndefined();
    expect(communityAudit(admin, now, community(), community({ updatedAt: 'later' }))).toBeUndefined();
    expect(communityAudit(admin, now, community(), community({ name: '新东门' }))).toMatchObject({ action: 'community.replaced', changed: ['name'] });
  });

  it('names an operator key by its id and name, not its communities', () => {
    expect(auditActor({ kind: 'operator', keyId: '0123456789abcdef', name: '书记', communityIds: ['dongmen'] } as never)).toEqual({ kind: 'operator', keyId: '0123456789abcdef', name: '书记' });
  });
});

describe('the use cases, over the port fakes', () => {
  const body = { name: '东门卡点', communityId: 'dongmen', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' as const }], active: true };
  const setUp = async () => {
    const table = new MemoryTable();
    const store = memoryStores(table);
    await putCommunity(store, { communityId: 'dongmen', body: { name: '东门社区', timezone: 'Asia/Shanghai', contacts: [] }, now, actor: admin });
    await putCheckpoint(store, { checkpointId: 'gate', body, now, keys, actor: admin });
    return { table, store, actions: () => [...table.audit.values()].map((entry) => [entry.action, entry.changed?.join('+') ?? ''].join(' ').trim()) };
  };

  it('records a pause as `active`, closures as `closures`, a rotation, and nothing for a re-PUT as it is', async () => {
    const { store, actions } = await setUp();
    await putCheckpoint(store, { checkpointId: 'gate', body: { ...body, active: false }, now, keys, actor: admin });
    await putCheckpoint(store, { checkpointId: 'gate', body: { ...body, active: false, closures: [{ daily: { from: '22:00', to: '06:00' } }] }, now, keys, actor: admin });
    await putCheckpoint(store, { checkpointId: 'gate', body: { ...body, active: false, closures: [{ daily: { from: '22:00', to: '06:00' } }] }, now, keys, actor: admin });
    await rotateFormToken(store, { checkpointId: 'gate', now, keys, actor: admin });
    expect(actions()).toEqual(['community.created', 'checkpoint.created', 'checkpoint.replaced active', 'checkpoint.replaced closures', 'checkpoint.token-rotated']);
  });

  it('records nothing without an actor (the local seed, the bench)', async () => {
    const table = new MemoryTable();
    await putCommunity(memoryStores(table), { communityId: 'dongmen', body: { name: '东门社区', timezone: 'Asia/Shanghai', contacts: [] }, now });
    expect(table.audit.size).toBe(0);
  });

  it('a checkpoint entry is the diff from what the written attempt read', () => {
    const before = { checkpointId: 'gate', communityId: 'dongmen', name: 'a', active: true } as Checkpoint;
    expect(checkpointAudit(admin, now, before, { ...before, name: 'b', active: false }, 'import-1')).toMatchObject({ action: 'checkpoint.replaced', changed: ['name', 'active'], importId: 'import-1', checkpointId: 'gate' });
  });
});
