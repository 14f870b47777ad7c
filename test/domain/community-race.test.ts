/**
 * Two edits of a community at once: a PUT written at the version it read, so that one made in between
 * is read again rather than overwritten unseen — the robot's new URL that a body without a URL keeps,
 * above all ("nothing lost"). Over the memory store, its saveCommunity the contract suite holds to the
 * table's (test/contract/ports.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { putCommunity, type RegistryStore } from '../../functions/domain/registry';
import { memoryStore } from '../helpers/memory-store';

const NOW = new Date('2026-12-01T08:00:00Z');
const OLD_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=old-key-0001';
const NEW_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=new-key-0002';
const body = (overrides: Record<string, unknown> = {}) => ({ name: '东门社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' as const }], ...overrides });
const group = (url?: string) => ({ channels: [{ id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', ...(url && { url }) }] });

/** The store, with `meanwhile` run once just before the first replacement is written. */
const interleaved = (store: RegistryStore, meanwhile: () => Promise<unknown>): RegistryStore => {
  let pending: (() => Promise<unknown>) | undefined = meanwhile;
  return {
    ...store,
    saveCommunity: async (community, isNew, audit) => {
      const run = pending;
      pending = undefined;
      if (run && !isNew) await run();
      return store.saveCommunity(community, isNew, audit);
    },
  };
};

/** The store, its first read of a community finding none: a create that raced another. */
const blindFirstRead = (store: RegistryStore): RegistryStore => {
  let first = true;
  return { ...store, community: async (id) => (first ? ((first = false), undefined) : store.community(id)) };
};

describe('two edits of a community at once', () => {
  it("keeps the robot URL another edit set meanwhile when this one's body keeps the stored URL", async () => {
    const store = memoryStore();
    await putCommunity(store, { communityId: 'dongmen', body: body(group(OLD_URL)), now: NOW });
    const rename = putCommunity(
      interleaved(store, () => putCommunity(store, { communityId: 'dongmen', body: body(group(NEW_URL)), now: NOW })),
      { communityId: 'dongmen', body: body({ name: '东门社区（新）', ...group() }), now: NOW },
    );
    await rename;
    const stored = (await store.community('dongmen'))!;
    expect(stored.name).toBe('东门社区（新）');
    expect(stored.channels?.[0]?.url).toBe(NEW_URL);
    expect(stored.version).toBe(3);
  });

  it('answers the second of two creates that say the same thing as a replay, and replaces on a different one', async () => {
    const store = memoryStore();
    const first = await putCommunity(store, { communityId: 'ximen', body: body(), now: NOW });
    expect(first.created).toBe(true);
    const replay = await putCommunity(blindFirstRead(store), { communityId: 'ximen', body: body(), now: NOW });
    expect(replay).toMatchObject({ created: false, community: { version: 1 } });
    // A create that lost to a different one replaces it, at the winner's version.
    const other = await putCommunity(blindFirstRead(store), { communityId: 'ximen', body: body({ name: '西门社区' }), now: NOW });
    expect(other.created).toBe(false);
    expect(await store.community('ximen')).toMatchObject({ name: '西门社区', version: 2 });
  });
});
