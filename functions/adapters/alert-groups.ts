/** Alert groups in the table: the group, naming its members and whom each level tells about which. */
import type { SweepStore, StepStore } from '../domain/escalation/ports';
import type { AlertGroup } from '../domain/model';
import { groupKey } from './keys';
import type { Table } from './table';

export const alertGroups = (table: Table): Pick<SweepStore, 'saveGroup'> & Pick<StepStore, 'group'> => ({
  saveGroup: (group) => table.put({ ...groupKey(group.groupId), ...group }),
  group: (groupId) => table.get<AlertGroup>(groupKey(groupId)),
});
