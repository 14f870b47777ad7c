/** The alert groups' fake: a group's notice for one level, repeat and address is claimed by one escalation (again by the same one). */
import type { AlertGroups } from '../../../functions/domain/escalation';
import { copy, groupNoticePlace, type MemoryTable } from './memory-table';

export const memoryAlertGroups = (table: MemoryTable): AlertGroups => ({
  saveGroup: async (group) => void table.groups.set(group.groupId, copy(group)),
  group: async (groupId) => copy(table.groups.get(groupId)),
  claimGroupNotice: async (claim) => {
    const place = groupNoticePlace(claim);
    const by = table.groupNotices.get(place);
    if (by !== undefined && by !== claim.by) return false;
    table.groupNotices.set(place, claim.by);
    return true;
  },
});
