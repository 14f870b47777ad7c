/**
 * Every computation in a checkpoint's own time zone goes through this module, so that
 * daylight saving and zone rules are handled in one place (by luxon, on the runtime's ICU data).
 */
import { DateTime, Duration, IANAZone } from 'luxon';

/** The time zone a community uses when it names none (domain.md: Asia/Shanghai). */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** A calendar date, `YYYY-MM-DD`, in local time. */
export type LocalDate = string;

const at = (instant: Date, zone: string): DateTime => DateTime.fromJSDate(instant, { zone });

/** The local date an instant falls on. */
export const localDateOf = (instant: Date, zone: string): LocalDate => at(instant, zone).toISODate()!;

/** Local midnight before (or at) the instant, and the next local midnight: a day may be 23, 24 or 25 hours. */
export const localDayAround = (instant: Date, zone: string): { start: Date; end: Date } => {
  const start = at(instant, zone).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
};

/** The instants that open and close a local date. */
export const localDayBounds = (date: LocalDate, zone: string): { start: Date; end: Date } => {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  if (!start.isValid) throw new RangeError(`not a date: ${date}`);
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
};

export const isValidLocalDate = (date: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;

/** `HH:mm` local time of an instant, in minutes after local midnight. */
export const minutesIntoLocalDay = (instant: Date, zone: string): number => {
  const local = at(instant, zone);
  return local.hour * 60 + local.minute;
};

/** Formats an instant for people, in their zone: `2026-11-29 14:05`. */
export const formatLocal = (instant: Date, zone: string): string => at(instant, zone).toFormat('yyyy-MM-dd HH:mm');

/**
 * An ISO-8601 duration in milliseconds, or undefined when the text is not one.
 * Days count as 24 hours here; a schedule that means "one slot per calendar day" says so itself.
 */
export const durationMs = (iso: string): number | undefined => {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return undefined;
  if (duration.years || duration.months || duration.quarters) return undefined;
  return duration.as('milliseconds');
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
