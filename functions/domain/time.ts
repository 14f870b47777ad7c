/**
 * Every computation in a checkpoint's own time zone goes through this module, so that daylight saving
 * and zone rules are handled in one place: by the runtime's own ICU data through `Intl.DateTimeFormat`
 * (no date library in the bundles).
 */

/** The time zone a community uses when it names none (domain.md: Asia/Shanghai). */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** A calendar date, `YYYY-MM-DD`, in local time. */
export type LocalDate = string;

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, giving the wall-clock fields of an instant there. */
const formatterOf = (zone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
};

/**
 * The zone's canonical name as the runtime's zone data knows it (`asia/shanghai` → `Asia/Shanghai`,
 * `EST5EDT` → `America/New_York`, `utc` → `UTC`), or undefined for what is not a named zone — a fixed
 * offset such as `+08:00` included: a community's clocks follow its zone's rules, not an offset.
 */
export const canonicalTimeZone = (zone: string): string | undefined => {
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return /^[+-]/.test(canonical) ? undefined : canonical;
  } catch {
    return undefined;
  }
};

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of an instant in a zone, as the runtime's zone data gives them. */
const partsOf = (instant: number, zone: string): Wall => {
  const wall: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(instant)) {
    if (part.type !== 'literal') wall[part.type] = Number(part.value);
  }
  return wall as unknown as Wall;
};

/** The wall-clock fields read as if they were UTC: the instant plus the zone's offset then. */
const wallAsUtc = (wall: Wall): number => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

const MINUTE_MS = 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in milliseconds. Zones change their offset on a minute, so
 * it is asked of the runtime once per zone and minute (a reading needs it a dozen times, and asking
 * is the dearest thing the ingest path does in JavaScript).
 */
const offsetAt = (instant: number, zone: string): number => {
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const key = `${zone}|${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = wallAsUtc(partsOf(minute, zone)) - minute;
    offsets.set(key, offset);
  }
  return offset;
};

/** The wall-clock fields of an instant in a zone. */
const wallOf = (instant: Date | number, zone: string): Wall => {
  const local = new Date(Math.floor(Number(instant) / 1000) * 1000 + offsetAt(Number(instant), zone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
};

/**
 * The instant a local wall-clock time names. Of two (the hour repeated when clocks go back) the
 * earlier; of none (the hour skipped when they go forward) the time as far past the gap as it was into
 * it — as clocks that were not changed would show it.
 */
const instantOf = (wallUtc: number, zone: string): number => {
  const offsets = new Set([offsetAt(wallUtc - DAY_MS, zone), offsetAt(wallUtc + DAY_MS, zone)]);
  const candidates = [...offsets].map((offset) => wallUtc - offset);
  const exact = candidates.filter((candidate) => offsetAt(candidate, zone) === wallUtc - candidate);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const dateOf = (wall: Wall): LocalDate => `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;

/** The local date an instant falls on. */
export const localDateOf = (instant: Date, zone: string): LocalDate => dateOf(wallOf(instant, zone));

/** The instants that open and close a local date (read as midnight UTC). */
const dayFrom = (midnightUtc: number, zone: string): { start: Date; end: Date } => ({
  start: new Date(instantOf(midnightUtc, zone)),
  end: new Date(instantOf(midnightUtc + DAY_MS, zone)),
});

/** Local midnight before (or at) the instant, and the next local midnight: a day may be 23, 24 or 25 hours. */
export const localDayAround = (instant: Date, zone: string): { start: Date; end: Date } => {
  const wall = wallOf(instant, zone);
  const day = dayFrom(Date.UTC(wall.year, wall.month - 1, wall.day), zone);
  // Where local midnight was skipped, the day opens at the first instant after the gap.
  return instant < day.start ? dayFrom(Date.UTC(wall.year, wall.month - 1, wall.day - 1), zone) : day;
};

/** The years a date may name: wide around any day this system will see, narrow enough for every zone's rules. */
export const DATE_YEARS = { from: 2000, to: 2100 } as const;

/** A date on the calendar (no 2026-02-29), in DATE_YEARS. */
export const isValidLocalDate = (date: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < DATE_YEARS.from || year > DATE_YEARS.to) return false;
  const parsed = new Date(0);
  parsed.setUTCFullYear(year, month - 1, day);
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
};

/** The instants that open and close a local date. */
export const localDayBounds = (date: LocalDate, zone: string): { start: Date; end: Date } => {
  if (!isValidLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  return dayFrom(Date.parse(`${date}T00:00:00Z`), zone);
};

/** The local date `days` after this one (before, when negative). */
export const addLocalDays = (date: LocalDate, days: number): LocalDate => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The first instant at which the local clock shows this date and time of day, or a later one: what a
 * person who acts "at 02:30" by the wall clock does. Where clocks go back it is the first pass; where
 * they jump over the time, it is the end of the gap (the first instant whose clock is past it).
 */
export const firstInstantShowing = (date: LocalDate, minutesOfDay: number, zone: string): number => {
  const wallUtc = Date.parse(`${date}T00:00:00Z`) + minutesOfDay * MINUTE_MS;
  const before = offsetAt(wallUtc - DAY_MS, zone);
  const after = offsetAt(wallUtc + DAY_MS, zone);
  const exact = [wallUtc - before, wallUtc - after].filter((candidate) => offsetAt(candidate, zone) === wallUtc - candidate);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the clock jumps from before to after somewhere in (wallUtc − after, wallUtc − before];
  // offsets change on a whole minute, so halve the minutes between.
  let low = Math.floor((wallUtc - Math.max(before, after)) / MINUTE_MS);
  let high = Math.ceil((wallUtc - Math.min(before, after)) / MINUTE_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * MINUTE_MS, zone) === before) low = middle;
    else high = middle;
  }
  return high * MINUTE_MS;
};

/** `HH:mm` local time of an instant, in minutes after local midnight. */
export const minutesIntoLocalDay = (instant: Date, zone: string): number => {
  const wall = wallOf(instant, zone);
  return wall.hour * 60 + wall.minute;
};

/** Formats an instant for people, in their zone: `2026-11-29 14:05`. */
export const formatLocal = (instant: Date, zone: string): string => {
  const wall = wallOf(instant, zone);
  return `${dateOf(wall)} ${pad(wall.hour)}:${pad(wall.minute)}`;
};

const NUMBER = '(\\d{1,9}(?:[.,]\\d{1,9})?)';
const ISO_DURATION = new RegExp(`^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`);
const UNIT_MS = [0, 0, 7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000];

/**
 * An ISO-8601 duration in milliseconds, or undefined when the text is not one (or names years or
 * months, which have no fixed length). Days count as 24 hours here; a schedule that means "one slot
 * per calendar day" says so itself.
 */
export const durationMs = (iso: string): number | undefined => {
  const match = ISO_DURATION.exec(iso);
  if (!match || iso.endsWith('T')) return undefined;
  const fields = match.slice(1);
  if (fields.every((field) => field === undefined)) return undefined;
  if (fields[0] !== undefined || fields[1] !== undefined) return undefined;
  return fields.reduce((total, field, i) => (field === undefined ? total : total + Number(field.replace(',', '.')) * UNIT_MS[i]!), 0);
};

/** Renders a span of milliseconds the way people say it: `2 h 5 min`, `45 s`. */
export const humanSpan = (ms: number): string => {
  const totalMinutes = Math.floor(ms / 60_000);
  if (totalMinutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
};
