/**
 * Creating only (domain/creation.ts), over the registry's fakes, at the moment the handler tests cannot
 * make happen on purpose: the use case read no record (someone else's create had not landed yet), and
 * then the create's own condition fails because it has. Refused as an id taken, with no second write —
 * not the replacement a PUT makes after losing its create race — and the other's record as it was.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit';
import { AlreadyRegisteredError, createOnly } from '../../functions/domain/creation';
import type { Checkpoint, Community } from '../../functions/domain/model';
import { putCheckpoint, putCommunity, type RegistryStore } from '../../functions/domain/registry';
import { MemoryTable, memoryStores } from '../helpers/fakes/stores';

const now = new Date('2026-12-01T02:00:00Z');
const keys = async () => ({ current: 'k1', keys: { k1: 'test-link-key-k1-0123456789abcdef' } });
const admin = { kind: 'admin' } as const;

const community = (communityId: string, name: string): Community => ({
  communityId,
  name,
  timezone: 'Asia/Shanghai',
  contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' }],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

const checkpointBody = (name: string) => ({
  name,
  communityId: 'yuyue',
  schedule: { every: 'PT2H' },
  grace: 'PT15M',
  contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' as const }],
  active: true,
});

/**
 * The registry store at the race: its first read of the id finds nothing (the other create is not seen
 * yet), while the table already holds it, so the create's condition fails (the fake's save answers
 * false); a later read sees it. Every write asked of it is counted.
 */
const racing = (table: MemoryTable, id: string) => {
  const stores = memoryStores(table);
  const writes: { kind: 'community' | 'checkpoint'; isNewOrVersion: boolean | number | undefined; audit: AuditEntry | undefined }[] = [];
  let seen = false;
  const firstMisses = <T>(read: () => Promise<T>) => (seen ? read() : ((seen = true), Promise.resolve(undefined)));
  const store: RegistryStore = {
    community: async (communityId) => (communityId === id ? firstMisses(() => stores.community(communityId)) : stores.community(communityId)),
    checkpoint: async (checkpointId) => (checkpointId === id ? firstMisses(() => stores.checkpoint(checkpointId)) : stores.checkpoint(checkpointId)),
    checkpointsOf: stores.checkpointsOf,
    saveCommunity: async (record, isNew, audit) => (writes.push({ kind: 'community', isNewOrVersion: isNew, audit }), stores.saveCommunity(record, isNew, audit)),
    saveCheckpoint: async (record, expectedVersion, audit) => (writes.push({ kind: 'checkpoint', isNewOrVersion: expectedVersion, audit }), stores.saveCheckpoint(record, expectedVersion, audit)),
  };
  return { store, writes };
};

describe('creating only, when another create of the same id lands between the read and the write', () => {
  it('refuses a checkpoint as an id taken after its one create, and leaves the other one as it was', async () => {
    const table = new MemoryTable();
    table.communities.set('yuyue', community('yuyue', '鱼岳社区'));
    const stores = memoryStores(table);
    await putCheckpoint(stores, { checkpointId: 'yuyue-race', body: checkpointBody('甲门'), now, keys });
    const theirs = structuredClone(table.checkpoints.get('yuyue-race')) as Checkpoint;
    const { store, writes } = racing(table, 'yuyue-race');

    const ours = putCheckpoint(createOnly(store), { checkpointId: 'yuyue-race', body: checkpointBody('乙门'), now, keys, actor: admin });
    await expect(ours).rejects.toBeInstanceOf(AlreadyRegisteredError);
    await expect(ours).rejects.toMatchObject({ what: 'checkpoint', id: 'yuyue-race' });
    expect(writes.map(({ kind, isNewOrVersion }) => [kind, isNewOrVersion])).toEqual([['checkpoint', undefined]]);
    expect(table.checkpoints.get('yuyue-race')).toEqual(theirs);
    expect([...table.audit.values()]).toEqual([]);
  });

  it('refuses a community as an id taken after its one create, and leaves the other one as it was', async () => {
    const table = new MemoryTable();
    const theirs = community('nanmen', '南门社区');
    table.communities.set('nanmen', theirs);
    const { store, writes } = racing(table, 'nanmen');

    const ours = putCommunity(createOnly(store), { communityId: 'nanmen', body: { name: '冒名社区', timezone: 'Asia/Shanghai', contacts: [] }, now, actor: admin });
    await expect(ours).rejects.toBeInstanceOf(AlreadyRegisteredError);
    await expect(ours).rejects.toMatchObject({ what: 'community', id: 'nanmen' });
    expect(writes.map(({ kind, isNewOrVersion }) => [kind, isNewOrVersion])).toEqual([['community', true]]);
    expect(table.communities.get('nanmen')).toEqual(theirs);
    expect([...table.audit.values()]).toEqual([]);
  });

  it('is what the plain store would not do: there, the create that lost becomes a replacement', async () => {
    const table = new MemoryTable();
    table.communities.set('nanmen', community('nanmen', '南门社区'));
    const { store, writes } = racing(table, 'nanmen');
    await putCommunity(store, { communityId: 'nanmen', body: { name: '冒名社区', timezone: 'Asia/Shanghai', contacts: [] }, now, actor: admin });
    expect(writes.map(({ isNewOrVersion }) => isNewOrVersion)).toEqual([true, false]);
    expect(table.communities.get('nanmen')!.name).toBe('冒名社区');
  });
});
