/**
 * History at a glance: a checkpoint's or a community's last days, each counted as a summary rebuilt
 * now would count it — the slot rule's expected slots of the day (summary.ts, daySlotCounts) against
 * the day counters ingest keeps — and never from the readings. A checkpoint's days cost one counters
 * item each, read together.
 */
import { ValidationError } from './errors';
import type { Checkpoint } from './model';
import { slotStateOf } from './readings';
import { daySlotCounts, type DayCounters } from './summary';
import { addLocalDays, durationMs, localDateOf, localDayBounds } from './time';

/** One checkpoint's day, or the sum of several: what the rates are computed from. */
export interface DayCounts {
  expected: number;
  onTime: number;
  late: number;
  readings: number;
  feverCount: number;
}

export interface HistoryDay extends DayCounts {
  date: string;
  /** True while the day, or the grace of its last slot, is not over: the figures may still change. */
  partial: boolean;
  missed: number;
  /** (on time + late) / expected, and on time / expected, as in summaries; null when nothing was expected. */
  completeness: number | null;
  timeliness: number | null;
}

/** Day counters by checkpoint, then by local date; a day with nothing counted is absent. */
export type CountersByDay = ReadonlyMap<string, ReadonlyMap<string, DayCounters>>;

/** What a history reads: the day counters of checkpoints on dates, in as few requests as the store can. */
export interface DayHistoryStore {
  countersOn(requests: readonly { checkpointId: string; date: string }[]): Promise<CountersByDay>;
}

export const NO_COUNTS: DayCounts = { expected: 0, onTime: 0, late: 0, readings: 0, feverCount: 0 };

/** The `days` local dates that end today in the zone, oldest first. */
export const datesUpTo = (today: string, days: number): string[] => Array.from({ length: days }, (_, i) => addLocalDays(today, i - days + 1));

/** A checkpoint's counts of one local date as of `now` (today: the day so far, as the board counts it). */
export const dayCountsOf = (checkpoint: Checkpoint, date: string, counters: DayCounters | undefined, now: Date): DayCounts => ({
  ...daySlotCounts(checkpoint, date, { onTime: counters?.onTimeSlots ?? [], late: counters?.lateSlots ?? [] }, now),
  readings: counters?.readings ?? 0,
  feverCount: counters?.feverCount ?? 0,
});

export const addCounts = (a: DayCounts, b: DayCounts): DayCounts => ({
  expected: a.expected + b.expected,
  onTime: a.onTime + b.onTime,
  late: a.late + b.late,
  readings: a.readings + b.readings,
  feverCount: a.feverCount + b.feverCount,
});

/** Rounded as summaries round them (four places), so a history and a rebuilt summary say the same. */
const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export const withRates = (date: string, counts: DayCounts, partial: boolean): HistoryDay => ({
  date,
  partial,
  ...counts,
  missed: counts.expected - counts.onTime - counts.late,
  completeness: rate(counts.onTime + counts.late, counts.expected),
  timeliness: rate(counts.onTime, counts.expected),
});

/** Whether a checkpoint's date can still change: the day, then its last slot's grace, not yet over (as summaries say). */
const stillOpen = (checkpoint: Checkpoint, date: string, now: Date): boolean =>
  localDayBounds(date, checkpoint.timezone).end.getTime() + (durationMs(checkpoint.grace) ?? 0) > now.getTime();

/**
 * The days of a set of checkpoints (one, or a community's), in the zone given, summed from counts —
 * never by averaging rates. Each checkpoint is counted on the same local date, as summaries count it.
 */
export const historyOf = (checkpoints: readonly Checkpoint[], dates: readonly string[], counters: CountersByDay, now: Date, zone: string): HistoryDay[] =>
  dates.map((date) => {
    let counts = NO_COUNTS;
    for (const checkpoint of checkpoints) counts = addCounts(counts, dayCountsOf(checkpoint, date, counters.get(checkpoint.checkpointId)?.get(date), now));
    const partial = checkpoints.length === 0 ? localDayBounds(date, zone).end > now : checkpoints.some((checkpoint) => stillOpen(checkpoint, date, now));
    return withRates(date, counts, partial);
  });

/** The local date a checkpoint was registered on: no day before it expects or counts anything, so none is read. */
export const registeredOn = (checkpoint: Checkpoint): string => localDateOf(new Date(checkpoint.createdAt), checkpoint.timezone);

/**
 * What reading one of a checkpoint's day items costs, in slot starts: its slots a day (a day item holds
 * one per slot filled), and a little for the rest. A PT2H day weighs 28, a PT30S one 2,896.
 */
export const dayWeightOf = (checkpoint: Checkpoint, today: string): number => {
  const every = 'every' in checkpoint.schedule ? durationMs(checkpoint.schedule.every) : undefined;
  const slots = every ? Math.ceil(86_400_000 / every) : slotStateOf(checkpoint).schedule.dayOf(localDayBounds(today, checkpoint.timezone)).count;
  return slots + 16;
};

/**
 * How much one history answer reads at most, in slot starts: about 15 MB of day items, 1.5 s on
 * DynamoDB Local. A community of 350 PT2H checkpoints reads its 31 days in a tenth of it; one of 76
 * PT30S checkpoints, four days (asked for more, it is told how many at `days`, rather than running past
 * the function's timeout).
 */
export const HISTORY_READ_BUDGET = 1_000_000;

/** The last `days` days of checkpoints whose days are counted in `zone` (a checkpoint's, or its community's): one read of their counters. */
export const readHistory = async (store: DayHistoryStore, checkpoints: readonly Checkpoint[], zone: string, days: number, now: Date): Promise<HistoryDay[]> => {
  const today = localDateOf(now, zone);
  const dates = datesUpTo(today, days);
  const requests = checkpoints.flatMap((checkpoint) => dates.filter((date) => date >= registeredOn(checkpoint)).map((date) => ({ checkpointId: checkpoint.checkpointId, date })));
  const weights = new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, dayWeightOf(checkpoint, today)]));
  const weight = requests.reduce((sum, request) => sum + weights.get(request.checkpointId)!, 0);
  if (weight > HISTORY_READ_BUDGET) {
    const perDay = [...weights.values()].reduce((sum, one) => sum + one, 0);
    const most = Math.floor(HISTORY_READ_BUDGET / perDay);
    throw new ValidationError('the history is too large to read at once', [
      { path: 'days', message: most >= 1 ? `at most ${most} days of these checkpoints can be read at once` : 'these checkpoints report too often for one answer: read their histories one checkpoint at a time' },
    ]);
  }
  const counters = requests.length === 0 ? new Map() : await store.countersOn(requests);
  return historyOf(checkpoints, dates, counters, now, zone);
};
