/**
 * The fakes composed as the DynamoDB adapters are (functions/adapters/store.ts, escalation-store.ts):
 * what registration and ingest use (with the audit trail their changes are recorded in), each
 * escalation use case's port, and operator keys, all over one memory table.
 */
import type { AckStore, StepStore, SweepStore } from '../../../functions/domain/escalation';
import { memoryAlertGroups } from './alert-groups';
import { memoryAuditTrail } from './audit-trail';
import { memoryDeadlines } from './deadlines';
import { memoryCommits, memoryEscalationHistory, memoryEscalations } from './escalations';
import { MemoryTable } from './memory-table';
import { memoryBounceLog, memoryNoticeList, memoryNoticeReads } from './notice-log';
import { memoryOperatorKeys } from './operator-keys';
import { memoryReadingLog } from './readings';
import { memoryRegistryLists, memoryRegistryReads, memoryRegistryWrites } from './registry';

export const memoryCheckpointStore = (table: MemoryTable) => ({
  ...memoryRegistryReads(table),
  ...memoryRegistryWrites(table),
  ...memoryRegistryLists(table),
  ...memoryReadingLog(table),
  ...memoryAuditTrail(table),
});

export const memoryStepStore = (table: MemoryTable): StepStore => {
  const { checkpoint, community } = memoryRegistryReads(table);
  const { escalation, members } = memoryEscalations(table);
  return { escalation, checkpoint, community, group: memoryAlertGroups(table).group, members, ...memoryNoticeReads(table), ...memoryCommits(table) };
};

export const memorySweepStore = (table: MemoryTable): SweepStore => {
  const { checkpoint, community } = memoryRegistryReads(table);
  return { ...memoryDeadlines(table), checkpoint, community, activeEscalations: memoryEscalations(table).activeEscalations, saveGroup: memoryAlertGroups(table).saveGroup, ...memoryCommits(table) };
};

export const memoryAckStore = (table: MemoryTable): AckStore => {
  const { checkpoint, community } = memoryRegistryReads(table);
  return { escalation: memoryEscalations(table).escalation, checkpoint, community, ...memoryCommits(table) };
};

export const memoryEscalationStore = (table: MemoryTable): StepStore & SweepStore & AckStore => ({ ...memoryStepStore(table), ...memorySweepStore(table), ...memoryAckStore(table) });

/** Everything a test world writes and reads, over one table: what the escalation functions' store holds (escalation-store.ts's escalationHandlerStore) and the registry's. */
export const memoryStores = (table: MemoryTable = new MemoryTable()) => ({
  ...memoryCheckpointStore(table),
  ...memoryEscalationStore(table),
  ...memoryEscalationHistory(table),
  ...memoryBounceLog(table),
  ...memoryNoticeList(table),
  ...memoryOperatorKeys(table),
});

export type MemoryStores = ReturnType<typeof memoryStores>;

export { MemoryTable } from './memory-table';
