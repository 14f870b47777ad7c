/**
 * Reporting slots. A checkpoint is expected to send one reading per slot.
 *
 * - `every: PT2H` — slots aligned to local midnight: 00:00–02:00, 02:00–04:00, … The slots of a day
 *   are counted in elapsed time from its midnight, and the last one is cut at the next midnight, so a
 *   23- or 25-hour day (daylight saving) simply has fewer or more slots. `every: P1D` is one slot per
 *   calendar day.
 * - `cron: "0 8,12,18 * * *"` — in the community's zone; slot k runs from fire time k−1 to fire time k.
 */
import { Cron } from 'croner';
import { durationMs, localDayAround } from './time';

export type ScheduleSpec = { every: string } | { cron: string };

export interface Slot {
  start: Date;
  end: Date;
}

/**
 * The slots that start within one local day, by index. For `every` it is arithmetic — a PT30S schedule
 * costs what a PT2H one does —; for cron the day's fire times are listed (at most one a minute).
 */
export interface DaySlots {
  count: number;
  start(k: number): number;
  end(k: number): number;
  /** The index of the first slot that starts at or after t (epoch ms); `count` when none does. */
  firstFrom(t: number): number;
}

export interface Schedule {
  /** The slot that holds the instant: start <= t < end. */
  slotAt(t: Date): Slot;
  /** The slots that start in a local day (as `localDayBounds` gives it). */
  dayOf(day: { start: Date; end: Date }): DaySlots;
  /** The slot just before this one. */
  previous(slot: Slot): Slot;
  /** The slot just after this one. */
  next(slot: Slot): Slot;
}

export const MIN_EVERY_MS = 30_000;
export const MAX_EVERY_MS = 86_400_000;

/** Why a schedule cannot be used, or undefined when it can. Checked at the edge, so `scheduleOf` may trust it. */
export const scheduleProblem = (spec: ScheduleSpec, zone: string): string | undefined => {
  if ('every' in spec) {
    const ms = durationMs(spec.every);
    if (ms === undefined) return 'every must be an ISO-8601 duration such as PT2H';
    if (ms < MIN_EVERY_MS || ms > MAX_EVERY_MS) return 'every must be from PT30S to P1D';
    return undefined;
  }
  // Five fields only: a seconds field (six or seven) would fire more often than slots may be (PT30S),
  // and cron's own daylight-saving rules are stated for minutes and hours.
  if (spec.cron.trim().split(/\s+/).length !== 5) return 'cron must have 5 fields: minute hour day-of-month month day-of-week (no seconds field)';
  try {
    const cron = new Cron(spec.cron, { timezone: zone, paused: true });
    if (!cron.nextRun(new Date())) return 'cron never fires';
  } catch (error) {
    return `cron is not valid: ${(error as Error).message}`;
  }
  return undefined;
};

export const scheduleOf = (spec: ScheduleSpec, zone: string): Schedule =>
  'every' in spec ? everySchedule(durationMs(spec.every)!, zone) : sharedCronSchedule(spec.cron, zone);

/**
 * A cron schedule is the same for every checkpoint on that cron in that zone, and listing its day is
 * croner's work: the board and the summaries ask it of hundreds of checkpoints at once, so each cron
 * and zone is parsed once and each of its days listed once (a few kept, the oldest dropped first).
 */
const KEPT = 256;
const keep = <V>(cache: Map<string, V>, key: string, make: () => V): V => {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= KEPT) cache.delete(cache.keys().next().value!);
    cache.set(key, (value = make()));
  }
  return value;
};
const cronSchedules = new Map<string, Schedule>();
const sharedCronSchedule = (expression: string, zone: string): Schedule => keep(cronSchedules, `${zone} ${expression}`, () => cronSchedule(expression, zone));

const everySchedule = (everyMs: number, zone: string): Schedule => {
  const slotAt = (t: Date): Slot => {
    const day = localDayAround(t, zone);
    if (everyMs >= MAX_EVERY_MS) return day;
    const k = Math.floor((t.getTime() - day.start.getTime()) / everyMs);
    const start = day.start.getTime() + k * everyMs;
    return { start: new Date(start), end: new Date(Math.min(start + everyMs, day.end.getTime())) };
  };
  const dayOf = (day: { start: Date; end: Date }): DaySlots => {
    const from = day.start.getTime();
    const to = day.end.getTime();
    // P1D is one slot per calendar day, however long the day (23, 24 or 25 hours).
    const step = everyMs >= MAX_EVERY_MS ? to - from : Math.min(everyMs, to - from);
    const count = Math.ceil((to - from) / step);
    return {
      count,
      start: (k) => from + k * step,
      end: (k) => Math.min(from + (k + 1) * step, to),
      firstFrom: (t) => Math.min(count, Math.max(0, Math.ceil((t - from) / step))),
    };
  };
  return {
    slotAt,
    dayOf,
    previous: (slot) => slotAt(new Date(slot.start.getTime() - 1)),
    next: (slot) => slotAt(slot.end),
  };
};

/** A day's slots from the list of them. */
const listedDay = (slots: readonly Slot[]): DaySlots => {
  const starts = slots.map((slot) => slot.start.getTime());
  return {
    count: slots.length,
    start: (k) => starts[k]!,
    end: (k) => slots[k]!.end.getTime(),
    firstFrom: (t) => {
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (starts[middle]! < t) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
};

const cronSchedule = (expression: string, zone: string): Schedule => {
  const cron = new Cron(expression, { timezone: zone, paused: true });
  const fireAfter = (t: Date): Date => {
    const next = cron.nextRun(t);
    if (!next) throw new RangeError(`cron ${expression} does not fire after ${t.toISOString()}`);
    return next;
  };
  // previousRuns looks strictly before its reference; one millisecond on makes "at or before t".
  const fireAtOrBefore = (t: Date): Date => {
    const [previous] = cron.previousRuns(1, new Date(t.getTime() + 1));
    if (!previous) throw new RangeError(`cron ${expression} never fired before ${t.toISOString()}`);
    return previous;
  };
  const slotAt = (t: Date): Slot => ({ start: fireAtOrBefore(t), end: fireAfter(t) });
  const days = new Map<string, DaySlots>();
  const schedule: Schedule = {
    slotAt,
    dayOf: (day) => keep(days, `${day.start.getTime()} ${day.end.getTime()}`, () => {
      // Forward from the day's start with nextRun alone: looking back (previousRuns) is croner's dear call.
      const slots: Slot[] = [];
      let fire = cron.nextRun(new Date(day.start.getTime() - 1));
      while (fire && fire < day.end) {
        const next = fireAfter(fire);
        slots.push({ start: fire, end: next });
        fire = next;
      }
      return listedDay(slots);
    }),
    previous: (slot) => slotAt(new Date(slot.start.getTime() - 1)),
    next: (slot) => slotAt(slot.end),
  };
  return schedule;
};

/** The first slot that starts at or after t (epoch ms). */
export const firstSlotFrom = (schedule: Schedule, t: number): Slot => {
  const slot = schedule.slotAt(new Date(t));
  return slot.start.getTime() < t ? schedule.next(slot) : slot;
};

/** The slots that start in [from, to), in order. */
export const slotsStartingIn = (schedule: Schedule, from: Date, to: Date): Slot[] => {
  const slots: Slot[] = [];
  let slot = firstSlotFrom(schedule, from.getTime());
  while (slot.start < to) {
    slots.push(slot);
    slot = schedule.next(slot);
  }
  return slots;
};
