/**
 * One contract for the ports the escalation core, registration and ingest use, port by port, run on
 * the in-memory fakes (test/helpers/fakes/, behind the fast domain tests) and on the DynamoDB adapters
 * against DynamoDB Local. Where a fake and the table disagree — a condition, a row written or left as
 * it was, an order — this fails, so the fast tests cannot pass on a store more forgiving (or
 * stricter) than the real one.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { escalationHandlerStore } from '../../functions/adapters/escalation-store';
import type { EscalationHistory } from '../../functions/adapters/escalations';
import type { BounceLog } from '../../functions/adapters/notice-log';
import { operatorKeyStore } from '../../functions/adapters/operator-keys';
import { noticeRows } from '../../functions/adapters/notice-rows';
import { checkpointStore } from '../../functions/adapters/store';
import { dynamoTable } from '../../functions/adapters/table';
import type { AuditEntry, AuditTrail } from '../../functions/domain/audit';
import { ValidationError } from '../../functions/domain/errors';
import { type AckStore, type RegistryReads, type NewRow, type NoticeContent, type NoticeRef, type StepStore, type SweepStore } from '../../functions/domain/escalation';
import type { NoticeRows } from '../../functions/domain/delivery/sender';
import type { Notice } from '../../functions/domain/model';
import type { AlertGroup, Checkpoint, Community, Escalation, EscalationStatus } from '../../functions/domain/model';
import type { OperatorKeyStore } from '../../functions/domain/operators';
import type { ReadingStore, ReadingWrite } from '../../functions/domain/readings';
import type { RegistryStore } from '../../functions/domain/registry';
import { memoryRowSettle } from '../helpers/fakes/notice-log';
import { MemoryTable, memoryStores } from '../helpers/fakes/stores';
import { useFreshTable } from '../helpers/table';

/** The ports, what an escalation's page lists, and the one sender's record of a row it finds free (how a row comes to fail here). */
type Stores = ReadingStore & RegistryStore & Pick<RegistryReads, 'checkpoints'> & StepStore & SweepStore & AckStore & { notices(escalationId: string): Promise<Notice[]> } & Pick<NoticeRows, 'settle'> & Pick<EscalationHistory, 'listEscalations'> & BounceLog & AuditTrail & OperatorKeyStore;

const checkpoint = (id: string, overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  checkpointId: id, communityId: 'town', name: id, timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M',
  contacts: [], active: true, createdAt: '2026-11-29T00:00:00.000Z', updatedAt: '2026-11-29T00:00:00.000Z',
  activeSince: '2026-11-29T00:00:00.000Z', pauses: [], filledRuns: [], recentMaxTempC: {}, tokenHash: 'h',
  dueAt: '2026-11-29T02:15:00.000Z', version: 0, ...overrides,
});

const community = (id: string, name = id): Community => ({ communityId: id, name, timezone: 'Asia/Shanghai', contacts: [], createdAt: '2026-11-29T00:00:00.000Z', updatedAt: '2026-11-29T00:00:00.000Z' });

const write = (id: string, submissionId: string, expectedVersion: number): ReadingWrite => ({
  reading: {
    readingId: submissionId, checkpointId: id, communityId: 'town', submissionId, receivedAt: '2026-11-29T01:00:00.000Z', officer: 'o',
    screened: 1, entries: 1, exits: 0, feverCount: 0, slot: { start: '2026-11-29T00:00:00.000Z', end: '2026-11-29T02:00:00.000Z' }, filled: 'onTime', fingerprint: 'f',
  },
  checkpoint: { checkpointId: id, expectedVersion, lastReadingAt: '2026-11-29T01:00:00.000Z', filledRuns: [[0, 1]], recentMaxTempC: {}, dueAt: '2026-11-29T04:15:00.000Z', rateWindow: 1, rateCount: 1 },
  day: { date: '2026-11-29', figures: { screened: 1, entries: 1, exits: 0, feverCount: 0 }, filled: { slotStart: 0, timeliness: 'onTime' } },
});

const escalation = (id: string, checkpointId: string, status: Escalation['status'] = 'open', overrides: Partial<Escalation> = {}): Escalation => ({
  escalationId: id, checkpointId, communityId: 'town', status, level: 0, repeats: 0, missedCount: 1, firstMissedSlot: '2026-11-29T00:00:00.000Z', lastMissedSlot: '2026-11-29T00:00:00.000Z',
  missedDeadline: '2026-11-29T02:15:00.000Z', openedAt: '2026-11-29T02:16:00.000Z', nextActionAt: '2026-11-29T02:15:00.000Z',
  policy: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 1 }, notified: [], version: 0, ...overrides,
});

const open = { expectedDueAt: '2026-11-29T02:15:00.000Z', nextDueAt: '2026-11-29T04:15:00.000Z' };

const notice = (escalationId: string, recipient: string, overrides: Partial<NoticeRef> = {}): NoticeRef => ({ escalationId, kind: 'level', level: 1, repeat: 0, recipient, ...overrides });


const row = (escalationId: string, recipient: string, overrides: Partial<NewRow> = {}): NewRow => ({ notice: notice(escalationId, recipient), content, links: [{ label: escalationId, url: `https://api.test/ack/${escalationId}` }], ...overrides });

/** A change to an escalation at the version it has now, with its rows. */
const changeOf = async (store: Stores, id: string, change: Partial<Escalation>, rows: NewRow[] = [], extra: { ends?: boolean; audit?: AuditEntry } = {}) => {
  const current = (await store.escalation(id))!;
  return { escalation: { ...current, ...change, version: current.version + 1 }, expectedVersion: current.version, rows, ...extra };
};

const content = { type: 'escalation.notice', lang: 'zh-CN', subject: 's', title: 't', lines: [['正文']], actions: [], mentions: { mobiles: [], names: [] }, facts: { level: 1 }, occurredAt: '2026-11-29T02:16:00.000Z' } as NoticeContent;

const at = (iso: string) => new Date(iso);
/** When the changes in these checks are committed. */
const claimAt = at('2026-11-29T02:15:00Z');

/** An entry made at `iso` (the trail's tests keep to years no other test writes in). */
const entry = (iso: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({ auditId: randomUUID(), at: new Date(iso).toISOString(), actor: { kind: 'admin' }, action: 'checkpoint.replaced', ...overrides });

/** Every entry of a list, page after page, with the number of pages it took. */
const allPages = async (store: AuditTrail, query: Omit<Parameters<AuditTrail['auditEntries']>[0], 'cursor'>) => {
  const items: AuditEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.auditEntries({ ...query, ...(cursor && { cursor }) });
    items.push(...page.items);
    cursor = page.next;
    pages += 1;
  } while (cursor && pages < 50);
  return { items, pages };
};
const idsOf = (entries: AuditEntry[]) => entries.map((item) => item.auditId);

const contract = (name: string, make: () => Promise<Stores>) =>
  describe(`the ports' contract: ${name}`, () => {
    let store: Stores;
    beforeAll(async () => {
      store = await make();
    });

    describe('the registry', () => {
      it('creates a checkpoint once, and replaces it only at the version read', async () => {
        expect(await store.saveCheckpoint(checkpoint('a'), undefined)).toBe(true);
        expect(await store.saveCheckpoint(checkpoint('a'), undefined)).toBe(false);
        expect(await store.saveCheckpoint(checkpoint('a', { name: 'b', version: 1 }), 0)).toBe(true);
        expect(await store.saveCheckpoint(checkpoint('a', { name: 'c', version: 1 }), 0)).toBe(false);
        expect((await store.checkpoint('a'))?.name).toBe('b');
      });

      it('creates a community only when new, and replaces only one that exists', async () => {
        expect(await store.saveCommunity(community('reg-new'), false)).toBe(false);
        expect(await store.saveCommunity(community('reg-new'), true)).toBe(true);
        expect(await store.saveCommunity(community('reg-new', 'again'), true)).toBe(false);
        expect(await store.saveCommunity(community('reg-new', 'renamed'), false)).toBe(true);
        expect((await store.community('reg-new'))?.name).toBe('renamed');
        expect(await store.community('reg-none')).toBeUndefined();
      });

      it('replaces a community that carries a version only at the version before it; version 1 replaces one from before versions', async () => {
        expect(await store.saveCommunity(community('reg-v'), true)).toBe(true);
        expect(await store.saveCommunity({ ...community('reg-v', 'one'), version: 1 }, false)).toBe(true);
        expect(await store.saveCommunity({ ...community('reg-v', 'stale'), version: 1 }, false)).toBe(false);
        expect(await store.saveCommunity({ ...community('reg-v', 'two'), version: 2 }, false)).toBe(true);
        expect(await store.saveCommunity({ ...community('reg-v', 'skipped'), version: 4 }, false)).toBe(false);
        expect(await store.community('reg-v')).toMatchObject({ name: 'two', version: 2 });
      });

      it('reads several checkpoints at once: those that exist, each once', async () => {
        await store.saveCheckpoint(checkpoint('reg-1', { communityId: 'reg-town' }), undefined);
        await store.saveCheckpoint(checkpoint('reg-2', { communityId: 'reg-town' }), undefined);
        const found = await store.checkpoints(['reg-2', 'reg-none', 'reg-1', 'reg-2']);
        expect(found.map((c) => c.checkpointId).sort()).toEqual(['reg-1', 'reg-2']);
        expect((await store.checkpointsOf('reg-town')).map((c) => c.checkpointId)).toEqual(['reg-1', 'reg-2']);
        expect(await store.checkpointsOf('reg-nowhere')).toEqual([]);
      });

      it('hands out copies: changing what was read changes nothing stored', async () => {
        const read = (await store.checkpoint('reg-1'))!;
        read.name = 'changed';
        read.contacts.push({ name: 'x', email: 'x@example.org', role: 'leader' });
        expect(await store.checkpoint('reg-1')).toMatchObject({ name: 'reg-1', contacts: [] });
      });
    });

    describe('the readings', () => {
      it('records a reading once: stored, then duplicate; stale at an old version, writing nothing', async () => {
        await store.saveCheckpoint(checkpoint('r'), undefined);
        expect(await store.record(write('r', 's1', 0))).toBe('stored');
        expect(await store.record(write('r', 's1', 1))).toBe('duplicate');
        expect(await store.record(write('r', 's2', 0))).toBe('stale');
        expect(await store.reading('r', 's2')).toBeUndefined();
        const after = (await store.checkpoint('r'))!;
        expect(after).toMatchObject({ version: 1, dueAt: '2026-11-29T04:15:00.000Z', filledRuns: [[0, 1]], lastReadingAt: '2026-11-29T01:00:00.000Z' });
      });

      it('is stale for a checkpoint that does not exist, and takes it off the deadline index when no deadline comes', async () => {
        expect(await store.record(write('r-none', 's1', 0))).toBe('stale');
        await store.saveCheckpoint(checkpoint('r-off'), undefined);
        const { dueAt: _dueAt, ...last } = write('r-off', 's1', 0).checkpoint;
        expect(await store.record({ ...write('r-off', 's1', 0), checkpoint: last })).toBe('stored');
        expect((await store.checkpoint('r-off'))?.dueAt).toBeUndefined();
        expect(await store.overdueCheckpoints(at('2030-01-01T00:00:00Z'))).not.toContain('r-off');
      });
    });

    describe('the deadlines', () => {
      it('lists the checkpoints whose deadline is at or before now, and none without one', async () => {
        await store.saveCheckpoint(checkpoint('d-due', { dueAt: '2026-11-29T02:15:00.000Z' }), undefined);
        await store.saveCheckpoint(checkpoint('d-later', { dueAt: '2026-11-29T02:16:00.000Z' }), undefined);
        const { dueAt: _dueAt, ...none } = checkpoint('d-none');
        await store.saveCheckpoint(none, undefined);
        const overdue = await store.overdueCheckpoints(at('2026-11-29T02:15:00.000Z'));
        expect(overdue).toContain('d-due');
        expect(overdue).not.toContain('d-later');
        expect(await store.overdueCheckpoints(at('2030-01-01T00:00:00Z'))).not.toContain('d-none');
      });

      it('opens one escalation per checkpoint, only while the deadline is the one read', async () => {
        await store.saveCheckpoint(checkpoint('e'), undefined);
        expect(await store.openEscalation({ escalation: escalation('e1', 'e'), ...open, missedAt: '2026-11-29T02:15:00.000Z' })).toBe(true);
        expect(await store.openEscalation({ escalation: escalation('e2', 'e'), ...open })).toBe(false);
        expect(await store.checkpoint('e')).toMatchObject({ openEscalationId: 'e1', dueAt: '2026-11-29T04:15:00.000Z', missedAt: '2026-11-29T02:15:00.000Z', version: 1 });
        expect(await store.escalation('e2')).toBeUndefined();
      });

      it('opens nothing under an id already taken, nor for a checkpoint that does not exist', async () => {
        await store.saveCheckpoint(checkpoint('e-taken'), undefined);
        expect(await store.openEscalation({ escalation: escalation('e1', 'e-taken'), ...open })).toBe(false);
        expect(await store.checkpoint('e-taken')).toMatchObject({ dueAt: '2026-11-29T02:15:00.000Z', version: 0 });
        expect((await store.checkpoint('e-taken'))?.openEscalationId).toBeUndefined();
        expect(await store.openEscalation({ escalation: escalation('e-ghost', 'no-such-checkpoint'), ...open })).toBe(false);
        expect(await store.escalation('e-ghost')).toBeUndefined();
      });

      it('counts misses on the open escalation (never a list) and moves the deadline, or off the index when none comes', async () => {
        const move = { checkpointId: 'e', escalationId: 'e1', expectedDueAt: '2026-11-29T04:15:00.000Z', missedAt: '2026-11-29T06:15:00.000Z', count: 2, lastSlot: '2026-11-29T04:00:00.000Z' };
        expect(await store.recordMiss({ ...move, escalationId: 'other' })).toBe(false);
        expect(await store.recordMiss(move)).toBe(true);
        expect(await store.recordMiss(move)).toBe(false);
        expect(await store.escalation('e1')).toMatchObject({ missedCount: 3, firstMissedSlot: '2026-11-29T00:00:00.000Z', lastMissedSlot: '2026-11-29T04:00:00.000Z', version: 1 });
        expect((await store.escalation('e1'))!.missedSlots).toBeUndefined();
        expect((await store.checkpoint('e'))?.dueAt).toBeUndefined();
        expect((await store.checkpoint('e'))?.missedAt).toBe('2026-11-29T06:15:00.000Z');
        expect(await store.overdueCheckpoints(at('2030-01-01T00:00:00Z'))).not.toContain('e');
      });

      it('opens an escalation already resolved without taking the checkpoint', async () => {
        await store.saveCheckpoint(checkpoint('x'), undefined);
        const recorded = { ...escalation('x1', 'x', 'resolved'), resolvedAt: '2026-11-29T02:16:00.000Z' };
        expect(await store.openEscalation({ escalation: recorded, ...open })).toBe(true);
        expect(await store.checkpoint('x')).toMatchObject({ dueAt: '2026-11-29T04:15:00.000Z' });
        expect((await store.checkpoint('x'))?.openEscalationId).toBeUndefined();
        expect((await store.activeEscalations()).map((e) => e.escalationId)).not.toContain('x1');
      });

      it('moves a deadline that turned out to be no miss, only from the one read', async () => {
        await store.saveCheckpoint(checkpoint('m'), undefined);
        expect(await store.overdueCheckpoints(at('2026-11-29T03:00:00Z'))).toContain('m');
        expect(await store.moveDeadline({ checkpointId: 'm', expectedDueAt: '2026-11-29T01:00:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' })).toBe(false);
        expect(await store.moveDeadline({ checkpointId: 'm', expectedDueAt: '2026-11-29T02:15:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' })).toBe(true);
        expect(await store.checkpoint('m')).toMatchObject({ dueAt: '2026-11-29T06:15:00.000Z', version: 1 });
        expect(await store.overdueCheckpoints(at('2026-11-29T03:00:00Z'))).not.toContain('m');
        expect(await store.moveDeadline({ checkpointId: 'm-none', expectedDueAt: '2026-11-29T02:15:00.000Z' })).toBe(false);
      });
    });

    describe('the escalations', () => {
      it('commits a change with its rows only at the version read: at another, nothing, not even a row', async () => {
        await store.saveCheckpoint(checkpoint('s'), undefined);
        await store.openEscalation({ escalation: escalation('s1', 's'), ...open });
        const first = await changeOf(store, 's1', { level: 1, notified: ['leader@example.org'] }, [row('s1', 'Leader@Example.org')]);
        const stale = { ...first, escalation: { ...first.escalation, level: 2 }, rows: [row('s1', 'late@example.org')] };
        expect(await store.commit(first, claimAt)).toBe(true);
        expect(await store.commit(stale, claimAt)).toBe(false);
        expect(await store.commit({ ...first, escalation: { ...escalation('s-none', 's'), version: 1 }, expectedVersion: 0, rows: [row('s-none', 'x@example.org')] }, claimAt)).toBe(false);
        expect(await store.escalation('s1')).toMatchObject({ level: 1, version: 1, notified: ['leader@example.org'] });
        expect(await store.escalation('s-none')).toBeUndefined();
        expect(await store.notices('s-none')).toEqual([]);
        expect((await store.notices('s1')).map((n) => [n.recipient, n.outcome, n.attempts])).toEqual([['Leader@Example.org', 'pending', 0]]);
      });

      it('leaves a row that is there already as it is, and writes the change and the other rows (a retry; a group\'s shared row)', async () => {
        await store.saveCheckpoint(checkpoint('rows-cp'), undefined);
        await store.openEscalation({ escalation: escalation('r1', 'rows-cp'), ...open });
        const shared = row('group-r', 'sec@example.org', { content: { ...content, subject: 'first' } });
        expect(await store.commit(await changeOf(store, 'r1', { level: 1 }, [shared, row('r1', 'sec@example.org', { groupedInto: 'group-r' })]), claimAt)).toBe(true);
        // A second member's change: the shared row is there (it keeps what the first wrote), its own is written grouped.
        await store.saveCheckpoint(checkpoint('r2cp'), undefined);
        await store.openEscalation({ escalation: escalation('r2', 'r2cp'), ...open });
        const second = await changeOf(store, 'r2', { level: 1 }, [{ ...shared, content: { ...content, subject: 'second' } }, row('r2', 'sec@example.org', { groupedInto: 'group-r' }), row('r2', 'other@example.org')]);
        expect(await store.commit(second, claimAt)).toBe(true);
        expect(await store.escalation('r2')).toMatchObject({ level: 1, version: 1 });
        const sharedRows = await store.notices('group-r');
        expect(sharedRows).toHaveLength(1);
        expect((sharedRows[0] as unknown as { content: NoticeContent }).content.subject).toBe('first');
        expect((await store.notices('r2')).map((n) => [n.recipient, n.outcome]).sort()).toEqual([['other@example.org', 'pending'], ['sec@example.org', 'grouped']]);
        // The same change again (a retried task, at a version no longer there): nothing.
        expect(await store.commit(second, claimAt)).toBe(false);
      });

      it('writes whom a level cannot reach as rows already failed, with why; the step reads them back as not reached, with bounces', async () => {
        await store.saveCheckpoint(checkpoint('u'), undefined);
        await store.openEscalation({ escalation: escalation('u1', 'u'), ...open });
        const unreached = [{ notice: notice('u1', 'unreached:社区书记 (13800000001)'), why: '无邮箱 / no e-mail' }];
        expect(await store.commit({ ...(await changeOf(store, 'u1', { level: 1 }, [row('u1', 'leader@example.org')])), unreached }, claimAt)).toBe(true);
        expect((await store.notices('u1')).map((n) => [n.recipient, n.outcome]).sort()).toEqual([['leader@example.org', 'pending'], ['unreached:社区书记 (13800000001)', 'failed']]);
        await store.markUnreachable('Gone@Example.org', { reason: 'bounce: General', at: at('2026-11-29T02:00:00Z') });
        expect(await store.notReached('u1', 1, ['gone@example.org'])).toEqual([{ recipient: 'gone@example.org' }]);
        expect(await store.notReached('u1', 2, ['fine@example.org', 'GONE@example.org'])).toEqual([{ recipient: 'unreached:社区书记 (13800000001)', error: '无邮箱 / no e-mail' }, { recipient: 'gone@example.org' }]);
      });

      it('counts a row told within a group\'s shared row as not reached when the shared row failed', async () => {
        await store.saveCheckpoint(checkpoint('gr-cp'), undefined);
        await store.openEscalation({ escalation: escalation('gr1', 'gr-cp'), ...open });
        const shared = row('group-gr', 'sec@example.org');
        expect(await store.commit(await changeOf(store, 'gr1', { level: 1 }, [shared, row('gr1', 'sec@example.org', { groupedInto: 'group-gr' })]), claimAt)).toBe(true);
        expect(await store.notReached('gr1', 2, [])).toEqual([]);
        // What the sender records when the service refuses the shared row for good.
        expect(await store.settle(shared.notice, { outcome: 'failed', at: claimAt, error: 'refused', attempts: 1 }, { freeAt: claimAt })).toBe(true);
        expect(await store.notReached('gr1', 2, [])).toEqual([{ recipient: 'sec@example.org', error: 'refused' }]);
        expect(await store.notReached('gr1', 1, [])).toEqual([]);
      });

      it('ends an escalation with its rows and frees the checkpoint; ends it alone when the checkpoint has moved on to another', async () => {
        await store.saveCheckpoint(checkpoint('c'), undefined);
        await store.openEscalation({ escalation: escalation('c1', 'c'), ...open });
        const end = await changeOf(store, 'c1', { status: 'resolved' }, [{ ...row('c1', 'leader@example.org'), notice: notice('c1', 'leader@example.org', { kind: 'resolution', level: 0 }) }], { ends: true });
        expect(await store.commit(end, claimAt)).toBe(true);
        expect((await store.checkpoint('c'))?.openEscalationId).toBeUndefined();
        expect((await store.activeEscalations()).map((e) => e.escalationId)).not.toContain('c1');
        expect((await store.notices('c1')).map((n) => n.kind)).toEqual(['resolution']);
        await store.openEscalation({ escalation: escalation('c2', 'c'), expectedDueAt: '2026-11-29T04:15:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' });
        // Another end of c1 (a retried task) at the version it reads now: c2 keeps the checkpoint.
        expect(await store.commit(await changeOf(store, 'c1', { status: 'resolved' }, [], { ends: true }), claimAt)).toBe(true);
        expect(await store.escalation('c1')).toMatchObject({ version: 2 });
        expect((await store.checkpoint('c'))?.openEscalationId).toBe('c2');
      });

      it('lists the active escalations, open before acknowledged, newest first, and reads several at once', async () => {
        await store.saveCheckpoint(checkpoint('l'), undefined);
        const forList = (id: string, status: Escalation['status'], openedAt: string) => ({ ...escalation(id, 'l', status, { communityId: 'list-town', openedAt }), resolvedAt: openedAt });
        await store.openEscalation({ escalation: forList('l-old', 'resolved', '2026-11-29T01:00:00.000Z'), ...open });
        await store.openEscalation({ escalation: forList('l-open', 'open', '2026-11-29T02:00:00.000Z'), expectedDueAt: '2026-11-29T04:15:00.000Z', nextDueAt: '2026-11-29T06:15:00.000Z' });
        const l2 = { ...escalation('l-newer', 'l2', 'open', { communityId: 'list-town', openedAt: '2026-11-29T03:00:00.000Z' }) };
        await store.saveCheckpoint(checkpoint('l2'), undefined);
        await store.openEscalation({ escalation: l2, ...open });
        await store.saveCheckpoint(checkpoint('l3'), undefined);
        await store.openEscalation({ escalation: escalation('l-ack', 'l3', 'open', { communityId: 'list-town', openedAt: '2026-11-29T04:00:00.000Z' }), ...open });
        expect(await store.commit(await changeOf(store, 'l-ack', { status: 'acknowledged' }), claimAt)).toBe(true);
        const active = (await store.activeEscalations()).filter((e) => e.communityId === 'list-town').map((e) => e.escalationId);
        expect(active).toEqual(['l-newer', 'l-open', 'l-ack']);
        expect((await store.members(['l-ack', 'l-none', 'l-old', 'l-ack'])).map((m) => `${m.escalation.escalationId}:${m.checkpoint.checkpointId}`).sort()).toEqual(['l-ack:l3', 'l-old:l']);
      });

      it('lists the newest `limit` of the communities asked, with the statuses asked, whichever community they are in', async () => {
        // Communities of this check alone; opened on whole minutes of one hour, so that some share their instant.
        const communities = ['order-a', 'order-b', 'order-c'];
        const statuses: EscalationStatus[] = ['open', 'acknowledged', 'resolved', 'unresolved'];
        const [drawn] = fc.sample(fc.array(fc.tuple(fc.constantFrom(...communities), fc.constantFrom(...statuses), fc.nat(29)), { minLength: 60, maxLength: 60 }), { seed: 1207, numRuns: 1 });
        const all = drawn!.map(([communityId, status, minute], n) =>
          escalation(`order-${String((n * 7) % 60).padStart(2, '0')}`, `order-cp-${n}`, status, { communityId, openedAt: new Date(Date.UTC(2026, 10, 29, 3, minute)).toISOString() }),
        );
        for (const one of all) {
          await store.saveCheckpoint(checkpoint(one.checkpointId, { communityId: one.communityId }), undefined);
          expect(await store.openEscalation({ escalation: one, ...open })).toBeTruthy();
        }
        // The model: those asked for, by opening time then id, both descending, the first `limit`.
        const model = (asked: { communityIds: string[]; statuses?: EscalationStatus[]; limit: number }) =>
          all
            .filter((one) => asked.communityIds.includes(one.communityId) && (!asked.statuses || asked.statuses.includes(one.status)))
            .map((one) => [one.openedAt, one.escalationId].join(' '))
            .sort()
            .reverse()
            .slice(0, asked.limit)
            .map((line) => line.split(' ')[1]);
        const asked = fc.record(
          { communityIds: fc.subarray(communities, { minLength: 1 }), statuses: fc.subarray(statuses, { minLength: 1 }), limit: fc.integer({ min: 1, max: 70 }) },
          { requiredKeys: ['communityIds', 'limit'] },
        );
        await fc.assert(
          fc.asyncProperty(asked, async (query) => {
            expect((await store.listEscalations(query)).map((one) => one.escalationId)).toEqual(model(query));
          }),
          { numRuns: 40, seed: 3 },
        );
      }, 120_000);
    });

    describe("an escalation's notices", () => {
      it('lists its rows by kind, level, repeat and address, with how each stands and how it went', async () => {
        await store.saveCheckpoint(checkpoint('n4cp'), undefined);
        await store.openEscalation({ escalation: escalation('n4', 'n4cp'), ...open });
        const rows = [
          { ...row('n4', 'z@example.org'), notice: notice('n4', 'z@example.org', { level: 2 }), groupedInto: 'group-n4' },
          row('n4', 'b@example.org'),
          { ...row('n4', 'a@example.org'), notice: notice('n4', 'a@example.org', { kind: 'resolution', level: 0 }) },
          { ...row('n4', 'a@example.org'), notice: notice('n4', 'a@example.org', { repeat: 1 }) },
        ];
        expect(await store.commit(await changeOf(store, 'n4', { level: 2 }, rows), claimAt)).toBe(true);
        expect(await store.settle(rows[1]!.notice, { outcome: 'failed', at: at('2026-11-29T02:16:00Z'), error: 'x'.repeat(400), attempts: 1 }, { freeAt: claimAt })).toBe(true);
        expect(await store.settle(rows[3]!.notice, { outcome: 'sent', at: at('2026-11-29T02:16:00Z') }, { freeAt: claimAt })).toBe(true);
        const listed = await store.notices('n4');
        expect(listed.map((n) => `${n.kind}.${n.level}.${n.repeat}:${n.recipient}`)).toEqual(['level.1.0:b@example.org', 'level.1.1:a@example.org', 'level.2.0:z@example.org', 'resolution.0.0:a@example.org']);
        expect(listed[0]).toMatchObject({ outcome: 'failed', failedAt: '2026-11-29T02:16:00.000Z', attempts: 1 });
        expect(listed[0]!.error).toHaveLength(300);
        expect(listed[1]).toMatchObject({ outcome: 'sent', sentAt: '2026-11-29T02:16:00.000Z' });
        expect(listed[2]).toMatchObject({ escalationId: 'n4', outcome: 'grouped', via: 'group', groupedInto: 'group-n4' });
        expect(listed[3]).toMatchObject({ outcome: 'pending', attempts: 0 });
        expect(await store.notices('n-none')).toEqual([]);
      });
    });

    describe('the alert groups', () => {
      const group: AlertGroup = { groupId: 'g1', communityId: 'town', escalationIds: ['a', 'b', 'c'], openedAt: '2026-11-29T02:16:00.000Z', recipients: { '1': { 'sec@example.org': ['a', 'b', 'c'] } } };

      it('keeps a group as saved', async () => {
        await store.saveGroup(group);
        expect(await store.group('g1')).toEqual(group);
        expect(await store.group('g-none')).toBeUndefined();
      });
    });

    describe('the audit trail', () => {
      const year2031 = { from: at('2031-01-01T00:00:00Z'), to: at('2031-12-31T23:59:59.999Z'), limit: 100 };

      it('writes an entry with each write that is made, as given, and none with a write its condition refuses', async () => {
        const made: AuditEntry[] = [];
        const expectSaved = async (write: (audit: AuditEntry) => Promise<boolean>, iso: string, saved: boolean, about: Partial<AuditEntry>) => {
          const audit = entry(iso, about);
          expect(await write(audit), `${iso} ${about.action}`).toBe(saved);
          if (saved) made.push(audit);
        };
        const about = { communityId: 'aud-a', checkpointId: 'aud-cp' };
        await expectSaved((audit) => store.saveCommunity(community('aud-a'), true, audit), '2031-01-01T00:00:01Z', true, { action: 'community.created', communityId: 'aud-a' });
        await expectSaved((audit) => store.saveCommunity(community('aud-a'), true, audit), '2031-01-01T00:00:02Z', false, { action: 'community.created', communityId: 'aud-a' });
        await expectSaved((audit) => store.saveCommunity(community('aud-none'), false, audit), '2031-01-01T00:00:03Z', false, { action: 'community.replaced', communityId: 'aud-none', changed: ['name'] });
        await expectSaved((audit) => store.saveCheckpoint(checkpoint('aud-cp', { communityId: 'aud-a' }), undefined, audit), '2031-01-01T00:00:04Z', true, { action: 'checkpoint.created', ...about });
        await expectSaved((audit) => store.saveCheckpoint(checkpoint('aud-cp', { communityId: 'aud-a' }), undefined, audit), '2031-01-01T00:00:05Z', false, { action: 'checkpoint.created', ...about });
        await expectSaved((audit) => store.saveCheckpoint(checkpoint('aud-cp', { communityId: 'aud-a', version: 6 }), 5, audit), '2031-01-01T00:00:06Z', false, { ...about, changed: ['name'] });
        await expectSaved((audit) => store.saveCheckpoint(checkpoint('aud-cp', { communityId: 'aud-a', active: false, version: 1 }), 0, audit), '2031-01-01T00:00:07Z', true, { ...about, changed: ['active'] });
        await store.saveCheckpoint(checkpoint('aud-e-cp', { communityId: 'aud-a' }), undefined);
        await store.openEscalation({ escalation: escalation('aud-e', 'aud-e-cp', 'open', { communityId: 'aud-a' }), ...open });
        const acknowledged = { ...escalation('aud-e', 'aud-e-cp', 'acknowledged', { communityId: 'aud-a', acknowledgedBy: 'admin' }), version: 1 };
        const ack = { action: 'escalation.acknowledged' as const, communityId: 'aud-a', checkpointId: 'aud-e-cp', escalationId: 'aud-e' };
        const ackRow = { ...row('aud-e', 'leader@example.org'), notice: notice('aud-e', 'leader@example.org', { kind: 'acknowledgement', level: 0 }) };
        await expectSaved((audit) => store.commit({ escalation: acknowledged, expectedVersion: 0, rows: [ackRow], audit }, claimAt), '2031-01-01T00:00:08Z', true, ack);
        await expectSaved((audit) => store.commit({ escalation: acknowledged, expectedVersion: 0, rows: [ackRow], audit }, claimAt), '2031-01-01T00:00:09Z', false, ack);
        expect((await store.notices('aud-e')).map((n) => n.kind)).toEqual(['acknowledgement']);
        const key = { keyId: '0123456789abcdef', name: '书记', communityIds: ['aud-a'], createdAt: '2031-01-01T00:00:10.000Z' };
        const keyAbout = { operatorKey: key };
        await expectSaved((audit) => store.saveOperatorKey({ ...key, keyHash: 'h' }, audit), '2031-01-01T00:00:10Z', true, { action: 'operator-key.created', ...keyAbout });
        await expectSaved((audit) => store.saveOperatorKey({ ...key, keyHash: 'h' }, audit), '2031-01-01T00:00:11Z', false, { action: 'operator-key.created', ...keyAbout });
        await expectSaved((audit) => store.deleteOperatorKey(key.keyId, audit), '2031-01-01T00:00:12Z', true, { action: 'operator-key.revoked', ...keyAbout });
        await expectSaved((audit) => store.deleteOperatorKey(key.keyId, audit), '2031-01-01T00:00:13Z', false, { action: 'operator-key.revoked', ...keyAbout });

        expect((await store.auditEntries(year2031)).items).toEqual([...made].reverse());
        // The community's own: every entry about it, none of the county's (the operator key's).
        expect(idsOf((await store.auditEntries({ ...year2031, communityIds: ['aud-a'] })).items)).toEqual(idsOf(made.filter((m) => m.communityId === 'aud-a')).reverse());
      });

      it("lists a community's entries between two instants, newest first, and pages through several communities or the county once each", async () => {
        const p = ['2032-03-01T00:00:00Z', '2032-03-02T00:00:00Z', '2032-03-03T00:00:00Z', '2032-03-04T00:00:00Z', '2032-03-05T00:00:00Z'].map((iso) => entry(iso, { communityId: 'aud-p' }));
        const q = ['2032-03-01T12:00:00Z', '2032-03-03T12:00:00Z', '2032-03-05T12:00:00Z'].map((iso) => entry(iso, { communityId: 'aud-q' }));
        const county = entry('2032-03-02T12:00:00Z', { action: 'operator-key.created' });
        for (const recorded of [...p, ...q, county]) await store.recordAudit(recorded);
        const march = { from: at('2032-03-01T00:00:00Z'), to: at('2032-03-31T00:00:00Z') };
        const newestFirst = (entries: AuditEntry[]) => idsOf([...entries].sort((a, b) => (a.at < b.at ? 1 : -1)));

        // Both bounds are kept.
        const middle = await store.auditEntries({ communityIds: ['aud-p'], from: at('2032-03-02T00:00:00Z'), to: at('2032-03-04T00:00:00Z'), limit: 100 });
        expect(idsOf(middle.items)).toEqual(idsOf([p[3]!, p[2]!, p[1]!]));
        expect(middle.next).toBeUndefined();

        const two = await allPages(store, { communityIds: ['aud-p', 'aud-q'], ...march, limit: 3 });
        expect(idsOf(two.items)).toEqual(newestFirst([...p, ...q]));
        expect(two.pages).toBe(3);
        const all = await allPages(store, { ...march, limit: 2 });
        expect(idsOf(all.items)).toEqual(newestFirst([...p, ...q, county]));
        expect(all.pages).toBe(5);
        expect((await store.auditEntries({ communityIds: ['aud-none'], ...march, limit: 10 })).items).toEqual([]);
      });

      it('refuses a cursor it did not give, and one of another list', async () => {
        const march = { from: at('2032-03-01T00:00:00Z'), to: at('2032-03-31T00:00:00Z'), limit: 2 };
        const ofTheCounty = (await store.auditEntries(march)).next!;
        const ofOne = (await store.auditEntries({ ...march, communityIds: ['aud-p'] })).next!;
        expect((await store.auditEntries({ ...march, cursor: ofTheCounty })).items).toHaveLength(2);
        await expect(store.auditEntries({ ...march, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.auditEntries({ ...march, communityIds: ['aud-p'], cursor: ofTheCounty })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.auditEntries({ ...march, cursor: ofOne })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.auditEntries({ ...march, communityIds: ['aud-p', 'aud-q'], cursor: ofOne })).rejects.toBeInstanceOf(ValidationError);
      });
    });
  });

contract('in memory', async () => {
  const table = new MemoryTable();
  return { ...memoryStores(table), ...memoryRowSettle(table) };
});
contract('DynamoDB Local', async () => {
  const { tableName } = await useFreshTable();
  const table = dynamoTable(documentClient(), tableName);
  return { ...checkpointStore(table), ...escalationHandlerStore(table), ...operatorKeyStore(table), settle: noticeRows(table).settle };
});
