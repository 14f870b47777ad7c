/**
 * What a fever reading does to the gate's alerts, worked out without touching storage, for the reading's
 * own transaction: nothing (no fever case for its community), a new fever alert, or the open one with
 * the new cases. The alert is an escalation with `cause: 'fever'` whose policy is the community's fever
 * policy, frozen as it opens, and whose first level is told at once (its `after`, PT0S by default,
 * counts from the moment it opened). Pure.
 */
import { firstActionAt } from '../escalation/rules';
import type { Checkpoint, Community, Escalation, StoredReading } from '../model';
import { placeFevers } from './joining';
import { feverCasesOf, feverPolicyOf, feverThresholdOf } from './rule';

export type FeverPlan = { open: Escalation } | { join: Escalation; expectedVersion: number };

export const planFever = (input: {
  reading: Pick<StoredReading, 'readingId' | 'receivedAt' | 'observedAt' | 'officer' | 'feverCount' | 'maxTempC' | 'feverCases'>;
  checkpoint: Checkpoint;
  community: Community | undefined;
  /** The gate's active fever alerts (any others are ignored). */
  alerts: readonly Escalation[];
  /** The new alert's id, if one opens. */
  newId: () => string;
  now: Date;
}): FeverPlan | undefined => {
  const { checkpoint, community, now } = input;
  const cases = feverCasesOf(input.reading, checkpoint, feverThresholdOf(community));
  const placed = placeFevers(cases, checkpoint.checkpointId, input.alerts, now);
  if (!placed) return undefined;
  if ('join' in placed) {
    const open = input.alerts.find((alert) => alert.escalationId === placed.join)!;
    return { join: { ...open, cases: placed.cases, version: open.version + 1 }, expectedVersion: open.version };
  }
  const policy = feverPolicyOf(community);
  return {
    open: {
      escalationId: input.newId(),
      cause: 'fever',
      checkpointId: checkpoint.checkpointId,
      communityId: checkpoint.communityId,
      status: 'open',
      level: 0,
      repeats: 0,
      // An escalation's levels count from this instant: for a fever, when the alert opened.
      missedDeadline: now.toISOString(),
      openedAt: now.toISOString(),
      nextActionAt: firstActionAt(policy, now).toISOString(),
      policy,
      notified: [],
      cases: placed.open,
      version: 0,
    },
  };
};
