/**
 * Alert groups: escalations of one community opened by one sweep. Each address (a person or a channel)
 * told about two or more of them at a level hears of them in one notice: the group's shared row, which
 * the first member to open the level writes (under the group's id, so that it is one row whoever writes
 * it); every member writes its own row `grouped` into it. A member that comes second finds the shared
 * row there and writes only its own (EscalationCommits.commit leaves a row that exists as it is).
 */
import type { AlertGroup, Checkpoint, Community, Escalation } from '../model';
import { recipientsOf } from './recipients';
import { hasReportedSince } from './rules';

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

/** The group's escalations a recipient is told about at a level, when that is more than one. */
export const sharedWith = (group: AlertGroup | undefined, level: number, recipient: string): string[] | undefined => {
  const ids = group?.recipients?.[String(level)]?.[recipient.toLowerCase()] ?? [];
  return ids.length > 1 ? ids : undefined;
};

/** The subject id of an alert group's shared row: its notices live under the group, not under one member. */
export const groupSubject = (groupId: string): string => `group-${groupId}`;

/** Whether a row's subject is an alert group's (its shared row), not an escalation's. */
export const isGroupSubject = (subjectId: string): boolean => subjectId.startsWith('group-');

/**
 * Of the members a recipient shares (as read, `own` as the Step has it), those still open whose
 * checkpoint has not reported and that tell them at this level, in the group's order.
 */
export const membersToTell = (
  ids: string[],
  own: { escalation: Escalation; checkpoint: Checkpoint },
  read: { escalation: Escalation; checkpoint: Checkpoint }[],
  level: number,
  recipient: string,
  community: Community | undefined,
  now: Date,
): { escalation: Escalation; checkpoint: Checkpoint }[] => {
  const all = [own, ...read.filter((member) => member.escalation.escalationId !== own.escalation.escalationId && ids.includes(member.escalation.escalationId))];
  return all
    .filter(({ escalation, checkpoint }) => escalation.status === 'open' && !hasReportedSince(checkpoint, escalation))
    .filter(({ escalation, checkpoint }) => recipientsOf(level, escalation.policy.levels[level - 1]?.notify ?? [], checkpoint, community, now).some((r) => sameAddress(r.address, recipient)))
    .sort((a, b) => ids.indexOf(a.escalation.escalationId) - ids.indexOf(b.escalation.escalationId));
};
