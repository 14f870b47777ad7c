/** The alert groups' fake: a group as saved. */
import type { StepStore, SweepStore } from '../../../functions/domain/escalation';
import { copy, type MemoryTable } from './memory-table';

export const memoryAlertGroups = (table: MemoryTable): Pick<SweepStore, 'saveGroup'> & Pick<StepStore, 'group'> => ({
  saveGroup: async (group) => void table.groups.set(group.groupId, copy(group)),
  group: async (groupId) => copy(table.groups.get(groupId)),
});
