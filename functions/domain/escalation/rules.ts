/**
 * Escalation: when a checkpoint misses a deadline, its chain of responsibility is told, level by
 * level, until someone acknowledges or the checkpoint reports again. The policy is frozen into the
 * escalation when it opens; every decision here is a pure function of the stored records and `now`.
 */
import type { Checkpoint, Community, EscalationPolicySpec, Escalation, Pause, Shift } from '../model';
import { durationMs, minutesIntoLocalDay } from '../time';
import type { EscalationStatus } from '../model';

/** Shift leader on duty (or the checkpoint leader) at once; 30 minutes on the community secretary; an hour more the committee. */
export const DEFAULT_POLICY: EscalationPolicySpec = {
  levels: [
    { notify: ['onDuty'], after: 'PT0S' },
    { notify: ['secretary'], after: 'PT30M' },
    { notify: ['committee'], after: 'PT1H' },
  ],
  repeatEvery: 'PT1H',
  maxRepeats: 3,
};

export const policyFor = (checkpoint: Checkpoint, community: Community | undefined): EscalationPolicySpec =>
  checkpoint.escalation ?? community?.escalation ?? DEFAULT_POLICY;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The shift on duty at `now` in the checkpoint's zone; a shift may cross midnight (22:00–06:00). */
export const shiftOnDuty = (shifts: readonly Shift[], now: Date, zone: string): Shift | undefined => {
  const minute = minutesIntoLocalDay(now, zone);
  return shifts.find((shift) => {
    const from = minutesOf(shift.from);
    const to = minutesOf(shift.to);
    if (from === to) return true; // a 24-hour shift
    return from < to ? minute >= from && minute < to : minute >= from || minute < to;
  });
};

export const isActive = (escalation: Escalation): boolean => escalation.status === 'open' || escalation.status === 'acknowledged';

/** How an escalation that is no longer active ended, for an answer that refuses to acknowledge it. */
export const endedHow = (escalation: Escalation): string => {
  const how =
    escalation.status === 'resolved'
      ? `resolved at ${escalation.resolvedAt}`
      : escalation.status === 'paused'
        ? `ended paused at ${escalation.closedAt}${escalation.pausedBy ? ` by ${escalation.pausedBy}` : ''}`
        : `ended unresolved at ${escalation.closedAt}`;
  const before = escalation.acknowledgedBy ? ` (acknowledged by ${escalation.acknowledgedBy} at ${escalation.acknowledgedAt})` : '';
  return `${how}${before}`;
};

/**
 * The pause that excuses an escalation: one the checkpoint was in at some instant since the deadline it
 * missed (docs/slots.md rule 6: missed holds until a pause). Undefined when none did.
 */
export const excusingPause = (checkpoint: Checkpoint | undefined, escalation: Pick<Escalation, 'missedDeadline' | 'cause'>): Pause | undefined =>
  endsWithTheGate(escalation) ? checkpoint?.pauses.find((pause) => pause.to === undefined || pause.to > escalation.missedDeadline) : undefined;

/** True once the checkpoint has reported at or after the deadline it missed (docs/slots.md rule 6, as the status has it). */
export const hasReportedSince = (checkpoint: Checkpoint | undefined, escalation: Pick<Escalation, 'missedDeadline' | 'cause'>): boolean =>
  endsWithTheGate(escalation) && checkpoint?.lastReadingAt !== undefined && checkpoint.lastReadingAt >= escalation.missedDeadline;

/**
 * Whether the gate reporting again, or being paused, ends it: a missed report's escalation, yes. A fever
 * alert, no — the reading that opened it is a report, and a person with a fever is not excused by a
 * pause: it ends only when someone records how it was handled, or when its levels are spent.
 */
export const endsWithTheGate = (escalation: Pick<Escalation, 'cause'>): boolean => escalation.cause !== 'fever';

export type FlowDecision =
  | { action: 'stop'; reason: 'resolved' | 'acknowledged' | 'closed' | 'reported' | 'paused' }
  | { action: 'wait'; waitSeconds: number }
  | { action: 'notify'; level: number; repeat: number }
  | { action: 'close' };

/**
 * What the flow does next. Called before every level, so a reading, a pause or an acknowledgement that
 * came in while it waited stops it there.
 */
export const decide = (escalation: Escalation, checkpoint: Checkpoint | undefined, now: Date): FlowDecision => {
  if (escalation.status === 'resolved') return { action: 'stop', reason: 'resolved' };
  if (escalation.status === 'unresolved') return { action: 'stop', reason: 'closed' };
  if (escalation.status === 'paused') return { action: 'stop', reason: 'paused' };
  // A reading first: a checkpoint that reported and was then paused is told as reporting again.
  if (hasReportedSince(checkpoint, escalation)) return { action: 'stop', reason: 'reported' };
  if (excusingPause(checkpoint, escalation)) return { action: 'stop', reason: 'paused' };
  if (escalation.status === 'acknowledged') return { action: 'stop', reason: 'acknowledged' };
  const waitMs = Date.parse(escalation.nextActionAt) - now.getTime();
  if (waitMs > 0) return { action: 'wait', waitSeconds: Math.ceil(waitMs / 1000) };
  const { levels, maxRepeats } = escalation.policy;
  if (escalation.level < levels.length) return { action: 'notify', level: escalation.level + 1, repeat: 0 };
  if (escalation.repeats < maxRepeats) return { action: 'notify', level: levels.length, repeat: escalation.repeats + 1 };
  return { action: 'close' };
};

/** When the flow acts after notifying `level` (repeat `repeat`): the next level's delay, or the repeat interval. */
export const nextActionAfter = (policy: EscalationPolicySpec, level: number, now: Date): Date => {
  const next = policy.levels[level];
  const delay = next ? durationMs(next.after) : durationMs(policy.repeatEvery);
  return new Date(now.getTime() + (delay ?? 0));
};

/** The first action of a new escalation: the first level, after its own delay from the missed deadline. */
export const firstActionAt = (policy: EscalationPolicySpec, missedDeadline: Date): Date =>
  new Date(missedDeadline.getTime() + (durationMs(policy.levels[0]?.after ?? 'PT0S') ?? 0));

/** Each status and whether an escalation in it is still active: a record, so that a new status must be placed here. */
const ACTIVE_BY_STATUS: Record<EscalationStatus, boolean> = { open: true, acknowledged: true, resolved: false, unresolved: false, paused: false };
export const ESCALATION_STATUSES = Object.keys(ACTIVE_BY_STATUS) as readonly EscalationStatus[];
export const ACTIVE_STATUSES = ESCALATION_STATUSES.filter((status) => ACTIVE_BY_STATUS[status]);
export const ENDED_STATUSES = ESCALATION_STATUSES.filter((status) => !ACTIVE_BY_STATUS[status]);

/**
 * The order of every list of escalations: opened later first; of two opened at the same instant, the
 * greater id first (as the status index sorts a community's, so that a list cut at `limit` is one answer).
 */
export const newestFirst = (a: Pick<Escalation, 'openedAt' | 'escalationId'>, b: Pick<Escalation, 'openedAt' | 'escalationId'>): number =>
  a.openedAt !== b.openedAt ? (a.openedAt < b.openedAt ? 1 : -1) : a.escalationId < b.escalationId ? 1 : a.escalationId > b.escalationId ? -1 : 0;
