/**
 * One contract for the notice rows and the pace counters (the ports of domain/delivery/sender.ts and
 * pacing.ts), run on the in-memory fakes (test/helpers/fakes/notice-rows.ts, pace.ts: behind the fast
 * sender tests) and on the DynamoDB adapters (adapters/notice-rows.ts, pace.ts) against DynamoDB
 * Local. Where the fake and the table disagree — a claim's condition, what a destination lists and in
 * which order, what is due, what a settled row keeps — this fails.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { noticeRows, putNewRow, rowKey, rowOf } from '../../functions/adapters/notice-rows';
import { paceCounter } from '../../functions/adapters/pace';
import { dynamoTable, type Item } from '../../functions/adapters/table';
import type { NoticeContent } from '../../functions/domain/delivery/content';
import type { PaceCounter } from '../../functions/domain/delivery/pacing';
import type { NewRow, NoticeRef, NoticeRow } from '../../functions/domain/delivery/rows';
import type { NoticeRows } from '../../functions/domain/delivery/sender';
import { MemoryNoticeRows } from '../helpers/fakes/notice-rows';
import { memoryPace } from '../helpers/fakes/pace';
import { useFreshTable } from '../helpers/table';

interface Subject {
  rows: NoticeRows;
  pace: PaceCounter;
  /** A change's write of a new row: false when it is there already. */
  write(row: NewRow, now: Date): Promise<boolean>;
  /** The row as stored, settled or not. */
  read(notice: NoticeRef): Promise<NoticeRow | undefined>;
  /** Which of the sender's two indexes the stored row is in (its keys there present). */
  indexed(notice: NoticeRef): Promise<{ byParent: boolean; byDeadline: boolean }>;
}

const at = (iso: string) => new Date(iso);
const T0 = at('2026-12-01T08:00:00.000Z');
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

const content = (subject: string): NoticeContent => ({
  type: 'escalation.notice', lang: 'zh-CN', subject, title: subject, lines: [['正文']], actions: [{ label: '确认', url: 'https://api.test/ack' }],
  mentions: { mobiles: ['13800000000'], names: ['王丽'] }, facts: { level: 1 }, occurredAt: T0.toISOString(),
});

/** A fresh destination per case: the cases share one table. */
const fresh = (kind: 'mail' | 'chat' = 'mail') => (kind === 'mail' ? `Leader-${randomUUID().slice(0, 8)}@Example.org` : `chat:community/Town/${randomUUID().slice(0, 8)}`);

const ref = (escalationId: string, recipient: string, overrides: Partial<NoticeRef> = {}): NoticeRef => ({ escalationId, kind: 'level', level: 1, repeat: 0, recipient, ...overrides });

const newRow = (notice: NoticeRef, overrides: Partial<NewRow> = {}): NewRow => ({
  notice, content: content(`about ${notice.escalationId}`), links: [{ label: notice.escalationId, url: `https://api.test/ack/${notice.escalationId}` }], ...overrides,
});

const contract = (name: string, make: () => Promise<Subject>) =>
  describe(`the notice rows' contract: ${name}`, () => {
    let s: Subject;
    beforeAll(async () => {
      s = await make();
    });

    it('writes a row once: a second write of its key finds it there', async () => {
      const notice = ref(`esc-${randomUUID()}`, fresh());
      expect(await s.write(newRow(notice), T0)).toBe(true);
      expect(await s.write(newRow(notice, { content: content('again') }), plus(T0, 1000))).toBe(false);
      expect((await s.read(notice))?.content.subject).toBe(`about ${notice.escalationId}`);
    });

    it("lists a destination's waiting rows oldest first, in any case of its address, with what they carry; not a grouped row, not another destination's", async () => {
      const to = fresh();
      const [a, b, c] = ['a', 'b', 'c'].map((id) => ref(`esc-${id}-${randomUUID()}`, to));
      await s.write(newRow(b!), plus(T0, 2000));
      await s.write(newRow(a!), T0);
      await s.write(newRow(c!, { groupedInto: 'group-1' }), plus(T0, 1000));
      await s.write(newRow(ref('esc-other', fresh())), T0);
      const waiting = await s.rows.waiting(to.toUpperCase(), 100);
      expect(waiting.map((row) => row.notice.escalationId)).toEqual([a!.escalationId, b!.escalationId]);
      expect(waiting[0]).toEqual({ ...newRow(a!), outcome: 'pending', createdAt: T0.toISOString(), attempts: 0 });
      expect(await s.read(c!)).toMatchObject({ outcome: 'grouped', via: 'group', groupedInto: 'group-1' });
    });

    it('finds a destination due once its row is written, or once its notBefore comes', async () => {
      const now = at('2031-01-01T00:00:00.000Z');
      const soon = fresh();
      const later = fresh('chat');
      await s.write(newRow(ref(`esc-${randomUUID()}`, soon)), now);
      await s.write(newRow(ref(`esc-${randomUUID()}`, later), { notBefore: plus(now, 60_000).toISOString() }), now);
      const dueNow = await s.rows.due(now);
      expect(dueNow).toContain(soon.toLowerCase());
      expect(dueNow).not.toContain(later.toLowerCase());
      expect(await s.rows.due(plus(now, 60_000))).toContain(later.toLowerCase());
    });

    it('claims a due row once; not before its notBefore; again only once the lease has run out', async () => {
      const to = fresh();
      const notice = ref(`esc-${randomUUID()}`, to);
      const waits = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice), T0);
      await s.write(newRow(waits, { notBefore: plus(T0, 60_000).toISOString() }), plus(T0, 1));
      const lease = plus(T0, 60_000);
      expect(await s.rows.claim(notice, T0, lease)).toBe(true);
      expect(await s.rows.claim(notice, plus(T0, 1000), plus(T0, 61_000)), 'held by the first claim').toBe(false);
      expect(await s.rows.claim(waits, T0, lease), 'not due yet').toBe(false);
      expect(await s.rows.claim(waits, plus(T0, 60_000), plus(T0, 120_000))).toBe(true);
      // Claimed rows still wait (a lease can run out); their destination is due when it does.
      expect((await s.rows.waiting(to, 100)).map((row) => [row.outcome, row.leaseUntil])).toEqual([['sending', lease.toISOString()], ['sending', plus(T0, 120_000).toISOString()]]);
      expect(await s.rows.claim(notice, lease, plus(lease, 60_000)), 'the lease ends at leaseUntil, not before').toBe(false);
      expect(await s.rows.claim(notice, plus(lease, 1), plus(lease, 60_001))).toBe(true);
    });

    it('a lease run out makes its destination due', async () => {
      const now = at('2032-01-01T00:00:00.000Z');
      const to = fresh();
      const notice = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice), now);
      await s.rows.claim(notice, now, plus(now, 60_000));
      expect(await s.rows.due(plus(now, 30_000))).not.toContain(to.toLowerCase());
      expect(await s.rows.due(plus(now, 60_000))).toContain(to.toLowerCase());
    });

    it('settles a row only by the lease that holds it: sent, out of the indexes', async () => {
      const now = at('2033-01-01T00:00:00.000Z');
      const to = fresh();
      const notice = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice), now);
      const first = plus(now, 60_000);
      await s.rows.claim(notice, now, first);
      const second = plus(now, 120_001);
      await s.rows.claim(notice, plus(first, 1), second);
      expect(await s.rows.settle(notice, { outcome: 'sent', at: now }, { lease: first }), 'the first claim ran out').toBe(false);
      expect(await s.rows.settle(notice, { outcome: 'sent', at: plus(now, 61_000), via: 'bundle' }, { lease: second })).toBe(true);
      expect(await s.rows.settle(notice, { outcome: 'sent', at: plus(now, 62_000) }, { lease: second }), 'settled once').toBe(false);
      expect(await s.read(notice)).toMatchObject({ outcome: 'sent', sentAt: plus(now, 61_000).toISOString(), via: 'bundle' });
      expect(await s.rows.waiting(to, 100)).toEqual([]);
      expect(await s.rows.due(plus(now, 86_400_000))).not.toContain(to.toLowerCase());
    });

    it('settles a free row (pending, or its lease over) without a claim: skipped or failed; not one held by a live lease', async () => {
      const to = fresh('chat');
      const [skip, held, fail] = [1, 2, 3].map((n) => ref(`esc-${n}-${randomUUID()}`, to));
      for (const notice of [skip, held, fail]) await s.write(newRow(notice!), T0);
      await s.rows.claim(held!, T0, plus(T0, 60_000));
      expect(await s.rows.settle(skip!, { outcome: 'skipped', at: T0 }, { freeAt: T0 })).toBe(true);
      expect(await s.rows.settle(held!, { outcome: 'skipped', at: T0 }, { freeAt: plus(T0, 59_999) }), 'its lease holds').toBe(false);
      expect(await s.rows.settle(fail!, { outcome: 'failed', at: T0, error: 'the channel is no longer registered' }, { freeAt: T0 })).toBe(true);
      expect(await s.read(skip!)).toMatchObject({ outcome: 'skipped' });
      expect(await s.read(fail!)).toMatchObject({ outcome: 'failed', failedAt: T0.toISOString(), error: 'the channel is no longer registered' });
      expect((await s.rows.waiting(to, 100)).map((row) => row.notice.escalationId)).toEqual([held!.escalationId]);
    });

    it('records a row given up: failed, its tries, dead-lettered', async () => {
      const notice = ref(`esc-${randomUUID()}`, fresh());
      await s.write(newRow(notice), T0);
      const lease = plus(T0, 60_000);
      await s.rows.claim(notice, T0, lease);
      expect(await s.rows.settle(notice, { outcome: 'failed', at: T0, error: 'still busy', attempts: 20, deadLettered: true }, { lease })).toBe(true);
      expect(await s.read(notice)).toMatchObject({ outcome: 'failed', attempts: 20, deadLettered: true, error: 'still busy' });
    });

    it('lets a claimed row wait again until notBefore, with its tries and why; due and claimable only then', async () => {
      const now = at('2034-01-01T00:00:00.000Z');
      const to = fresh();
      const notice = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice), now);
      const lease = plus(now, 60_000);
      await s.rows.claim(notice, now, lease);
      const notBefore = plus(now, 600_000);
      expect(await s.rows.postpone(notice, { notBefore, attempts: 1, error: 'blocked for ten minutes' }, { lease })).toBe(true);
      expect(await s.rows.postpone(notice, { notBefore: now }, { lease }), 'no longer held by that lease').toBe(false);
      const [row] = await s.rows.waiting(to, 100);
      expect(row).toMatchObject({ outcome: 'pending', notBefore: notBefore.toISOString(), attempts: 1, error: 'blocked for ten minutes' });
      expect(row!.leaseUntil).toBeUndefined();
      expect(await s.rows.due(plus(now, 599_999))).not.toContain(to.toLowerCase());
      expect(await s.rows.due(notBefore)).toContain(to.toLowerCase());
      expect(await s.rows.claim(notice, plus(now, 599_999), plus(now, 700_000))).toBe(false);
      expect(await s.rows.claim(notice, notBefore, plus(notBefore, 60_000))).toBe(true);
    });

    it('lets a free row wait (a pace, the hour) without counting a try', async () => {
      const to = fresh('chat');
      const notice = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice), T0);
      expect(await s.rows.postpone(notice, { notBefore: plus(T0, 20_000), error: 'paced' }, { freeAt: T0 })).toBe(true);
      expect((await s.rows.waiting(to, 100))[0]).toMatchObject({ outcome: 'pending', attempts: 0, notBefore: plus(T0, 20_000).toISOString() });
    });

    it('a row written grouped is in neither index, is never due, and no sender may claim, settle or let it wait', async () => {
      const now = at('2035-01-01T00:00:00.000Z');
      const to = fresh('chat');
      const notice = ref(`esc-${randomUUID()}`, to);
      await s.write(newRow(notice, { groupedInto: 'group-9' }), now);
      expect(await s.indexed(notice)).toEqual({ byParent: false, byDeadline: false });
      expect(await s.rows.due(plus(now, 86_400_000))).not.toContain(to.toLowerCase());
      expect(await s.rows.waiting(to, 100)).toEqual([]);
      expect(await s.rows.claim(notice, plus(now, 1000), plus(now, 61_000)), 'claimed').toBe(false);
      expect(await s.rows.settle(notice, { outcome: 'sent', at: now }, { freeAt: plus(now, 1000) }), 'settled').toBe(false);
      expect(await s.rows.postpone(notice, { notBefore: plus(now, 1000) }, { freeAt: plus(now, 1000) }), 'let wait').toBe(false);
      expect(await s.read(notice)).toMatchObject({ outcome: 'grouped', groupedInto: 'group-9' });
    });

    it('takes a settled row out of both indexes, whatever its outcome; a row let wait stays in both', async () => {
      const now = at('2036-01-01T00:00:00.000Z');
      const to = fresh();
      const [sent, failed, skipped, waits] = [1, 2, 3, 4].map((n) => ref(`esc-${n}-${randomUUID()}`, to));
      for (const notice of [sent, failed, skipped, waits]) await s.write(newRow(notice!), now);
      expect(await s.indexed(sent!)).toEqual({ byParent: true, byDeadline: true });
      const lease = plus(now, 60_000);
      await s.rows.claim(sent!, now, lease);
      await s.rows.settle(sent!, { outcome: 'sent', at: now }, { lease });
      await s.rows.settle(failed!, { outcome: 'failed', at: now, error: 'refused' }, { freeAt: now });
      await s.rows.settle(skipped!, { outcome: 'skipped', at: now }, { freeAt: now });
      await s.rows.postpone(waits!, { notBefore: plus(now, 20_000) }, { freeAt: now });
      for (const notice of [sent, failed, skipped]) expect(await s.indexed(notice!), notice!.escalationId).toEqual({ byParent: false, byDeadline: false });
      expect(await s.indexed(waits!)).toEqual({ byParent: true, byDeadline: true });
    });

    it('a row free but not yet due (its notBefore ahead) is not settled or let wait by one who merely finds it: another sender let it wait', async () => {
      const now = at('2037-01-01T00:00:00.000Z');
      const notice = ref(`esc-${randomUUID()}`, fresh());
      await s.write(newRow(notice, { notBefore: plus(now, 600_000).toISOString() }), now);
      expect(await s.rows.postpone(notice, { notBefore: plus(now, 20_000) }, { freeAt: now })).toBe(false);
      expect(await s.rows.settle(notice, { outcome: 'skipped', at: now }, { freeAt: now })).toBe(false);
      expect(await s.read(notice)).toMatchObject({ outcome: 'pending', notBefore: plus(now, 600_000).toISOString() });
      expect(await s.rows.settle(notice, { outcome: 'skipped', at: now }, { freeAt: plus(now, 600_000) }), 'due then').toBe(true);
    });

    it("lists at most `limit` of a destination's rows, its oldest", async () => {
      const to = fresh();
      const notices = [0, 1, 2, 3, 4].map((n) => ref(`esc-${n}-${randomUUID()}`, to));
      for (const [n, notice] of notices.entries()) await s.write(newRow(notice), plus(T0, (5 - n) * 1000));
      expect((await s.rows.waiting(to, 2)).map((row) => row.notice.escalationId)).toEqual([notices[4]!.escalationId, notices[3]!.escalationId]);
      expect(await s.rows.waiting(to, 5)).toHaveLength(5);
    });

    it('names the destinations due, the longest due first', async () => {
      const now = at('2038-01-01T00:00:00.000Z');
      const [late, early, middle] = [fresh(), fresh('chat'), fresh()];
      await s.write(newRow(ref(`esc-${randomUUID()}`, late)), plus(now, 3000));
      await s.write(newRow(ref(`esc-${randomUUID()}`, early)), now);
      await s.write(newRow(ref(`esc-${randomUUID()}`, middle)), plus(now, 2000));
      await s.write(newRow(ref(`esc-${randomUUID()}`, late)), plus(now, 4000));
      const due = (await s.rows.due(plus(now, 5000))).filter((to) => [late, early, middle].map((r) => r.toLowerCase()).includes(to));
      expect(due).toEqual([early, middle, late].map((r) => r.toLowerCase()));
    });

    it('holds a robot until the latest time asked, and not after it', async () => {
      const key = `robot:${randomUUID()}`;
      expect(await s.pace.heldUntil(key, T0)).toBeUndefined();
      await s.pace.hold(key, plus(T0, 600_000));
      await s.pace.hold(key, plus(T0, 60_000));
      expect(await s.pace.heldUntil(key, plus(T0, 1000))).toEqual(plus(T0, 600_000));
      expect(await s.pace.heldUntil(key.toUpperCase(), plus(T0, 1000)), 'the key in any case').toEqual(plus(T0, 600_000));
      expect(await s.pace.heldUntil(key, plus(T0, 600_000)), 'over when it ends').toBeUndefined();
    });

    it('counts messages per key and window up to the cap, the first always', async () => {
      const key = `robot:${randomUUID()}`;
      const window = { unit: 'pace' as const, start: T0 };
      expect([await s.pace.countNotice(key, window, 2), await s.pace.countNotice(key, window, 2), await s.pace.countNotice(key, window, 2)]).toEqual([true, true, false]);
      expect(await s.pace.countNotice(key, { unit: 'pace', start: plus(T0, 20_000) }, 2), 'a new window').toBe(true);
      expect(await s.pace.countNotice(key, { unit: 'hour', start: T0 }, 2), 'another unit').toBe(true);
      expect(await s.pace.countNotice(key.toUpperCase(), window, 2), 'the key in any case').toBe(false);
      expect(await s.pace.countNotice(`robot:${randomUUID()}`, window, 0), 'the first of a window, whatever the cap').toBe(true);
    });
  });

contract('in memory', async () => {
  const rows = new MemoryNoticeRows();
  return {
    rows,
    pace: memoryPace(),
    write: async (row, now) => rows.write(row, now),
    read: async (notice) => rows.row(notice),
    indexed: async (notice) => {
      const held = [...rows.held.values()].find((row) => JSON.stringify(row.notice) === JSON.stringify(notice));
      return { byParent: held?.waitingSort !== undefined, byDeadline: held?.dueAt !== undefined };
    },
  };
});

contract('DynamoDB Local', async () => {
  const { tableName } = await useFreshTable();
  const db = documentClient();
  const table = dynamoTable(db, tableName);
  return {
    indexed: async (notice) => {
      const { Item: item } = await db.send(new GetCommand({ TableName: tableName, Key: rowKey(notice), ConsistentRead: true }));
      return { byParent: item?.gsi1pk !== undefined || item?.gsi1sk !== undefined, byDeadline: item?.dueShard !== undefined || item?.dueAt !== undefined };
    },
    rows: noticeRows(table),
    pace: paceCounter(table),
    write: (row, now) => table.transactIf([putNewRow(row, now)]),
    read: async (notice) => {
      const item = await table.get<Item>(rowKey(notice));
      return item && rowOf(item);
    },
  };
});
