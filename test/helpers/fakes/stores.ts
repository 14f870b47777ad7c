/**
 * The fakes composed as the DynamoDB adapters are (functions/adapters/store.ts, escalation-store.ts):
 * what registration and ingest use (with the audit trail their changes are recorded in), what the
 * escalation core uses, and operator keys, all over one memory table.
 */
import type { EscalationStore } from '../../../functions/domain/escalation';
import { memoryAlertGroups } from './alert-groups';
import { memoryAuditTrail } from './audit-trail';
import { memoryDeadlines } from './deadlines';
import { memoryEscalationHistory, memoryEscalations } from './escalations';
import { memoryFollowUps } from './follow-ups';
import { MemoryTable } from './memory-table';
import { memoryBounceLog, memoryNoticeLog } from './notice-log';
import { memoryOperatorKeys } from './operator-keys';
import { memoryOutbox } from './outbox';
import { memoryReadingLog } from './readings';
import { memoryRegistryLists, memoryRegistryReads, memoryRegistryWrites } from './registry';

export const memoryCheckpointStore = (table: MemoryTable) => ({
  ...memoryRegistryReads(table),
  ...memoryRegistryWrites(table),
  ...memoryRegistryLists(table),
  ...memoryReadingLog(table),
  ...memoryAuditTrail(table),
});

export const memoryEscalationStore = (table: MemoryTable): EscalationStore => ({
  ...memoryRegistryReads(table),
  ...memoryDeadlines(table),
  ...memoryEscalations(table),
  ...memoryNoticeLog(table),
  ...memoryAlertGroups(table),
  ...memoryOutbox(table),
  ...memoryFollowUps(table),
});

/** Everything a test world writes and reads, over one table. */
export const memoryStores = (table: MemoryTable = new MemoryTable()) => ({
  ...memoryCheckpointStore(table),
  ...memoryEscalationStore(table),
  ...memoryEscalationHistory(table),
  ...memoryBounceLog(table),
  ...memoryOperatorKeys(table),
});

export type MemoryStores = ReturnType<typeof memoryStores>;

export { MemoryTable } from './memory-table';
