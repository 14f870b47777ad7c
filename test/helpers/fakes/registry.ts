/**
 * The registry's fakes: reads by key (RegistryReads), creates and replaces under the same conditions
 * as the table's (a create only when absent, a replace only at the version read) with the audit entry
 * recorded only when the write is made, and a community's checkpoints in the parent index's order.
 */
import type { RegistryReads } from '../../../functions/domain/escalation';
import type { RegistryStore } from '../../../functions/domain/registry';
import { byKey, copy, type MemoryTable } from './memory-table';

export const memoryRegistryReads = (table: MemoryTable): RegistryReads => ({
  community: async (communityId) => copy(table.communities.get(communityId)),
  checkpoint: async (checkpointId) => copy(table.checkpoints.get(checkpointId)),
  // One batch read: each id once, those that exist.
  checkpoints: async (checkpointIds) => [...new Set(checkpointIds)].flatMap((id) => (table.checkpoints.has(id) ? [copy(table.checkpoints.get(id)!)] : [])),
});

export const memoryRegistryWrites = (table: MemoryTable): Pick<RegistryStore, 'saveCommunity' | 'saveCheckpoint'> => ({
  saveCommunity: async (community, isNew, audit) => {
    const stored = table.communities.get(community.communityId);
    if (isNew === (stored !== undefined)) return false;
    if (!isNew && community.version !== undefined && (stored!.version ?? 0) !== community.version - 1) return false;
    table.communities.set(community.communityId, copy(community));
    table.recordAudit(audit);
    return true;
  },
  saveCheckpoint: async (checkpoint, expectedVersion, audit) => {
    const current = table.checkpoints.get(checkpoint.checkpointId);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return false;
    table.checkpoints.set(checkpoint.checkpointId, copy(checkpoint));
    table.recordAudit(audit);
    return true;
  },
});

export const memoryRegistryLists = (table: MemoryTable): Pick<RegistryStore, 'checkpointsOf'> => ({
  checkpointsOf: async (communityId) =>
    byKey([...table.checkpoints.values()].filter((checkpoint) => checkpoint.communityId === communityId).map((checkpoint) => [checkpoint.checkpointId, copy(checkpoint)])),
});
