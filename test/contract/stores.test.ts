/**
 * One contract for the stores the slot rule, ingest and the sweep use, run on the in-memory fake
 * (test/helpers/memory-store.ts, behind the fast slot-rule tests) and on the DynamoDB adapters against
 * DynamoDB Local: where the fake and the table disagree on a condition, this fails, so the fast tests
 * cannot pass on a store more forgiving than the real one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { DynamoEscalationStore } from '../../functions/adapters/escalation-store';
import type { EscalationStore } from '../../functions/domain/escalation';
import type { Checkpoint, Escalation } from '../../functions/domain/model';
import type { ReadingStore, ReadingWrite } from '../../functions/domain/readings';
import type { RegistryStore } from '../../functions/domain/registry';
import { MemoryStore } from '../helpers/memory-store';
import { useFreshTable } from '../helpers/table';

type Store = ReadingStore & RegistryStore & EscalationStore;

const checkpoint = (id: string, overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  checkpointId: id, communityId: 'town', name: id, timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M',
  contacts: [], active: true, createdAt: '2026-11-29T00:00:00.000Z', updatedAt: '2026-11-29T00:00:00.000Z',
  activeSince: '2026-11-29T00:00:00.000Z', pauses: [], filledRuns: [], recentMaxTempC: {}, tokenHash: 'h',
  dueAt: '2026-11-29T02:15:00.000Z', version: 0, ...overrides,
});

const write = (id: string, submissionId: string, expectedVersion: number): ReadingWrite => ({
  reading: {
    readingId: submissionId, checkpointId: id, communityId: 'town', submissionId, receivedAt: '2026-11-29T01:00:00.000Z', officer: 'o',
    screened: 1, entries: 1, exits: 0, feverCount: 0, slot: { start: '2026-11-29T00:00:00.000Z', end: '2026-11-29T02:00:00.000Z' }, filled: 'onTime', fingerprint: 'f',
  },
  checkpoint: { checkpointId: id, expectedVersion, lastReadingAt: '2026-11-29T01:00:00.000Z', filledRuns: [[0, 1]], recentMaxTempC: {}, dueAt: '2026-11-29T04:15:00.000Z', rateWindow: 1, rateCount: 1 },
  day: { date: '2026-11-29', figures: { screened: 1, entries: 1, exits: 0, feverCount: 0 }, filled: { slotStart: 0, timeliness: 'onTime' } },
});

const escalation = (id: string, checkpointId: string, status: Escalation['status'] = 'open'): Escalation => ({
  escalationId: id, checkpointId, communityId: 'town', status, level: 0, repeats: 0, missedSlots: ['2026-11-29T00:00:00.000Z'],
  missedDeadline: '2026-11-29T02:15:00.000Z', openedAt: '2026-11-29T02:16:00.000Z', nextActionAt: '2026-11-29T02:15:00.000Z',
  policy: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 1 }, notified: [], version: 0,
});

const contract = (name: string, make: () => Promise<Store>) =>
  describe(`the store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await make();
    });

    it('creates a checkpoint once, and replaces it only at the version read', async () => {
      expect(await store.saveCheckpoint(checkpoint('a'), undefined)).toBe(true);
      expect(await store.saveCheckpoint(checkpoint('a'), undefined)).toBe(false);
      expect(await store.saveCheckpoint(checkpoint('a', { name: 'b', version: 1 }), 0)).toBe(true);
      expect(await store.saveCheckpoint(checkpoint('a', { name: 'c', version: 1 }), 0)).toBe(false);
      expect((await store.checkpoint('a'))?.name).toBe('b');
    });

    it('records a reading once: stored, then duplicate; stale at an old version, writing nothing', async () => {
      await store.saveCheckpoint(checkpoint('r'), undefined);
      expect(await store.record(write('r', 's1', 0))).toBe('stored');
      expect(await store.record(write('r', 's1', 1))).toBe('duplicate');
      expect(await store.record(write('r', 's2', 0))).toBe('stale');
      expect(await store.reading('r', 's2')).toBeUndefined();
      const after = (await store.checkpoint('r'))!;
      expect(after).toMatchObject({ version: 1, dueAt: '2026-11-29T04:15:00.000Z', filledRuns: [[0, 1]], lastReadingAt: '2026-11-29T01:00:00.000Z' });
    });

    it('opens one escalation per checkpoint, only while the deadline is the one read', async () => {
      await store.saveCheckpoint(checkpoint('e'), undefined);
      const open = { expectedDueAt: '2026-11-29T02:15:00.000Z', nextDueAt: '2026-11-29T04:15:00.000Z' };
      expect(await store.openEscalation({ escalation: escalation('e1', 'e'), ...open })).toBe(true);
      expect(await store.openEscalation({ escalation: escalation('e2', 'e'), ...open })).toBe(false);
      expect((await store.checkpoint('e'))).toMatchObject({ openEscalationId: 'e1', dueAt: '2026-11-29T04:15:00.000Z' });
      expect(await store.escalation('e2')).toBeUndefined();
    });

    it('adds misses to the open escalation and moves the deadline, or off the index when none comes', async () => {
      const move = { checkpointId: 'e', escalationId: 'e1', expectedDueAt: '2026-11-29T04:15:00.000Z', missedSlots: ['2026-11-29T02:00:00.000Z', '2026-11-29T04:00:00.000Z'] };
      expect(await store.recordMiss({ ...move, escalationId: 'other' })).toBe(false);
      expect(await store.recordMiss(move)).toBe(true);
      expect(await store.recordMiss(move)).toBe(false);
      expect((await store.escalation('e1'))?.missedSlots).toHaveLength(3);
      expect((await store.checkpoint('e'))?.dueAt).toBeUndefined();
      expect(await store.overdueCheckpoints(new Date('2030-01-01T00:00:00Z'))).not.toContain('e');
    });

    it('opens an escalation already resolved without taking the checkpoint', async () => {
      await store.saveCheckpoint(checkpoint('x'), undefined);
      const recorded = { ...escalation('x1', 'x', 'resolved'), resolvedAt: '2026-11-29T02:16:00.000Z' };
      expect(await store.openEscalation({ escalation: recorded, expectedDueAt: '2026-11-29T02:15:00.000Z', nextDueAt: '2026-11-29T04:15:00.000Z' })).toBe(true);
      expect(await store.checkpoint('x')).toMatchObject({ dueAt: '2026-11-29T04:15:00.000Z' });
      expect((await store.checkpoint('x'))?.openEscalationId).toBeUndefined();
      expect((await store.activeEscalations()).map((e) => e.escalationId)).not.toContain('x1');
    });

    it('moves a deadline that turned out to be no miss, only from the one read', async () => {
      await store.saveCheckpoint(checkpoint('m'), undefined);
      expect(await store.overdueCheckpoints(new Date('2026-11-29T03:00:00Z'))).toContain('m');
      expect(await store.moveDeadline({ checkpointId: 'm', expectedDueAt: '2026-11-29T01:00:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' })).toBe(false);
      expect(await store.moveDeadline({ checkpointId: 'm', expectedDueAt: '2026-11-29T02:15:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' })).toBe(true);
      expect(await store.overdueCheckpoints(new Date('2026-11-29T03:00:00Z'))).not.toContain('m');
    });

    it('closes an escalation at its version and frees the checkpoint', async () => {
      const open = (await store.escalation('e1'))!;
      expect(await store.closeEscalation({ ...open, status: 'resolved', version: open.version + 1 }, open.version + 5)).toBe(false);
      expect(await store.closeEscalation({ ...open, status: 'resolved', version: open.version + 1 }, open.version)).toBe(true);
      expect((await store.checkpoint('e'))?.openEscalationId).toBeUndefined();
      expect((await store.activeEscalations()).map((e) => e.escalationId)).not.toContain('e1');
    });
  });

contract('in memory', async () => new MemoryStore());
contract('DynamoDB Local', async () => {
  const { tableName } = await useFreshTable();
  return new DynamoEscalationStore(documentClient(), tableName);
});
