/**
 * The notice rows' fake (the NoticeRows port of domain/delivery/sender.ts), with `write`, the row put
 * a change makes in its transaction (putNewRow): once per key. It keeps what the table keeps — the
 * row, and while it waits its place in the two indexes (its destination's, oldest first; its due
 * time) — and answers each conditional write as the table's condition does. test/contract/
 * notice-rows.test.ts runs the same cases on this and on DynamoDB Local.
 */
import type { NewRow, NoticeRef, NoticeRow } from '../../../functions/domain/delivery/rows';
import type { Holder, NoticeRows } from '../../../functions/domain/delivery/sender';
import { copy, noticePlace } from './memory-table';

/** A row as held: the row, and its index keys while it waits. */
type Held = NoticeRow & { waitingSort?: string; dueAt?: string; decidedAt?: string };

const pad = (n: number) => String(n).padStart(2, '0');
const placeOf = (notice: NoticeRef) => `${notice.escalationId}|${noticePlace(notice)}`;

export class MemoryNoticeRows implements NoticeRows {
  /** By subject and place: what the table holds under NOTICE#. */
  readonly held = new Map<string, Held>();

  /** Writes a new row as putNewRow does: false when a row with its key is there already. */
  write(row: NewRow, now: Date): boolean {
    const place = placeOf(row.notice);
    if (this.held.has(place)) return false;
    const createdAt = now.toISOString();
    const { notice } = row;
    const waiting = row.groupedInto === undefined;
    this.held.set(place, {
      ...copy(row),
      createdAt,
      attempts: 0,
      ...(waiting
        ? { outcome: 'pending', waitingSort: `${createdAt}#${notice.escalationId}#${notice.kind}#${pad(notice.level)}#${pad(notice.repeat)}`, dueAt: row.notBefore ?? createdAt }
        : { outcome: 'grouped', via: 'group' }),
    });
    return true;
  }

  /** A row as stored (undefined when never written). */
  row(notice: NoticeRef): NoticeRow | undefined {
    const held = this.held.get(placeOf(notice));
    if (!held) return undefined;
    const { waitingSort: _s, dueAt: _d, decidedAt: _at, ...row } = copy(held);
    return row;
  }

  /** Every row, as stored. */
  all(): NoticeRow[] {
    return [...this.held.values()].map((held) => this.row(held.notice)!);
  }

  async waiting(recipient: string, limit: number): Promise<NoticeRow[]> {
    const to = recipient.toLowerCase();
    return [...this.held.values()]
      .filter((row) => row.waitingSort !== undefined && row.notice.recipient.toLowerCase() === to)
      .sort((a, b) => (a.waitingSort! < b.waitingSort! ? -1 : a.waitingSort! > b.waitingSort! ? 1 : 0))
      .slice(0, limit)
      .filter((row) => row.outcome === 'pending' || row.outcome === 'sending')
      .map((row) => this.row(row.notice)!);
  }

  async due(now: Date): Promise<string[]> {
    const at = now.toISOString();
    const since = new Map<string, string>();
    for (const row of this.held.values()) {
      if (row.dueAt === undefined || row.dueAt > at) continue;
      const recipient = row.notice.recipient.toLowerCase();
      const seen = since.get(recipient);
      if (seen === undefined || row.dueAt < seen) since.set(recipient, row.dueAt);
    }
    return [...since.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([recipient]) => recipient);
  }

  async claim(notice: NoticeRef, now: Date, leaseUntil: Date): Promise<boolean> {
    const row = this.held.get(placeOf(notice));
    const at = now.toISOString();
    if (!row) return false;
    const free = (row.outcome === 'pending' && (row.notBefore === undefined || row.notBefore <= at)) || (row.outcome === 'sending' && row.leaseUntil !== undefined && row.leaseUntil < at);
    if (!free) return false;
    Object.assign(row, { outcome: 'sending', leaseUntil: leaseUntil.toISOString(), dueAt: leaseUntil.toISOString() });
    return true;
  }

  async settle(notice: NoticeRef, settled: Parameters<NoticeRows['settle']>[1], by: Holder): Promise<boolean> {
    const row = this.held.get(placeOf(notice));
    if (!row || !holds(row, by)) return false;
    const at = settled.at.toISOString();
    Object.assign(row, { outcome: settled.outcome });
    if (settled.outcome === 'sent') Object.assign(row, { sentAt: at }, settled.via && { via: settled.via });
    if (settled.outcome === 'skipped') row.decidedAt = at;
    if (settled.outcome === 'failed') {
      Object.assign(row, { failedAt: at, error: settled.error.slice(0, 300) }, settled.attempts !== undefined && { attempts: settled.attempts }, settled.deadLettered && { deadLettered: true });
    }
    delete row.waitingSort;
    delete row.dueAt;
    return true;
  }

  async postpone(notice: NoticeRef, wait: Parameters<NoticeRows['postpone']>[1], by: Holder): Promise<boolean> {
    const row = this.held.get(placeOf(notice));
    if (!row || !holds(row, by)) return false;
    const notBefore = wait.notBefore.toISOString();
    Object.assign(row, { outcome: 'pending', notBefore, dueAt: notBefore }, wait.attempts !== undefined && { attempts: wait.attempts }, wait.error && { error: wait.error.slice(0, 300) });
    delete row.leaseUntil;
    return true;
  }
}

/** As the table's condition reads: the claim's own lease, or the row free and due at that instant. */
const holds = (row: Held, by: Holder): boolean => {
  if ('lease' in by) return row.outcome === 'sending' && row.leaseUntil === by.lease.toISOString();
  const at = by.freeAt.toISOString();
  return (row.outcome === 'pending' && (row.notBefore === undefined || row.notBefore <= at)) || (row.outcome === 'sending' && row.leaseUntil !== undefined && row.leaseUntil < at);
};
