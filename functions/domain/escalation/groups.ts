/**
 * Alert groups: escalations of one community opened by one sweep. Each address (a person or a channel)
 * told about two or more of them at a level gets one grouped notice for all, sent by whichever member's
 * flow claims it first.
 */
import type { AlertGroup, Checkpoint, Community, Escalation } from '../model';
import type { EscalationDeps } from './deps';
import { recipientsOf } from './recipients';
import { hasReportedSince } from './rules';

/** What a level-notice task says: the escalation, the level and repeat, and whom it is for. */
export interface NoticeTask {
  escalationId: string;
  level: number;
  repeat: number;
  recipient: string;
  name: string;
  role: string;
}

export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Who each level of each member tells: address → the members' escalations it is told about. */
export const recipientsByLevel = (members: { escalation: Escalation; checkpoint: Checkpoint }[], community: Community | undefined, now: Date): AlertGroup['recipients'] => {
  const byLevel: AlertGroup['recipients'] = {};
  for (const { escalation, checkpoint } of members) {
    escalation.policy.levels.forEach((level, index) => {
      const addresses = (byLevel[String(index + 1)] ??= {});
      for (const recipient of recipientsOf(index + 1, level.notify, checkpoint, community, now)) {
        (addresses[recipient.address.toLowerCase()] ??= []).push(escalation.escalationId);
      }
    });
  }
  return byLevel;
};

/** The group's escalations this notice's recipient is told about at its level, when that is more than this one. */
export const sharedNotice = async (deps: EscalationDeps, escalation: Escalation, task: NoticeTask): Promise<{ group: AlertGroup; escalationIds: string[] } | undefined> => {
  if (!escalation.groupId) return undefined;
  const group = await deps.store.group(escalation.groupId);
  const escalationIds = group?.recipients?.[String(task.level)]?.[task.recipient.toLowerCase()] ?? [];
  return group && escalationIds.length > 1 ? { group, escalationIds } : undefined;
};

/** Of the escalations a recipient shares, those still open, whose checkpoint has not reported, that tell them now. */
export const groupMembers = async (
  deps: EscalationDeps,
  escalationIds: string[],
  own: Escalation,
  task: NoticeTask,
  community: Community | undefined,
  now: Date,
): Promise<{ escalation: Escalation; checkpoint: Checkpoint }[]> => {
  const others = await deps.store.escalations(escalationIds.filter((id) => id !== own.escalationId));
  const open = [own, ...others].filter((escalation) => escalation.status === 'open');
  const checkpoints = new Map((await deps.store.checkpoints(open.map((escalation) => escalation.checkpointId))).map((c) => [c.checkpointId, c]));
  const members: { escalation: Escalation; checkpoint: Checkpoint }[] = [];
  for (const escalation of open.sort((a, b) => escalationIds.indexOf(a.escalationId) - escalationIds.indexOf(b.escalationId))) {
    const checkpoint = checkpoints.get(escalation.checkpointId);
    if (!checkpoint || hasReportedSince(checkpoint, escalation)) continue;
    const notify = escalation.policy.levels[task.level - 1]?.notify ?? [];
    if (recipientsOf(task.level, notify, checkpoint, community, now).some((r) => sameAddress(r.address, task.recipient))) members.push({ escalation, checkpoint });
  }
  return members;
};
