/**
 * The slot rule every part of checkpoint-watch shares (docs/slots.md).
 *
 * A slot is expected when it starts at or after the checkpoint's creation, the checkpoint was active
 * for the whole of it, and its gate was not closed for the whole of it (closures.ts). A reading counts
 * for the slot in which it is received, or for the previous slot when that one is expected, still
 * empty and the reading arrives within its grace. A slot is on time if filled within it, late if filled
 * in its grace, missed if still empty when its grace ends.
 *
 * What a checkpoint remembers of its filled slots is a few runs of adjacent filled slots, as instants —
 * not a list of slots — so that a PT30S schedule with a day's grace costs what a PT2H one does.
 */
import type { Closures } from './closures';
import { firstSlotFrom, type DaySlots, type Schedule, type Slot } from './schedule';

export type Timeliness = 'onTime' | 'late';

/** A pause, epoch ms: [from, to); `to` absent while it lasts. */
export interface PauseSpan {
  from: number;
  to?: number;
}

/** Adjacent filled slots, epoch ms: [first slot's start, last slot's end). */
export type FilledRun = readonly [number, number];

/** What the slot rule needs to know about one checkpoint. */
export interface SlotState {
  schedule: Schedule;
  graceMs: number;
  /** Slots that start earlier are not expected. */
  createdAt: number;
  pauses: readonly PauseSpan[];
  /** Scheduled closures; none when absent. */
  closures?: Closures;
  /** Filled slots as runs, ascending; runs that can no longer matter are pruned (see `pruned`). */
  filled: readonly FilledRun[];
}

/**
 * The schedule with its last answers kept, for one decision of the slot rule: a reading asks for its
 * slot, the one before, the first undecided and the first empty — the same few slots several times —,
 * and a cron schedule answers each from croner (a quarter of a millisecond; 7 calls were 1.7 ms of a
 * reading on `0 8,12,18 * * *`). Slots partition time, so an instant inside a slot already found is in
 * that slot: the answers are the schedule's own.
 */
export const rememberingSlots = (schedule: Schedule): Schedule => {
  const known: Slot[] = [];
  const slotAt = (t: Date): Slot => {
    const ms = t.getTime();
    const found = known.find((slot) => slot.start.getTime() <= ms && ms < slot.end.getTime());
    if (found) return found;
    const slot = schedule.slotAt(t);
    if (known.length >= 16) known.shift();
    known.push(slot);
    return slot;
  };
  return {
    slotAt,
    dayOf: (day) => schedule.dayOf(day),
    previous: (slot) => slotAt(new Date(slot.start.getTime() - 1)),
    next: (slot) => slotAt(slot.end),
  };
};

const ended = (pause: PauseSpan): number => pause.to ?? Number.POSITIVE_INFINITY;

export const isPausedAt = (state: Pick<SlotState, 'pauses'>, t: number): boolean =>
  state.pauses.some((pause) => pause.from <= t && t < ended(pause));

/** The pause that overlaps any part of the slot, if one does. */
const pauseOver = (state: SlotState, slot: Slot): PauseSpan | undefined =>
  state.pauses.find((pause) => pause.from < slot.end.getTime() && ended(pause) > slot.start.getTime());

/**
 * The first open instant from the slot's start when closures shut the gate for the whole slot, else
 * undefined: a slot only partly closed is expected as it stands (docs/slots.md, rule 2).
 */
const reopeningAfter = (state: SlotState, slot: Slot): number | undefined => {
  const open = state.closures?.openFrom(slot.start.getTime());
  return open !== undefined && open >= slot.end.getTime() ? open : undefined;
};

export const isExpected = (state: SlotState, slot: Slot): boolean =>
  slot.start.getTime() >= state.createdAt && pauseOver(state, slot) === undefined && reopeningAfter(state, slot) === undefined;

const runHolding = (state: SlotState, slot: Slot): FilledRun | undefined =>
  state.filled.find(([start, end]) => start <= slot.start.getTime() && slot.start.getTime() < end);

export const isFilled = (state: SlotState, slot: Slot): boolean => runHolding(state, slot) !== undefined;

export const deadlineOf = (state: SlotState, slot: Slot): Date => new Date(slot.end.getTime() + state.graceMs);

export interface SlotAssignment {
  slot: Slot;
  /** How the slot was filled; undefined when it already held a reading or the checkpoint is paused. */
  filled?: Timeliness;
}

/** The slot a reading received at `receivedAt` counts for. */
export const assignSlot = (state: SlotState, receivedAt: Date): SlotAssignment => {
  const current = state.schedule.slotAt(receivedAt);
  if (isPausedAt(state, receivedAt.getTime())) return { slot: current };
  const previous = state.schedule.previous(current);
  const previousStillOpen = receivedAt < deadlineOf(state, previous) && isExpected(state, previous) && !isFilled(state, previous);
  if (previousStillOpen) return { slot: previous, filled: 'late' };
  return isFilled(state, current) ? { slot: current } : { slot: current, filled: 'onTime' };
};

/** The filled runs once `slot` is filled too: merged with its neighbours, ascending. */
export const withFilled = (filled: readonly FilledRun[], slot: Slot): FilledRun[] => {
  let start = slot.start.getTime();
  let end = slot.end.getTime();
  const kept: FilledRun[] = [];
  for (const run of filled) {
    if (run[1] < start || run[0] > end) kept.push(run);
    else {
      start = Math.min(start, run[0]);
      end = Math.max(end, run[1]);
    }
  }
  return [...kept, [start, end] as const].sort((a, b) => a[0] - b[0]);
};

/** The runs still needed by a checkpoint whose earliest slot of interest starts at `from`. */
export const pruned = (filled: readonly FilledRun[], from: number): FilledRun[] => filled.filter(([, end]) => end > from);

/**
 * The earliest expected slot that is still empty, from `slot` on; undefined when none can come (a pause
 * that has not ended). Steps over filled runs, pauses, closures and the time before creation rather than
 * slot by slot, so it takes a handful of steps whatever the schedule.
 */
export const firstEmptyFrom = (state: SlotState, from: Slot): Slot | undefined => {
  const atOrAfter = (t: number): Slot => firstSlotFrom(state.schedule, t);
  let slot = from;
  for (let guard = 0; guard < 100_000; guard += 1) {
    if (slot.start.getTime() < state.createdAt) {
      slot = atOrAfter(state.createdAt);
      continue;
    }
    const pause = pauseOver(state, slot);
    if (pause) {
      if (pause.to === undefined) return undefined;
      slot = atOrAfter(pause.to);
      continue;
    }
    const reopening = reopeningAfter(state, slot);
    if (reopening !== undefined) {
      // The slot holding the first open instant: partly open, so a candidate.
      slot = state.schedule.slotAt(new Date(reopening));
      continue;
    }
    const run = runHolding(state, slot);
    if (run) {
      slot = atOrAfter(run[1]);
      continue;
    }
    return slot;
  }
  throw new RangeError('no empty slot found');
};

/**
 * The slots of a day (as `Schedule.dayOf` gives them) that are not expected, as index intervals
 * [from, to), possibly overlapping: those before creation, every one a pause touches, every one
 * closures shut throughout. Index arithmetic, so a PT30S schedule costs what a PT2H one does.
 */
export const notExpectedIn = (state: SlotState, day: DaySlots): [number, number][] => {
  if (day.count === 0) return [];
  const excluded: [number, number][] = [[0, day.firstFrom(state.createdAt)]];
  for (const pause of state.pauses) {
    const first = Math.max(0, day.firstFrom(pause.from + 1) - 1);
    excluded.push([day.end(first) > pause.from ? first : first + 1, pause.to === undefined ? day.count : day.firstFrom(pause.to)]);
  }
  // Slots back to back: those starting at or after a closed stretch's start, up to the one that ends
  // past its end. (A slot two stretches cover in part is open between them, so expected.)
  for (const [from, to] of state.closures?.closedWithin(day.start(0), day.end(day.count - 1)) ?? []) {
    const after = day.firstFrom(to);
    excluded.push([day.firstFrom(from), after > 0 && day.end(after - 1) > to ? after - 1 : after]);
  }
  return excluded;
};

/** The first slot whose deadline is after `now`: every earlier one is decided (filled or missed). */
export const firstUndecided = (state: SlotState, now: Date): Slot => state.schedule.slotAt(new Date(now.getTime() - state.graceMs));

/**
 * The deadline the sweep watches: that of the earliest expected slot still empty whose grace has not
 * ended at `now` — whatever the grace, so a slot that ended long ago may be the one — or undefined when
 * no slot will be expected (a pause that goes on). A pause that begins during a slot's grace does not
 * excuse that slot: it was expected, and its deadline stays watched.
 */
export const watchedDeadline = (state: SlotState, now: Date): Date | undefined => {
  const slot = firstEmptyFrom(state, firstUndecided(state, now));
  return slot && deadlineOf(state, slot);
};

/** When this checkpoint is next due, as people are told it; undefined while paused. */
export const nextDeadline = (state: SlotState, now: Date): Date | undefined =>
  isPausedAt(state, now.getTime()) ? undefined : watchedDeadline(state, now);

/**
 * How many missed slots one sweep records for one checkpoint at most — three and a half days of a PT30S
 * schedule whose sweep had stopped —; the next sweep goes on from there.
 */
export const MISSES_PER_SWEEP = 10_000;

/**
 * Every expected slot still empty whose deadline has passed at `now`, from the one whose deadline is
 * `watched` on, and the deadline to watch next. One run records them all (up to MISSES_PER_SWEEP), so a
 * PT30S schedule swept once a minute loses none.
 */
export const missesSince = (state: SlotState, watched: Date, now: Date): { missed: Slot[]; next?: Date } => {
  const missed: Slot[] = [];
  let slot = firstEmptyFrom(state, state.schedule.slotAt(new Date(watched.getTime() - state.graceMs - 1)));
  while (slot && deadlineOf(state, slot) <= now && missed.length < MISSES_PER_SWEEP) {
    missed.push(slot);
    slot = firstEmptyFrom(state, state.schedule.next(slot));
  }
  return { missed, ...(slot && { next: deadlineOf(state, slot) }) };
};

export type CheckpointStatus = 'new' | 'up' | 'late' | 'missed' | 'paused';

/**
 * What the sweep would leave stored at `now`: a watched deadline that has passed is recorded as missed
 * (with every miss after it, missesSince) and the next one watched. So a checkpoint reads the same
 * between two sweeps as just after one.
 */
export const asSweptAt = (state: SlotState, stored: { dueAt?: Date; missedAt?: Date }, now: Date): { dueAt?: Date; missedAt?: Date } => {
  if (!stored.dueAt || stored.dueAt > now) return stored;
  const { missed, next } = missesSince(state, stored.dueAt, now);
  const last = missed.at(-1);
  const missedAt = last ? deadlineOf(state, last) : stored.missedAt;
  return { ...(next && { dueAt: next }), ...(missedAt && { missedAt }) };
};

/**
 * A checkpoint's status at `now` (docs/slots.md, rule 6), from the slot rule alone — never
 * from whether an escalation is open: `missedAt` is the latest missed deadline, `dueAt` the watched one
 * (its slot ended at dueAt − grace), both as the sweep leaves them (asSweptAt). Missed holds from that
 * deadline until a reading arrives at or after it (one at the deadline itself is too late for the slot
 * and comes after it), or until a pause: a checkpoint resumed after the deadline (`activeSince`) starts clean.
 */
export const statusAt = (
  input: { active: boolean; dueAt?: Date; graceMs: number; lastReadingAt?: Date; missedAt?: Date; activeSince?: Date },
  now: Date,
): CheckpointStatus => {
  if (!input.active) return 'paused';
  const { lastReadingAt, activeSince } = input;
  // A watched deadline that has passed is missed too, recorded or not.
  const passed = input.dueAt && input.dueAt <= now ? input.dueAt : undefined;
  const missedAt = passed && !(input.missedAt && input.missedAt > passed) ? passed : input.missedAt;
  const reportedSince = lastReadingAt !== undefined && missedAt !== undefined && lastReadingAt >= missedAt;
  const resumedSince = activeSince !== undefined && missedAt !== undefined && activeSince > missedAt;
  if (missedAt && !reportedSince && !resumedSince) return 'missed';
  if (input.dueAt && input.dueAt.getTime() - input.graceMs <= now.getTime()) return 'late';
  return lastReadingAt ? 'up' : 'new';
};
