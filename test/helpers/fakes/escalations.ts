/**
 * The escalations' fake: saved only at the version read; closed at the version read, freeing the
 * checkpoint when it still points at this escalation (else closed alone, as the table's adapter does);
 * the active ones listed as the status index lists them — open, then acknowledged, newest first; the
 * history's list as its port says: the newest `limit` of the communities asked (newestFirst).
 */
import type { EscalationHistory } from '../../../functions/adapters/escalations';
import { newestFirst, type Escalations } from '../../../functions/domain/escalation';
import type { Escalation, EscalationStatus } from '../../../functions/domain/model';
import { byKey, copy, type MemoryTable } from './memory-table';

const withStatus = (table: MemoryTable, status: EscalationStatus): Escalation[] =>
  byKey(
    [...table.escalations.values()].filter((e) => e.status === status).map((e) => [`${e.communityId}#${e.openedAt}#${e.escalationId}`, copy(e)]),
    true,
  );

export const memoryEscalations = (table: MemoryTable): Escalations => {
  const saveEscalation: Escalations['saveEscalation'] = async (escalation, expectedVersion, audit) => {
    if (table.escalations.get(escalation.escalationId)?.version !== expectedVersion) return false;
    table.escalations.set(escalation.escalationId, copy(escalation));
    table.recordAudit(audit);
    return true;
  };
  return {
    escalation: async (escalationId) => copy(table.escalations.get(escalationId)),
    escalations: async (escalationIds) => [...new Set(escalationIds)].flatMap((id) => (table.escalations.has(id) ? [copy(table.escalations.get(id)!)] : [])),
    activeEscalations: async () => [...withStatus(table, 'open'), ...withStatus(table, 'acknowledged')],
    saveEscalation,
    addNotified: async (escalationId, address) => {
      const stored = table.escalations.get(escalationId);
      if (!stored || stored.notified.includes(address)) return false;
      table.escalations.set(escalationId, { ...copy(stored), notified: [...stored.notified, address], version: stored.version + 1 });
      return true;
    },
    closeEscalation: async (escalation, expectedVersion) => {
      if (!(await saveEscalation(escalation, expectedVersion))) return false;
      const checkpoint = table.checkpoints.get(escalation.checkpointId);
      if (checkpoint?.openEscalationId === escalation.escalationId) {
        const { openEscalationId: _id, ...rest } = checkpoint;
        table.checkpoints.set(checkpoint.checkpointId, { ...rest, version: checkpoint.version + 1 });
      }
      return true;
    },
  };
};

export const memoryEscalationHistory = (table: MemoryTable): Pick<EscalationHistory, 'listEscalations'> => ({
  listEscalations: async ({ communityIds, statuses, limit }) =>
    [...table.escalations.values()]
      .filter((e) => communityIds.includes(e.communityId) && (!statuses || statuses.includes(e.status)))
      .sort(newestFirst)
      .slice(0, limit)
      .map(copy),
});
