/** Alert groups in the table, and the group's notices: one claim per level, repeat and address. */
import type { AlertGroups } from '../domain/escalation/ports';
import type { AlertGroup } from '../domain/model';
import { groupKey, groupNoticeKey } from './keys';
import type { Table } from './table';

export const alertGroups = (table: Table): AlertGroups => ({
  saveGroup: (group) => table.put({ ...groupKey(group.groupId), ...group }),
  group: (groupId) => table.get<AlertGroup>(groupKey(groupId)),
  // The member that claimed it may claim it again: its own task, retried.
  claimGroupNotice: (claim) =>
    table.putIf({ ...groupNoticeKey(claim.groupId, claim.level, claim.repeat, claim.recipient), claimedBy: claim.by }, 'attribute_not_exists(pk) OR claimedBy = :by', { ':by': claim.by }),
});
