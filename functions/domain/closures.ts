/**
 * Scheduled closures (docs/slots.md, rule 2): the times a gate is planned to be shut — every
 * night by its own clock (`{ daily: { from: "22:00", to: "06:00" } }`), or once, between two instants.
 * The slot rule asks two things of them: the first open instant from some time on (to step over a
 * closure in one move, however many slots it holds), and the closed spans within a stretch of time (to
 * count a day's slots by index). Neither lists a daily closure's days one by one beyond the stretch
 * asked about.
 */
import type { Closure } from './model';
import { addLocalDays, firstInstantShowing, localDateOf } from './time';

/** Epoch ms, [from, to). */
type Span = readonly [number, number];

export interface Closures {
  /** The first instant at or after t when the gate is open: t itself when it is open then. */
  openFrom(t: number): number;
  /** The closed stretches within [from, to): merged where they touch or overlap, clipped, ascending. */
  closedWithin(from: number, to: number): Span[];
}

export const NO_CLOSURES: Closures = { openFrom: (t) => t, closedWithin: () => [] };

/** Minutes after midnight of an `HH:mm` time. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const isDaily = (closure: Closure): closure is Extract<Closure, { daily: unknown }> => 'daily' in closure;

/**
 * Whether daily closures leave some time of day open. A gate they shut all day would never owe a
 * report, and stepping over its closures would never end: such a list is refused at the edge.
 */
export const dailyLeavesTimeOpen = (closures: readonly Closure[]): boolean => {
  const closed = new Array<boolean>(1440).fill(false);
  for (const closure of closures.filter(isDaily)) {
    const from = minutesOf(closure.daily.from);
    const length = (minutesOf(closure.daily.to) - from + 1440) % 1440;
    for (let m = 0; m < length; m += 1) closed[(from + m) % 1440] = true;
  }
  return closed.includes(false);
};

/** How many closures `openFrom` steps over at most: far more than twenty closures a year apart need. */
const MAX_STEPS = 10_000;

/**
 * A checkpoint's closures in its zone. A daily closure on local date D runs from the first instant the
 * clock shows D `from` (or a later time: the end of a gap that skips it, the first pass of a repeated
 * hour) to the first instant it shows `to` — on D when `to` is after `from`, else on the next day.
 */
export const closuresOf = (closures: readonly Closure[], zone: string): Closures => {
  if (closures.length === 0) return NO_CLOSURES;
  const once: Span[] = closures.flatMap((c) => (isDaily(c) ? [] : [[Date.parse(c.from), Date.parse(c.to)] as const]));
  const daily = closures.filter(isDaily).map((c) => ({ from: minutesOf(c.daily.from), to: minutesOf(c.daily.to) }));
  const byDate = new Map<string, Span[]>();
  /** The daily closures that begin on a local date (none is empty: a closure inside a gap is dropped). */
  const beginningOn = (date: string): Span[] => {
    let spans = byDate.get(date);
    if (!spans) {
      if (byDate.size >= 64) byDate.clear();
      spans = daily
        .map(({ from, to }) => [firstInstantShowing(date, from, zone), firstInstantShowing(to > from ? date : addLocalDays(date, 1), to, zone)] as const)
        .filter(([start, end]) => end > start);
      byDate.set(date, spans);
    }
    return spans;
  };
  const dateOf = (t: number) => localDateOf(new Date(t), zone);
  /** The latest end of the closures that hold t; undefined when the gate is open at t. */
  const closedUntil = (t: number): number | undefined => {
    const date = dateOf(t);
    let until: number | undefined;
    // A daily closure that holds t began on t's date or, crossing midnight, the day before.
    for (const [start, end] of [...beginningOn(addLocalDays(date, -1)), ...beginningOn(date), ...once]) {
      if (start <= t && t < end && (until === undefined || end > until)) until = end;
    }
    return until;
  };
  /**
   * The first start of a closure after t (Infinity when none comes): a daily one beginning on t's date
   * or a day or two later (a day whose clock skips the closure has none of it), or a closure once.
   */
  const nextStartAfter = (t: number): number => {
    const date = dateOf(t);
    let next = Number.POSITIVE_INFINITY;
    for (let day = 0; day < 4 && next === Number.POSITIVE_INFINITY && daily.length > 0; day += 1) {
      for (const [start] of beginningOn(addLocalDays(date, day))) if (start > t && start < next) next = start;
    }
    for (const [start] of once) if (start > t && start < next) next = start;
    return next;
  };
  // The open stretch found last: a sweep or a day's count asks about many instants in the same one.
  let open: Span = [0, 0];
  const openFrom = (t: number): number => {
    if (open[0] <= t && t < open[1]) return t;
    let at = t;
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const until = closedUntil(at);
      if (until === undefined) {
        open = [at, nextStartAfter(at)];
        return at;
      }
      at = until;
    }
    throw new RangeError('the closures leave the gate no open time');
  };
  const closedWithin = (from: number, to: number): Span[] => {
    const spans: Span[] = [];
    let at = from;
    while (at < to) {
      const start = closedUntil(at) === undefined ? nextStartAfter(at) : at;
      if (start >= to) break;
      const end = openFrom(start);
      spans.push([start, Math.min(end, to)]);
      at = end;
    }
    return spans;
  };
  return { openFrom, closedWithin };
};
