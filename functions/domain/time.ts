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
 * A stretch of time in which a zone keeps one offset from UTC, in epoch ms, [from, to): as a
 * checkpoint's record carries it (`zoneSpan`), so that a fresh process can work in the zone without
 * starting the runtime's ICU data — 12 to 20 ms of a cold start, the dearest thing a reading's first
 * request did in JavaScript.
 */
export interface ZoneSpan {
  zone: string;
  offset: number;
  from: number;
  to: number;
}

const spans = new Map<string, ZoneSpan>();

/** What a record says of its zone, believed from here on for instants inside it (of two, the one that reaches further). */
export const rememberZoneSpan = (span: ZoneSpan | undefined): void => {
  if (span && span.to > (spans.get(span.zone)?.to ?? -Infinity)) spans.set(span.zone, span);
};

const spansAsked = new Map<string, ZoneSpan>();

/**
 * The span of one offset around `instant`, asked of the runtime's zone data: looked for a month back
 * and two months ahead (a reading renews it before it ends, and a change of the zone's rules in the
 * runtime's data is believed within that), day by day, and the change found to the minute (zones change their offset on a
 * minute, and never twice within a day). Once per zone and day: an import of many rows asks once.
 */
export const zoneSpanAround = (instant: number, zone: string): ZoneSpan => {
  const key = `${zone}|${Math.floor(instant / DAY_MS)}`;
  const known = spansAsked.get(key);
  if (known) return known;
  const start = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const offset = askedOffset(start, zone);
  /** The last minute found with the offset, going `towards` for up to `reachDays`; and the first without it, if any. */
  const edge = (towards: 1 | -1, reachDays: number): { inside: number; outside?: number } => {
    let inside = start;
    for (let day = 1; day <= reachDays; day += 1) {
      const probe = inside + towards * DAY_MS;
      if (askedOffset(probe, zone) !== offset) {
        let outside = probe;
        while (Math.abs(outside - inside) > MINUTE_MS) {
          const middle = inside + Math.round((outside - inside) / 2 / MINUTE_MS) * MINUTE_MS;
          if (askedOffset(middle, zone) === offset) inside = middle;
          else outside = middle;
        }
        return { inside, outside };
      }
      inside = probe;
    }
    return { inside };
  };
  const back = edge(-1, 31);
  const ahead = edge(1, 62);
  // [from, to): from the earliest minute seen with the offset; to the first minute without it (or the last seen with it).
  const span = { zone, offset, from: back.inside, to: ahead.outside ?? ahead.inside };
  if (spansAsked.size >= 1_000) spansAsked.clear();
  spansAsked.set(key, span);
  return span;
};

/** The zone's offset at a minute, from the runtime's zone data. */
const askedOffset = (minute: number, zone: string): number => wallAsUtc(partsOf(minute, zone)) - minute;

/**
 * The zone's offset from UTC at an instant, in milliseconds: from a remembered span when one holds the
 * instant, else asked of the runtime once per zone and minute (a reading needs it a dozen times).
 */
const offsetAt = (instant: number, zone: string): number => {
  const span = spans.get(zone);
  if (span && instant >= span.from && instant < span.to) return span.offset;
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const key = `${zone}|${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = askedOffset(minute, zone);
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

/**
 * Formats instants people must tell apart (a list of missed slots): to the minute, or, when two fall
 * in one minute (a schedule of seconds, as the docs' demo), to the second: `2026-11-29 14:05:30`.
 */
export const formatLocalEach = (instants: readonly Date[], zone: string): string[] => {
  const minutes = instants.map((instant) => formatLocal(instant, zone));
  if (new Set(minutes).size === minutes.length) return minutes;
  return instants.map((instant, i) => `${minutes[i]}:${pad(wallOf(instant, zone).second)}`);
};

const NUMBER = '(\\d{1,9}(?:[.,]\\d{1,9})?)';
const ISO_DURATION = new RegExp(`^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`);
/** A week, a day, an hour, a minute and a second: the units durationFields gives, in its order. */
const UNIT_MS = [7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000];

/**
 * An ISO-8601 duration's numbers as written, weeks, days, hours, minutes and seconds (undefined where it
 * has none); undefined when the text is not a duration, or names years or months, which have no fixed length.
 */
export const durationFields = (iso: string): (string | undefined)[] | undefined => {
  const match = ISO_DURATION.exec(iso);
  if (!match || iso.endsWith('T')) return undefined;
  const [years, months, ...fields] = match.slice(1);
  return years === undefined && months === undefined && fields.some((field) => field !== undefined) ? fields : undefined;
};

/**
 * An ISO-8601 duration in milliseconds, or undefined when the text is not one (or names years or
 * months, which have no fixed length). Days count as 24 hours here; a schedule that means "one slot
 * per calendar day" says so itself.
 */
export const durationMs = (iso: string): number | undefined =>
  durationFields(iso)?.reduce<number>((total, field, i) => (field === undefined ? total : total + Number(field.replace(',', '.')) * UNIT_MS[i]!), 0);
