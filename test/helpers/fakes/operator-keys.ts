/**
 * Operator keys' fake: one record per key id, saved only when the id is free and deleted only when it
 * is there, each with its audit entry recorded only when the write is made, as the table's adapter does.
 */
import type { OperatorKeyStore } from '../../../functions/domain/operators';
import { byKey, copy, type MemoryTable } from './memory-table';

export const memoryOperatorKeys = (table: MemoryTable): OperatorKeyStore => ({
  operatorKey: async (keyId) => copy(table.operatorKeys.get(keyId)),
  operatorKeys: async () => byKey([...table.operatorKeys.values()].map((key) => [key.keyId, copy(key)])),
  saveOperatorKey: async (key, audit) => {
    if (table.operatorKeys.has(key.keyId)) return false;
    table.operatorKeys.set(key.keyId, copy(key));
    table.recordAudit(audit);
    return true;
  },
  deleteOperatorKey: async (keyId, audit) => {
    if (!table.operatorKeys.delete(keyId)) return false;
    table.recordAudit(audit);
    return true;
  },
});
