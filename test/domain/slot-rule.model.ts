/**
 * The slot rule (docs/slots.md, issue 11 §1) stated as an independent model, for the
 * property test to hold the domain against.
 *
 * It imports nothing from `functions/` on purpose: a model built from the domain's own helpers would
 * agree with the domain's mistakes. Wall-clock fields come from the runtime's `Intl` (read once per zone
 * into a table of offset changes), crons from a small 5-field matcher of its own, and each part of the
 * rule is written the plain way — every slot listed, every reading replayed in order — however slow,
 * because being obviously right is its only job.
 *
 * The rule, as docs/slots.md states it:
 * 1. Slots. `every: D` (PT30S … P1D): slots are aligned to local midnight in the zone. A local day runs
 *    from one local midnight to the next (where a midnight does not exist because clocks jump over it,
 *    the day begins at the first instant after the gap); its slots start at midnight + k·D in elapsed
 *    time and last D, the last one cut at the next midnight. `every: P1D` — or PT24H, the same 24 hours
 *    written otherwise — is one slot per local day, however long the day (not 24 hours and an hour).
 *    `cron` (5 fields, in the zone): the slot holding t is [last fire ≤ t, first fire > t). Daylight
 *    saving: an entry naming one time of day (minute and hour each a single number) fires once at the
 *    end of a gap that skips it, and once (the first) when its hour repeats; any other entry (lists,
 *    ranges, steps, `*`) fires only at wall times that exist, and in both passes of a repeated hour.
 * 2. Expected: the slot starts at or after creation, no pause [pausedAt, resumedAt) overlaps it
 *    (pausedAt < end and resumedAt > start; a pause not yet ended runs on forever), and the closures
 *    together do not cover the whole of it — a slot only partly closed is expected as it stands.
 *    Closures: `{ from, to }` instants close [from, to). `{ daily: { from, to } }` closes, for every
 *    local date D, from the first instant the clock shows D `from` or a later time (in a gap that skips
 *    it, the end of the gap; in a repeated hour, the first pass) to the first instant showing `to` or
 *    later — on D when `to` is after `from`, else on D + 1.
 * 3. A reading at t counts for the slot S holding t — unless the slot P just before S is expected, still
 *    empty, and t < P.end + grace: then for P. Received while paused: counts for S, fills nothing.
 *    Otherwise it fills its slot if empty: on time for S, late for P. Filled stays filled.
 * 4. Deadline = end + grace. Expected and still empty at its deadline: missed.
 * 5. nextDeadline(now): undefined while paused; else the deadline of the earliest expected slot that is
 *    empty at now and whose deadline is after now. shownDeadline is the same (null while paused).
 * 6. Sweeps record every expected slot empty at its deadline, once, at the first sweep at or after it.
 * 7. status(now): paused; else missed when some expected slot M with deadline ≤ now was empty at it,
 *    no reading was received at or after M's deadline (one at the deadline itself came too late for M,
 *    and after it), and the checkpoint was not paused at any instant since that deadline (a resumed
 *    checkpoint starts clean); else late when the slot of nextDeadline has ended; else up when any
 *    reading was ever received, new when none. Escalations play no part.
 * 8. A day's counts: the slots that start on the local date. Day over (end ≤ now): every expected slot
 *    counts; while it runs, an expected slot counts when filled or its deadline is ≤ now.
 *    missed = expected − onTime − late.
 */

export type ScheduleSpec = { every: string } | { cron: string };

export type ClosureSpec = { daily: { from: string; to: string }; reason?: string } | { from: string; to: string; reason?: string };

export interface Setup {
  zone: string;
  schedule: ScheduleSpec;
  grace: string;
  createdAt: Date;
  closures?: ClosureSpec[];
}

export type Event =
  | { kind: 'reading'; at: Date }
  | { kind: 'pause'; at: Date }
  | { kind: 'resume'; at: Date }
  | { kind: 'sweep'; at: Date };

export type Timeliness = 'onTime' | 'late';
export type Status = 'new' | 'up' | 'late' | 'missed' | 'paused';

export interface Slot {
  start: Date;
  end: Date;
}

export interface DayCounts {
  expected: number;
  onTime: number;
  late: number;
  missed: number;
}

export interface Observation {
  readings: { at: Date; slot: Slot; filled?: Timeliness }[];
  nextDeadline: Date | undefined;
  shownDeadline: Date | null;
  status: Status;
  missedRecorded: Date[];
  day(date: string): DayCounts;
}

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Durations

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO-8601 duration of days, hours, minutes and seconds, in milliseconds (a day is 24 hours). */
export const durationMs = (iso: string): number => {
  const match = DURATION.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) throw new RangeError(`not a duration the model knows: ${iso}`);
  const [, days, hours, minutes, seconds] = match;
  const part = (text: string | undefined, unit: number) => (text === undefined ? 0 : Math.round(Number(text) * unit));
  return part(days, DAY_MS) + part(hours, HOUR_MS) + part(minutes, 60_000) + part(seconds, SECOND_MS);
};

// ---------------------------------------------------------------------------------------------------
// Local dates

/** `YYYY-MM-DD` of a date counted as days since 1970-01-01. */
const dateText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
export const addDays = (date: string, days: number): string => dateText(dateMs(date) + days * DAY_MS);

// ---------------------------------------------------------------------------------------------------
// A zone's clock: its offset changes read once from Intl, then plain arithmetic.

/** The years the model can answer for; the generators stay well inside them. */
const KNOWN_FROM = Date.UTC(2024, 0, 1);
const KNOWN_TO = Date.UTC(2030, 0, 1);
/** Every offset change of the zones in play lasts months, so stepping six hours sees each one. */
const SCAN_STEP_MS = 6 * HOUR_MS;

export interface Transition {
  /** The first instant on the new offset. */
  at: number;
  /** Offsets from UTC in ms (local wall clock = instant + offset). */
  before: number;
  after: number;
}

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday, of the local date. */
  weekday: number;
  date: string;
}

export class ZoneClock {
  readonly transitions: Transition[] = [];
  /** The offset before the first change the scan found. */
  private readonly initial: number;
  private readonly dayStarts = new Map<string, number>();

  constructor(readonly zone: string) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const intlOffset = (t: number): number => {
      const field: Record<string, number> = {};
      for (const part of format.formatToParts(t)) if (part.type !== 'literal') field[part.type] = Number(part.value);
      const wall = Date.UTC(field.year!, field.month! - 1, field.day!, field.hour!, field.minute!, field.second!);
      return wall - Math.floor(t / SECOND_MS) * SECOND_MS;
    };
    let previous = intlOffset(KNOWN_FROM);
    this.initial = previous;
    for (let t = KNOWN_FROM + SCAN_STEP_MS; t <= KNOWN_TO; t += SCAN_STEP_MS) {
      const offset = intlOffset(t);
      if (offset === previous) continue;
      // The change lies in (t − step, t]: halve down to the millisecond.
      let lo = t - SCAN_STEP_MS;
      let hi = t;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffset(mid) === previous) lo = mid;
        else hi = mid;
      }
      this.transitions.push({ at: hi, before: previous, after: offset });
      previous = offset;
    }
  }

  /** How many offset changes happen at or before t. */
  private changesUpTo(t: number): number {
    let lo = 0;
    let hi = this.transitions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.transitions[mid]!.at <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  offsetAt(t: number): number {
    if (t < KNOWN_FROM || t > KNOWN_TO) throw new RangeError(`the model knows ${this.zone} only from 2024 to 2029`);
    const changes = this.changesUpTo(t);
    return changes === 0 ? this.initial : this.transitions[changes - 1]!.after;
  }

  wall(t: number): Wall {
    const local = new Date(t + this.offsetAt(t));
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      weekday: local.getUTCDay(),
      date: local.toISOString().slice(0, 10),
    };
  }

  dateOf(t: number): string {
    return this.wall(t).date;
  }

  /**
   * Where the local date begins: the earliest instant whose local date is `date` or later — local
   * midnight, or where clocks jump over midnight the first instant after the gap.
   */
  dayStart(date: string): number {
    let start = this.dayStarts.get(date);
    if (start === undefined) {
      // Zone offsets lie within ±14 h (and a gap adds at most a few hours): the day opens inside this.
      let lo = dateMs(date) - 16 * HOUR_MS;
      let hi = dateMs(date) + 16 * HOUR_MS;
      if (this.dateOf(lo) >= date || this.dateOf(hi) < date) throw new Error(`cannot find the start of ${date} in ${this.zone}`);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.dateOf(mid) >= date) hi = mid;
        else lo = mid;
      }
      start = hi;
      this.dayStarts.set(date, start);
    }
    return start;
  }

  /** The instants at which the wall clock shows this time (read as UTC ms): none in a gap, two in a repeated hour. */
  instantsShowing(wallMs: number): number[] {
    // The wall clock is within a day of UTC: only offsets in force within two days can show it.
    const offsets = new Set([this.offsetAt(wallMs)]);
    for (let i = this.changesUpTo(wallMs - 2 * DAY_MS); i < this.transitions.length && this.transitions[i]!.at <= wallMs + 2 * DAY_MS; i++) {
      offsets.add(this.transitions[i]!.before);
      offsets.add(this.transitions[i]!.after);
    }
    const instants = [...offsets].map((offset) => wallMs - offset).filter((t) => t + this.offsetAt(t) === wallMs);
    return [...new Set(instants)].sort((a, b) => a - b);
  }

  /** The first instant after the skipped interval that holds this wall time. */
  endOfGapHolding(wallMs: number): number {
    const transition = this.transitions.find((tr) => tr.after > tr.before && tr.at + tr.before <= wallMs && wallMs < tr.at + tr.after);
    if (!transition) throw new Error(`${new Date(wallMs).toISOString()} (wall) is not in a gap of ${this.zone}`);
    return transition.at;
  }
}

const clocks = new Map<string, ZoneClock>();
export const clockOf = (zone: string): ZoneClock => {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
};

/** Offset changes of a zone within [from, to]. */
export const transitionsBetween = (zone: string, from: number, to: number): Transition[] =>
  clockOf(zone).transitions.filter((transition) => transition.at >= from && transition.at <= to);

/** Every local date from the one holding `from` to the one holding `to`, inclusive. */
export const localDatesBetween = (zone: string, from: Date, to: Date): string[] => {
  const clock = clockOf(zone);
  const dates: string[] = [];
  for (let date = clock.dateOf(from.getTime()); date <= clock.dateOf(to.getTime()); date = addDays(date, 1)) dates.push(date);
  return dates;
};

// ---------------------------------------------------------------------------------------------------
// Cron: five fields, minute hour day-of-month month day-of-week, in the zone.

interface CronField {
  values: Set<number>;
  /** The field is written with `*` (`*` or `*\/n`). */
  star: boolean;
  /** The field is one number: with the hour also one, a single time of day. */
  single: boolean;
}

const cronField = (text: string, min: number, max: number): CronField => {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new RangeError(`cron field the model does not know: ${text}`);
    const [, , from, to, step] = match;
    const first = from === undefined ? min : Number(from);
    const last = from === undefined ? max : to === undefined ? (step === undefined ? first : max) : Number(to);
    for (let v = first; v <= last; v += step === undefined ? 1 : Number(step)) {
      if (v < min || v > max) throw new RangeError(`cron value out of range: ${text}`);
      values.add(v);
    }
  }
  return { values, star: text.startsWith('*'), single: /^\d+$/.test(text) };
};

interface Cron {
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
}

const parseCron = (expression: string): Cron => {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new RangeError(`the model knows 5-field crons only: ${expression}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const dow = cronField(dayOfWeek, 0, 7);
  if (dow.values.delete(7)) dow.values.add(0);
  return {
    minute: cronField(minute, 0, 59),
    hour: cronField(hour, 0, 23),
    dayOfMonth: cronField(dayOfMonth, 1, 31),
    month: cronField(month, 1, 12),
    dayOfWeek: dow,
  };
};

/** Classic cron's day match: when both day fields are restricted, either one will do. */
const cronDayMatches = (cron: Cron, wall: { day: number; month: number; weekday: number }): boolean => {
  if (!cron.month.values.has(wall.month)) return false;
  const dom = cron.dayOfMonth.values.has(wall.day);
  const dow = cron.dayOfWeek.values.has(wall.weekday);
  return cron.dayOfMonth.star || cron.dayOfWeek.star ? dom && dow : dom || dow;
};

/** The fire instants of the cron's wall times on one local date. */
const cronFiresOn = (cron: Cron, clock: ZoneClock, date: string): number[] => {
  // One time of day (minute and hour each a single number) is caught up at the end of a gap and fires
  // once in a repeated hour; any other entry (lists, ranges, steps, `*`) fires only at wall times that
  // exist, and in both passes of a repeated hour.
  const fixedTime = cron.minute.single && cron.hour.single;
  const fires: number[] = [];
  const midnight = dateMs(date);
  const calendar = new Date(midnight);
  const day = { day: calendar.getUTCDate(), month: calendar.getUTCMonth() + 1, weekday: calendar.getUTCDay() };
  if (!cronDayMatches(cron, day)) return fires;
  for (const hour of cron.hour.values) {
    for (const minute of cron.minute.values) {
      const wallMs = midnight + hour * HOUR_MS + minute * 60_000;
      const instants = clock.instantsShowing(wallMs);
      if (instants.length === 0) {
        if (fixedTime) fires.push(clock.endOfGapHolding(wallMs));
      }
      else if (fixedTime) fires.push(instants[0]!);
      else fires.push(...instants);
    }
  }
  return fires;
};

/** A few crons' fires by date, kept while the same case asks again (the generators and the model do). */
const firesByDate = new Map<string, number[]>();

/** Every fire instant of the cron on the local dates [firstDate, lastDate], ascending, each once. */
const cronFires = (expression: string, cron: Cron, clock: ZoneClock, firstDate: string, lastDate: string): number[] => {
  if (firesByDate.size > 20_000) firesByDate.clear();
  const fires = new Set<number>();
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const key = `${clock.zone}|${expression}|${date}`;
    let onDate = firesByDate.get(key);
    if (!onDate) {
      onDate = cronFiresOn(cron, clock, date);
      firesByDate.set(key, onDate);
    }
    for (const fire of onDate) fires.add(fire);
  }
  return [...fires].sort((a, b) => a - b);
};

// ---------------------------------------------------------------------------------------------------
// Slots

/** A slot in epoch ms: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Every slot of the schedule that overlaps [from, to), ascending and back to back. Only a cron's first
 * slot may be missing when the window opens before its first listed fire: callers ask for a margin.
 */
export const slotsOverlapping = (setup: Pick<Setup, 'zone' | 'schedule'>, from: number, to: number): Span[] => {
  const clock = clockOf(setup.zone);
  const slots: Span[] = [];
  if ('every' in setup.schedule) {
    const every = durationMs(setup.schedule.every);
    if (every < 30 * SECOND_MS || every > DAY_MS) throw new RangeError(`every out of range: ${setup.schedule.every}`);
    for (let date = addDays(clock.dateOf(from), -1); ; date = addDays(date, 1)) {
      const dayStart = clock.dayStart(date);
      const dayEnd = clock.dayStart(addDays(date, 1));
      if (dayStart >= to) break;
      if (dayEnd <= from) continue;
      // 24 hours (P1D, PT24H) is one slot per local day, whatever its length; shorter slots are cut at the next midnight.
      const step = every === DAY_MS ? dayEnd - dayStart : every;
      for (let start = dayStart; start < dayEnd; start += step) {
        const end = Math.min(start + step, dayEnd);
        if (end > from && start < to) slots.push({ start, end });
      }
    }
    return slots;
  }
  const cron = parseCron(setup.schedule.cron);
  // Widen the dates until a fire at or before `from` and one at or after `to` are listed, so that the
  // first and last slots are whole (a weekday cron leaves three days between fires).
  let firstDate = addDays(clock.dateOf(from), -1);
  let lastDate = addDays(clock.dateOf(to), 1);
  let fires = cronFires(setup.schedule.cron, cron, clock, firstDate, lastDate);
  while (!(fires[0]! <= from && fires.at(-1)! >= to)) {
    if (dateMs(lastDate) - dateMs(firstDate) > 400 * DAY_MS) throw new RangeError(`cron ${setup.schedule.cron} fires too rarely for the model`);
    if (!(fires[0]! <= from)) firstDate = addDays(firstDate, -2);
    if (!(fires.at(-1)! >= to)) lastDate = addDays(lastDate, 2);
    fires = cronFires(setup.schedule.cron, cron, clock, firstDate, lastDate);
  }
  for (let i = 1; i < fires.length; i++) {
    const start = fires[i - 1]!;
    const end = fires[i]!;
    if (end > from && start < to) slots.push({ start, end });
  }
  return slots;
};

// ---------------------------------------------------------------------------------------------------
// Closures

/** The first instant at which the clock shows this local date and time (`HH:mm`), or a later one. */
const firstShowing = (clock: ZoneClock, date: string, time: string): number => {
  const wallMs = dateMs(date) + Number(time.slice(0, 2)) * HOUR_MS + Number(time.slice(3, 5)) * 60_000;
  const instants = clock.instantsShowing(wallMs);
  return instants.length > 0 ? instants[0]! : clock.endOfGapHolding(wallMs);
};

/** Every closed interval that overlaps [from, to): each daily closure on every local date around it, and the ones once. */
export const closuresOverlapping = (setup: Pick<Setup, 'zone' | 'closures'>, from: number, to: number): Span[] => {
  const clock = clockOf(setup.zone);
  const spans: Span[] = [];
  for (const closure of setup.closures ?? []) {
    if (!('daily' in closure)) {
      spans.push({ start: Date.parse(closure.from), end: Date.parse(closure.to) });
      continue;
    }
    const { from: opens, to: closes } = closure.daily;
    for (let date = addDays(clock.dateOf(from), -1); date <= clock.dateOf(to); date = addDays(date, 1)) {
      spans.push({ start: firstShowing(clock, date, opens), end: firstShowing(clock, closes > opens ? date : addDays(date, 1), closes) });
    }
  }
  return spans.filter((span) => span.start < to && span.end > from && span.end > span.start);
};

/** The closures cover the whole of [start, end) between them. */
const coveredBy = (spans: readonly Span[], slot: Span): boolean => {
  let reach = slot.start;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start > reach) break;
    reach = Math.max(reach, span.end);
  }
  return reach >= slot.end;
};

// ---------------------------------------------------------------------------------------------------
// The rule


interface Pause {
  from: number;
  /** Infinity while it lasts. */
  to: number;
}

interface Fill {
  how: Timeliness;
  at: number;
}

export const simulateModel = (setup: Setup, events: readonly Event[], now: Date): Observation => {
  const createdAt = setup.createdAt.getTime();
  const nowMs = now.getTime();
  const grace = durationMs(setup.grace);
  // The slots from creation to now, the one before (a reading may count for it) and the one after
  // (the next deadline may be its).
  const slots = slotsOverlapping(setup, createdAt, nowMs + 1);
  slots.unshift(...slotsOverlapping(setup, slots[0]!.start - 1, slots[0]!.start));
  slots.push(...slotsOverlapping(setup, slots.at(-1)!.end, slots.at(-1)!.end + 1));

  const slotIndexAt = (t: number): number => {
    let lo = 0;
    let hi = slots.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (slots[mid]!.start <= t) lo = mid;
      else hi = mid - 1;
    }
    const slot = slots[lo];
    if (!slot || slot.start > t || t >= slot.end || lo === 0) throw new Error(`the model listed no slot, or none before it, for ${new Date(t).toISOString()}`);
    return lo;
  };

  const pauses: Pause[] = [];
  for (const event of events) {
    if (event.kind === 'pause') pauses.push({ from: event.at.getTime(), to: Number.POSITIVE_INFINITY });
    if (event.kind === 'resume') pauses[pauses.length - 1]!.to = event.at.getTime();
  }
  const pausedAt = (t: number) => pauses.some((pause) => pause.from <= t && t < pause.to);
  // Which listed slots the closures cover, worked out again whenever more slots are listed.
  const closedOf = (): boolean[] => {
    const spans = closuresOverlapping(setup, slots[0]!.start, slots.at(-1)!.end);
    return slots.map((slot) => coveredBy(spans, slot));
  };
  let closed = closedOf();
  // Pauses as known at `now`. For a slot that has ended by the time it is asked about, that is what
  // was known then too: a pause that overlaps it began before its end.
  const expected = (i: number): boolean => {
    const slot = slots[i]!;
    return slot.start >= createdAt && !pauses.some((pause) => pause.from < slot.end && pause.to > slot.start) && !closed[i]!;
  };
  const deadline = (i: number): number => slots[i]!.end + grace;
  const asDates = (i: number): Slot => ({ start: new Date(slots[i]!.start), end: new Date(slots[i]!.end) });

  const fills = new Map<number, Fill>();
  const readings: Observation['readings'] = [];
  for (const event of events) {
    if (event.kind !== 'reading') continue;
    const t = event.at.getTime();
    const current = slotIndexAt(t);
    if (pausedAt(t)) {
      readings.push({ at: event.at, slot: asDates(current) });
      continue;
    }
    const previous = current - 1;
    const countsFor = expected(previous) && !fills.has(previous) && t < deadline(previous) ? previous : current;
    const how: Timeliness = countsFor === previous ? 'late' : 'onTime';
    if (fills.has(countsFor)) readings.push({ at: event.at, slot: asDates(countsFor) });
    else {
      fills.set(countsFor, { how, at: t });
      readings.push({ at: event.at, slot: asDates(countsFor), filled: how });
    }
  }
  const emptyAt = (i: number, t: number): boolean => {
    const fill = fills.get(i);
    return fill === undefined || fill.at >= t;
  };

  const firstIndex = slotIndexAt(createdAt);
  const missed: number[] = [];
  for (let i = firstIndex; i < slots.length && deadline(i) <= nowMs; i++) {
    if (expected(i) && emptyAt(i, deadline(i))) missed.push(i);
  }

  const pausedNow = pausedAt(nowMs);
  let open: number | undefined;
  for (let i = firstIndex; open === undefined && (i < slots.length || !pausedNow); i++) {
    // Closed slots after now: list another day of them until one is expected.
    if (i === slots.length) {
      if (slots.at(-1)!.end - nowMs > 400 * DAY_MS) throw new Error('the model found no expected slot within 400 days');
      slots.push(...slotsOverlapping(setup, slots.at(-1)!.end, slots.at(-1)!.end + DAY_MS));
      closed = closedOf();
    }
    if (expected(i) && !fills.has(i) && deadline(i) > nowMs) open = i;
  }
  if (!pausedNow && open === undefined) throw new Error('the model listed too few slots to find the next deadline');
  const nextDeadline = pausedNow ? undefined : new Date(deadline(open!));

  const readingTimes = events.filter((event) => event.kind === 'reading').map((event) => event.at.getTime());
  const lastReading = readingTimes.length > 0 ? Math.max(...readingTimes) : Number.NEGATIVE_INFINITY;
  let status: Status;
  if (pausedNow) status = 'paused';
  else if (missed.some((i) => !(lastReading >= deadline(i)) && !pauses.some((pause) => pause.to > deadline(i)))) status = 'missed';
  else if (nowMs >= slots[open!]!.end) status = 'late';
  else status = readingTimes.length > 0 ? 'up' : 'new';

  const clock = clockOf(setup.zone);
  const day = (date: string): DayCounts => {
    const dayStart = clock.dayStart(date);
    const dayEnd = clock.dayStart(addDays(date, 1));
    const over = dayEnd <= nowMs;
    const counts = { expected: 0, onTime: 0, late: 0, missed: 0 };
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot.start < dayStart || slot.start >= dayEnd || !expected(i)) continue;
      const fill = fills.get(i);
      if (!over && fill === undefined && deadline(i) > nowMs) continue;
      counts.expected++;
      if (fill?.how === 'onTime') counts.onTime++;
      if (fill?.how === 'late') counts.late++;
    }
    counts.missed = counts.expected - counts.onTime - counts.late;
    return counts;
  };

  return {
    readings,
    nextDeadline,
    shownDeadline: nextDeadline ?? null,
    status,
    missedRecorded: missed.map((i) => new Date(slots[i]!.start)),
    day,
  };
};

/**
 * Rule 8 on its own, for a day whose filled slots are given rather than replayed from readings: the
 * slots that start on the local date, expected by rule 2 (`pauses` as [from, to) instants, `to`
 * Infinity while one lasts); `onTime` and `late` are slot starts, a start in both counting on time and
 * one that is no expected slot's start counting for nothing.
 */
export const dayCountsOf = (
  setup: Setup,
  pauses: readonly { from: number; to: number }[],
  filled: { onTime: ReadonlySet<number>; late: ReadonlySet<number> },
  date: string,
  now: Date,
): DayCounts => {
  const clock = clockOf(setup.zone);
  const dayStart = clock.dayStart(date);
  const dayEnd = clock.dayStart(addDays(date, 1));
  const over = dayEnd <= now.getTime();
  const grace = durationMs(setup.grace);
  const slots = slotsOverlapping(setup, dayStart, dayEnd).filter((slot) => slot.start >= dayStart && slot.start < dayEnd);
  const closed = slots.length === 0 ? [] : closuresOverlapping(setup, dayStart, slots.at(-1)!.end);
  const counts = { expected: 0, onTime: 0, late: 0, missed: 0 };
  for (const slot of slots) {
    const expected = slot.start >= setup.createdAt.getTime() && !pauses.some((pause) => pause.from < slot.end && pause.to > slot.start) && !coveredBy(closed, slot);
    if (!expected) continue;
    const how = filled.onTime.has(slot.start) ? 'onTime' : filled.late.has(slot.start) ? 'late' : undefined;
    if (!over && how === undefined && slot.end + grace > now.getTime()) continue;
    counts.expected++;
    if (how) counts[how]++;
  }
  counts.missed = counts.expected - counts.onTime - counts.late;
  return counts;
};
