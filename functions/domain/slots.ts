/**
 * The slot rule every part of checkpoint-watch shares.
 *
 * A reading counts for the slot in which it is received, or for the previous slot when that one is
 * still empty and the reading arrives within its grace. A slot is on time if filled within it, late if
 * filled in its grace, missed if still empty when its grace ends. Slots that start before the
 * checkpoint became active, or while it is paused, are not expected.
 */
import type { Schedule, Slot } from './schedule';

export type Timeliness = 'onTime' | 'late';

/** What the slot rule needs to know about one checkpoint. */
export interface SlotState {
  schedule: Schedule;
  graceMs: number;
  /** When the checkpoint last became active; slots starting earlier are not expected. */
  activeSince: Date;
  active: boolean;
  /** Start instants (epoch ms) of the most recently filled slots, ascending. */
  recentlyFilled: readonly number[];
}

/** How many filled slot starts a checkpoint remembers: the rule never looks further back than two. */
export const RECENTLY_FILLED_KEPT = 4;

export const isFilled = (state: SlotState, slot: Slot): boolean => state.recentlyFilled.includes(slot.start.getTime());

export const isExpected = (state: SlotState, slot: Slot): boolean => slot.start >= state.activeSince;

export const deadlineOf = (state: SlotState, slot: Slot): Date => new Date(slot.end.getTime() + state.graceMs);

export interface SlotAssignment {
  slot: Slot;
  /** How the slot was filled, or undefined when it already held a reading. */
  filled?: Timeliness;
}

/** The slot a reading received at `receivedAt` counts for. */
export const assignSlot = (state: SlotState, receivedAt: Date): SlotAssignment => {
  const current = state.schedule.slotAt(receivedAt);
  const previous = state.schedule.previous(current);
  const previousStillOpen =
    receivedAt < deadlineOf(state, previous) && isExpected(state, previous) && !isFilled(state, previous);
  if (previousStillOpen) return { slot: previous, filled: 'late' };
  return isFilled(state, current) ? { slot: current } : { slot: current, filled: 'onTime' };
};

/** The remembered filled slots once `slot` is filled too. */
export const withFilled = (recentlyFilled: readonly number[], slot: Slot): number[] =>
  [...new Set([...recentlyFilled, slot.start.getTime()])].sort((a, b) => a - b).slice(-RECENTLY_FILLED_KEPT);

/**
 * The end of the earliest slot not yet filled, plus grace: when this checkpoint is next due.
 * Slots whose grace has already ended at `now` are missed, not due; undefined while paused.
 */
export const nextDeadline = (state: SlotState, now: Date): Date | undefined => {
  if (!state.active) return undefined;
  const current = state.schedule.slotAt(now);
  const previous = state.schedule.previous(current);
  let slot = now < deadlineOf(state, previous) ? previous : current;
  // Bounded: at most the remembered filled slots can be skipped, plus the ones before activation.
  for (let guard = 0; guard < 10_000; guard += 1) {
    if (isExpected(state, slot) && !isFilled(state, slot)) return deadlineOf(state, slot);
    slot = state.schedule.next(slot);
  }
  throw new RangeError('no open slot found');
};

/** The deadline that follows a missed one: the next slot's, whether or not it will be filled. */
export const deadlineAfterMiss = (state: SlotState, missedDeadline: Date): Date => {
  const missedSlot = state.schedule.slotAt(new Date(missedDeadline.getTime() - state.graceMs - 1));
  return deadlineOf(state, state.schedule.next(missedSlot));
};

export type CheckpointStatus = 'new' | 'up' | 'late' | 'missed' | 'paused';

/** A checkpoint's status at `now`, from what is stored about it. */
export const statusAt = (
  input: { active: boolean; dueAt?: Date; graceMs: number; lastReadingAt?: Date; escalationOpen?: boolean },
  now: Date,
): CheckpointStatus => {
  if (!input.active) return 'paused';
  if (input.escalationOpen) return 'missed';
  if (input.dueAt && input.dueAt <= now) return 'missed';
  if (input.dueAt && input.dueAt.getTime() - input.graceMs <= now.getTime()) return 'late';
  return input.lastReadingAt ? 'up' : 'new';
};
