/**
 * The escalations' fake: read one, a group's members with their checkpoints, the active ones as the
 * status index lists them — open, then acknowledged, newest first; the history's list as its port
 * says: the newest `limit` of the communities asked (newestFirst). And the commit: the escalation at
 * the version read, its checkpoint freed when it ends and still points at it (else the escalation
 * alone, as the table's adapter does), its audit entry, and its rows — each row only if it is not there
 * already (a retry, a group's shared row another member wrote), all of it or nothing.
 */
import type { EscalationHistory } from '../../../functions/adapters/escalations';
import { newestFirst, type AckStore, type EscalationCommits, type StepStore, type SweepStore } from '../../../functions/domain/escalation';
import type { Escalation, EscalationStatus } from '../../../functions/domain/model';
import { byKey, copy, noticePlace, type MemoryTable, type NoticeRecord } from './memory-table';

const withStatus = (table: MemoryTable, status: EscalationStatus): Escalation[] =>
  byKey(
    [...table.escalations.values()].filter((e) => e.status === status).map((e) => [`${e.communityId}#${e.openedAt}#${e.escalationId}`, copy(e)]),
    true,
  );

export const memoryEscalations = (table: MemoryTable): Pick<StepStore, 'escalation' | 'members'> & Pick<AckStore, 'escalation'> & Pick<SweepStore, 'activeEscalations'> => ({
  escalation: async (escalationId) => copy(table.escalations.get(escalationId)),
  members: async (escalationIds) =>
    [...new Set(escalationIds)].flatMap((id) => {
      const escalation = table.escalations.get(id);
      const checkpoint = escalation && table.checkpoints.get(escalation.checkpointId);
      return escalation && checkpoint ? [{ escalation: copy(escalation), checkpoint: copy(checkpoint) }] : [];
    }),
  activeEscalations: async () => [...withStatus(table, 'open'), ...withStatus(table, 'acknowledged')],
});

/** The rows of a subject, made if need be. */
export const rowsOf = (table: MemoryTable, subjectId: string): Map<string, NoticeRecord> => {
  let rows = table.notices.get(subjectId);
  if (!rows) table.notices.set(subjectId, (rows = new Map()));
  return rows;
};

export const memoryCommits = (table: MemoryTable): EscalationCommits => ({
  commit: async (change, now) => {
    const { escalation } = change;
    if (table.escalations.get(escalation.escalationId)?.version !== change.expectedVersion) return false;
    table.escalations.set(escalation.escalationId, copy(escalation));
    const checkpoint = table.checkpoints.get(escalation.checkpointId);
    if (change.ends && checkpoint?.openEscalationId === escalation.escalationId) {
      const { openEscalationId: _id, ...rest } = checkpoint;
      table.checkpoints.set(checkpoint.checkpointId, { ...rest, version: checkpoint.version + 1 });
    }
    table.recordAudit(change.audit);
    const at = now.toISOString();
    for (const row of change.rows) {
      const rows = rowsOf(table, row.notice.escalationId);
      const place = noticePlace(row.notice);
      if (rows.has(place)) continue;
      const settled = row.groupedInto !== undefined;
      rows.set(place, copy({
        ...row.notice,
        content: row.content,
        links: row.links,
        createdAt: at,
        attempts: 0,
        ...(settled ? { outcome: 'grouped' as const, via: 'group', groupedInto: row.groupedInto } : { outcome: 'pending' as const, ...(row.notBefore && { notBefore: row.notBefore }) }),
      }));
    }
    for (const { notice, why } of change.unreached ?? []) {
      const rows = rowsOf(table, notice.escalationId);
      const place = noticePlace(notice);
      if (!rows.has(place)) rows.set(place, { ...notice, outcome: 'failed', error: why.slice(0, 300), createdAt: at, failedAt: at, attempts: 0 });
    }
    return true;
  },
});

export const memoryEscalationHistory = (table: MemoryTable): Pick<EscalationHistory, 'listEscalations'> => ({
  listEscalations: async ({ communityIds, statuses, limit }) =>
    [...table.escalations.values()]
      .filter((e) => communityIds.includes(e.communityId) && (!statuses || statuses.includes(e.status)))
      .sort(newestFirst)
      .slice(0, limit)
      .map(copy),
});
