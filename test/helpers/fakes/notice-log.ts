/**
 * The notices' fake: what an escalation's page lists (rows and older records, in key order), whom
 * earlier level notices did not reach (rows failed or tried again, addresses bouncing), and — the
 * summaries' shim — a notice is claimed once (again only when its last outcome was 'deferred',
 * for the retry, and not waiting in the outbox; or when its claim is stale with no outcome since),
 * each claim counted in `attempts`; an outcome is written whether or not a claim
 * exists (an update, as in the table, creates the record, with the notice's own fields); addresses compared without case. And the
 * mail service's bounce log.
 */
import { IN_OUTBOX, NOTICE_CLAIM_STALE_MS, type NoticeLog, type StepStore } from '../../../functions/domain/escalation';
import type { Notice } from '../../../functions/domain/model';
import { byKey, copy, noticePlace, type MemoryTable, type NoticeRecord } from './memory-table';

const recordsOf = (table: MemoryTable, escalationId: string): Map<string, NoticeRecord> => {
  let records = table.notices.get(escalationId);
  if (!records) table.notices.set(escalationId, (records = new Map()));
  return records;
};

export const memoryNoticeLog = (table: MemoryTable): NoticeLog => ({
  claimNotice: async (claim, now) => {
    const records = recordsOf(table, claim.escalationId);
    const place = noticePlace(claim);
    const current = records.get(place);
    const retry = current?.outcome === 'deferred' && current.via !== IN_OUTBOX;
    const stale = current?.outcome === 'sending' && current.claimedAt !== undefined && current.claimedAt < new Date(now.getTime() - NOTICE_CLAIM_STALE_MS).toISOString();
    if (current && !retry && !stale) return false;
    records.set(place, {
      ...current,
      escalationId: claim.escalationId,
      kind: claim.kind,
      level: claim.level,
      repeat: claim.repeat,
      recipient: claim.recipient,
      outcome: 'sending',
      claimedAt: now.toISOString(),
      attempts: (current?.attempts ?? 0) + 1,
    });
    return true;
  },

  markNotice: async (notice, outcome, detail) => {
    const records = recordsOf(table, notice.escalationId);
    const place = noticePlace(notice);
    const at = outcome === 'sent' ? 'sentAt' : outcome === 'failed' || outcome === 'deferred' ? 'failedAt' : 'decidedAt';
    const { escalationId, kind, level, repeat, recipient } = notice;
    records.set(place, {
      escalationId,
      kind,
      level,
      repeat,
      recipient,
      ...records.get(place),
      outcome,
      [at]: detail.at.toISOString(),
      ...(detail.error && { error: detail.error.slice(0, 300) }),
      ...(detail.via && { via: detail.via }),
    });
  },

  notices: async (escalationId) => byKey(table.notices.get(escalationId) ?? new Map()).map((record) => copy(record) as Notice),
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
