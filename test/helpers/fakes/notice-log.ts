/**
 * The notices' fake: what an escalation's page lists (its rows, in key order), whom earlier level
 * notices did not reach (rows failed or tried again, addresses bouncing), the sender's record of a row
 * it finds free (`settle`, as NoticeRows.settle with `{ freeAt }`: how the fast contract fails a row),
 * and the mail service's bounce log. Addresses compared without case.
 */
import type { StepStore } from '../../../functions/domain/escalation';
import type { Settled } from '../../../functions/domain/delivery/sender';
import type { NoticeRef } from '../../../functions/domain/delivery/rows';
import type { Notice } from '../../../functions/domain/model';
import { byKey, copy, noticePlace, type MemoryTable, type NoticeRecord } from './memory-table';

export const memoryNoticeList = (table: MemoryTable): { notices(escalationId: string): Promise<Notice[]> } => ({
  notices: async (escalationId) => byKey(table.notices.get(escalationId) ?? new Map()).map((record) => copy(record) as Notice),
});

/** The sender's record of a row free at `at` (pending and due, or its lease over): settled, as the table's condition allows; false otherwise. */
export const memoryRowSettle = (table: MemoryTable) => ({
  settle: async (notice: NoticeRef, settled: Settled, by: { freeAt: Date }): Promise<boolean> => {
    const row = table.notices.get(notice.escalationId)?.get(noticePlace(notice));
    const at = by.freeAt.toISOString();
    const free = row && ((row.outcome === 'pending' && (row.notBefore === undefined || row.notBefore <= at)) || (row.outcome === 'sending' && row.leaseUntil !== undefined && row.leaseUntil < at));
    if (!row || !free) return false;
    const when = settled.at.toISOString();
    row.outcome = settled.outcome;
    if (settled.outcome === 'sent') Object.assign(row, { sentAt: when }, settled.via && { via: settled.via });
    if (settled.outcome === 'skipped') row.decidedAt = when;
    if (settled.outcome === 'failed') Object.assign(row, { failedAt: when, error: settled.error.slice(0, 300) }, settled.attempts !== undefined && { attempts: settled.attempts }, settled.deadLettered && { deadLettered: true });
    return true;
  },
});

export const memoryNoticeReads = (table: MemoryTable): Pick<StepStore, 'notReached'> => ({
  notReached: async (escalationId, level, told) => {
    const notYet = (row: NoticeRecord) => row.outcome === 'deferred' || (row.outcome === 'pending' && (row.attempts ?? 0) > 0);
    const notSent = (row: NoticeRecord) => row.outcome === 'failed' || notYet(row);
    const earlier = byKey(table.notices.get(escalationId) ?? new Map()).filter((row) => row.kind === 'level' && row.level! < level);
    // A row told within an alert group's shared row went as that row went.
    const shared = earlier.flatMap((row) => (row.outcome === 'grouped' && row.groupedInto ? [table.notices.get(row.groupedInto)?.get(noticePlace({ kind: 'level', level: row.level!, repeat: row.repeat!, recipient: row.recipient! }))] : [])).filter((row): row is NoticeRecord => row !== undefined);
    const failed = [...earlier.filter(notSent), ...shared.filter(notSent)];
    const bouncing = [...new Set(told.map((address) => address.toLowerCase()))].filter((address) => table.unreachable.has(address));
    return [...failed.map((row) => ({ recipient: row.recipient!, ...(row.error && { error: row.error }) })), ...bouncing.map((address) => ({ recipient: table.unreachable.get(address)!.address }))];
  },
});

export const memoryBounceLog = (table: MemoryTable) => ({
  markUnreachable: async (address: string, detail: { reason: string; at: Date }): Promise<void> => {
    table.unreachable.set(address.toLowerCase(), { address: address.toLowerCase(), reason: detail.reason, at: detail.at.toISOString() });
  },
});
