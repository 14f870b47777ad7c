/**
 * Opening escalations for fresh streaks of misses: one record per checkpoint, its policy frozen in,
 * and in an alert storm (enough of one community at once) an alert group so that each person and
 * channel is told of them together.
 */
import type { AlertGroup, Checkpoint, Escalation, EscalationPolicySpec, Pause } from '../model';
import { DEFAULT_GROUP_THRESHOLD } from '../limits';
import type { SweepDeps } from './deps';
import { recipientsByLevel } from './groups';
import { missedFields } from './misses';
import { excusingPause, firstActionAt, policyFor } from './rules';
import { inBatches, type Attempt } from './batches';

export interface Miss {
  checkpoint: Checkpoint;
  /** Every slot whose grace ended empty since the watched deadline, oldest first. */
  missed: { start: string; deadline: string }[];
  nextDueAt?: string;
}

/** The misses the checkpoint has not reported since (a reading at a deadline itself came after it, too late for its slot). */
const unreported = (miss: Miss) => miss.missed.filter((slot) => miss.checkpoint.lastReadingAt === undefined || slot.deadline > miss.checkpoint.lastReadingAt);

/**
 * The deadline a streak of misses counts from: the first the checkpoint has neither reported nor been
 * paused since (either ends the escalation). Undefined when each was reported or paused since.
 */
export const streakStart = (miss: Miss): string | undefined => unreported(miss).find((slot) => !excusingPause(miss.checkpoint, { missedDeadline: slot.deadline }))?.deadline;

/** The pause that excuses every miss not reported since, when some were not: they are recorded ended paused. */
export const pausedSinceAll = (miss: Miss): Pause | undefined => {
  const last = unreported(miss).at(-1);
  return last && streakStart(miss) === undefined ? excusingPause(miss.checkpoint, { missedDeadline: last.deadline }) : undefined;
};

/** The last deadline a miss records: the checkpoint is `missed` from it (slots.ts, statusAt). */
export const lastMissed = (miss: Miss): string | undefined => miss.missed.at(-1)?.deadline;

/** A new escalation recording every miss; its notices start from the streak's first deadline. */
export const escalationFor = (deps: Pick<SweepDeps, 'newId'>, miss: Miss, policy: EscalationPolicySpec, now: Date): Escalation => {
  const missedDeadline = streakStart(miss) ?? miss.missed[0]!.deadline;
  return {
    escalationId: deps.newId(),
    checkpointId: miss.checkpoint.checkpointId,
    communityId: miss.checkpoint.communityId,
    status: 'open',
    level: 0,
    repeats: 0,
    cause: 'missed',
    ...missedFields(miss.missed.map((slot) => slot.start)),
    missedDeadline,
    openedAt: now.toISOString(),
    nextActionAt: firstActionAt(policy, new Date(missedDeadline)).toISOString(),
    policy,
    notified: [],
    version: 0,
  };
};

/** Misses the checkpoint has already reported after, before any sweep saw them: recorded, resolved, nobody told. */
export const reportedAlready = (checkpoint: Checkpoint, now: Date): Partial<Escalation> => ({
  status: 'resolved',
  resolvedAt: now.toISOString(),
  resolvedByReadingAt: checkpoint.lastReadingAt!,
  closedAt: now.toISOString(),
});

/**
 * An escalation ended by a pause, who paused and why: misses the checkpoint was paused after (or during)
 * before any sweep saw them are recorded so, nobody told; an open one is closed so (closing.ts).
 */
export const pausedAlready = (pause: Pause, now: Date): Partial<Escalation> => ({
  status: 'paused',
  closedAt: now.toISOString(),
  ...(pause.by && { pausedBy: pause.by }),
  ...(pause.reason && { pausedReason: pause.reason }),
});

/**
 * Opens the escalations of one community's fresh misses and starts their flows, as a group when there
 * are enough of them. The group is written first, naming every escalation about to be opened, so that
 * each flow can start as soon as its own escalation is open and its first notice already sees the whole
 * group. (One that another sweep opened first is simply not found in the group later.) Without the
 * group record (a failed write) the members' notices go out one by one. Starting a flow is idempotent
 * (named by the escalation), so a start repeated runs no second flow.
 */
export const openTogether = async (
  deps: SweepDeps,
  communityId: string,
  misses: Miss[],
  now: Date,
  attempt: Attempt,
): Promise<{ opened: string[]; group?: AlertGroup }> => {
  const community = await deps.store.community(communityId);
  const groupId = misses.length >= (deps.groupThreshold ?? DEFAULT_GROUP_THRESHOLD) ? deps.newId() : undefined;
  const planned = misses.map((miss) => ({ miss, checkpoint: miss.checkpoint, escalation: { ...escalationFor(deps, miss, policyFor(miss.checkpoint, community), now), ...(groupId && { groupId }) } }));
  let group: AlertGroup | undefined;
  if (groupId) {
    const candidate: AlertGroup = {
      groupId,
      communityId,
      escalationIds: planned.map(({ escalation }) => escalation.escalationId),
      openedAt: now.toISOString(),
      recipients: recipientsByLevel(planned, community, now),
    };
    await attempt(groupId, async () => {
      await deps.store.saveGroup(candidate);
      group = candidate;
    });
  }
  const opened: string[] = [];
  await inBatches(planned, ({ miss, escalation, checkpoint }) =>
    attempt(checkpoint.checkpointId, async () => {
      // Conditional on the deadline still being the one we read: of two sweeps at once, one opens it.
      const missedAt = lastMissed(miss);
      if (!(await deps.store.openEscalation({ escalation, expectedDueAt: checkpoint.dueAt!, ...(miss.nextDueAt && { nextDueAt: miss.nextDueAt }), ...(missedAt && { missedAt }) }))) return;
      await deps.flows.start(escalation.escalationId);
      opened.push(escalation.escalationId);
    }),
  );
  return { opened, ...(group && { group }) };
};
