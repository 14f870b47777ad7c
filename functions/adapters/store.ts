/**
 * The store of registration and ingest: communities and checkpoints (read, written, listed), their
 * readings, and the audit trail their changes are recorded in, composed of the adapters of those ports
 * over one table. Only the adapters know item shapes and keys.
 */
import { auditTrail } from './audit-trail';
import { readingLog } from './readings';
import { registryLists, registryReads, registryWrites } from './registry';
import type { Table } from './table';

export const checkpointStore = (table: Table, options: { readingRetentionDays?: number } = {}) => ({
  ...registryReads(table),
  ...registryWrites(table),
  ...registryLists(table),
  ...readingLog(table, { ...(options.readingRetentionDays !== undefined && { retentionDays: options.readingRetentionDays }) }),
  ...auditTrail(table),
});

export type CheckpointStore = ReturnType<typeof checkpointStore>;
