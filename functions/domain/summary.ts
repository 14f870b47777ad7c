/**
 * Daily summaries, in the terms health information systems use (DHIS2's reporting rate and reporting
 * rate on time): per checkpoint, then rolled up per community and for the county from summed counts —
 * never by averaging rates. Built from the day counters kept at ingest, never from the readings.
 */
import { feverFigures, isFeverAlert, type FeverFigures } from './fever/figures';
import type { Checkpoint, Escalation } from './model';
import { slotStateOf } from './readings';
import type { DaySlots } from './schedule';
import { notExpectedIn } from './slots';
import { localDayBounds } from './time';

/** The counters ingest keeps per checkpoint and local date (see docs/data-model.md). */
export interface DayCounters {
  readings: number;
  /** Readings that broke a rule that only warns (reading-rules.ts); absent on days counted before it was kept. */
  unlikelyReadings?: number;
  /** Readings that repeated the figures of those before them often enough to look copied (fever/copied.ts); absent when none. */
  copiedReadings?: number;
  screened: number;
  entries: number;
  exits: number;
  feverCount: number;
  maxTempC?: number;
  staffSum?: number;
  staffReadings?: number;
  /** Slot starts (epoch ms) filled on time, and filled late. */
  onTimeSlots: number[];
  lateSlots: number[];
}

export interface EscalationFigures {
  opened: number;
  acknowledged: number;
  resolved: number;
  unresolved: number;
  /** Ended by a pause of the checkpoint: with the three above and those still open, every one opened. */
  paused: number;
  maxLevel: number;
  medianMinutesToResolve: number | null;
  maxMinutesToResolve: number | null;
}

/** What is counted, for a checkpoint and summed as it is for a community or the county. */
interface Counts {
  expected: number;
  onTime: number;
  late: number;
  readings: number;
  /** Readings whose figures broke a rule that only warns (reading-rules.ts): stored, but unlikely. */
  unlikelyReadings: number;
  /** Readings that repeated the figures of those before them often enough to look copied (fever/copied.ts): stored, flagged. */
  copiedReadings: number;
  screened: number;
  entries: number;
  exits: number;
  feverCount: number;
  maxTempC: number | null;
}

export interface Figures extends Counts {
  missed: number;
  completeness: number | null;
  timeliness: number | null;
  staffOnDutyMean: number | null;
  escalations: EscalationFigures;
}

export interface CheckpointSummary extends Figures {
  checkpointId: string;
  communityId: string;
  name: string;
}

export interface CommunitySummary extends Figures {
  communityId: string;
  name: string;
  checkpoints: number;
  /** Its fever alerts opened that day (fever/figures.ts). */
  fevers: FeverFigures;
  /** Its escalations still open at build time: what its own summary message counts. */
  openEscalations: number;
}

export interface DaySummary {
  date: string;
  builtAt: string;
  /** True while the day is not over (a build of today gives the day so far). */
  partial: boolean;
  county: Figures & { checkpoints: number; communities: number; fevers: FeverFigures };
  communities: CommunitySummary[];
  checkpoints: CheckpointSummary[];
  /** The checkpoints that missed most, most first (at most 10, only those that missed). */
  missedMost: { checkpointId: string; communityId: string; name: string; missed: number }[];
  /** Escalations still open county-wide at build time (each community's own are on its line). */
  openEscalations: number;
}

/** Internal sums a roll-up carries, so rates and means come from totals. */
interface Sums extends Counts {
  staffSum: number;
  staffReadings: number;
  minutesToResolve: number[];
  escalations: Omit<EscalationFigures, 'medianMinutesToResolve' | 'maxMinutesToResolve'>;
}

const emptySums = (): Sums => ({
  expected: 0,
  onTime: 0,
  late: 0,
  readings: 0,
  unlikelyReadings: 0,
  copiedReadings: 0,
  screened: 0,
  entries: 0,
  exits: 0,
  feverCount: 0,
  maxTempC: null,
  staffSum: 0,
  staffReadings: 0,
  minutesToResolve: [],
  escalations: { opened: 0, acknowledged: 0, resolved: 0, unresolved: 0, paused: 0, maxLevel: 0 },
});

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const figuresOf = (sums: Sums): Figures => ({
  expected: sums.expected,
  onTime: sums.onTime,
  late: sums.late,
  missed: sums.expected - sums.onTime - sums.late,
  completeness: rate(sums.onTime + sums.late, sums.expected),
  timeliness: rate(sums.onTime, sums.expected),
  readings: sums.readings,
  unlikelyReadings: sums.unlikelyReadings,
  copiedReadings: sums.copiedReadings,
  screened: sums.screened,
  entries: sums.entries,
  exits: sums.exits,
  feverCount: sums.feverCount,
  maxTempC: sums.maxTempC,
  staffOnDutyMean: sums.staffReadings === 0 ? null : Math.round((sums.staffSum / sums.staffReadings) * 100) / 100,
  escalations: {
    ...sums.escalations,
    medianMinutesToResolve: median(sums.minutesToResolve),
    maxMinutesToResolve: sums.minutesToResolve.length === 0 ? null : Math.max(...sums.minutesToResolve),
  },
});

const add = (into: Sums, from: Sums): Sums => ({
  expected: into.expected + from.expected,
  onTime: into.onTime + from.onTime,
  late: into.late + from.late,
  readings: into.readings + from.readings,
  unlikelyReadings: into.unlikelyReadings + from.unlikelyReadings,
  copiedReadings: into.copiedReadings + from.copiedReadings,
  screened: into.screened + from.screened,
  entries: into.entries + from.entries,
  exits: into.exits + from.exits,
  feverCount: into.feverCount + from.feverCount,
  maxTempC: from.maxTempC === null ? into.maxTempC : Math.max(into.maxTempC ?? -Infinity, from.maxTempC),
  staffSum: into.staffSum + from.staffSum,
  staffReadings: into.staffReadings + from.staffReadings,
  minutesToResolve: [...into.minutesToResolve, ...from.minutesToResolve],
  escalations: {
    opened: into.escalations.opened + from.escalations.opened,
    acknowledged: into.escalations.acknowledged + from.escalations.acknowledged,
    resolved: into.escalations.resolved + from.escalations.resolved,
    unresolved: into.escalations.unresolved + from.escalations.unresolved,
    paused: into.escalations.paused + from.escalations.paused,
    maxLevel: Math.max(into.escalations.maxLevel, from.escalations.maxLevel),
  },
});

/** Index intervals [from, to), merged: how many of [0, n) they cover. */
const covered = (intervals: [number, number][], n: number): number => {
  let total = 0;
  let reach = 0;
  for (const [from, to] of intervals.sort((a, b) => a[0] - b[0])) {
    const start = Math.max(from, reach);
    const end = Math.min(to, n);
    if (end > start) total += end - start;
    reach = Math.max(reach, to);
  }
  return total;
};

/**
 * A checkpoint's slot counts for a local date, as of `now`, by the slot rule (docs/slots.md): the slots that
 * start that day and are expected — after its creation, none of it paused, not all of it closed
 * (slots.ts, notExpectedIn). While the day runs, a slot
 * still running or in its grace counts only once filled: it is not missed yet. Once the day is over
 * every expected slot counts: the daily build at 00:10 falls inside the last slot's grace, and an empty
 * slot is reported as missed then (the summary is partial until that grace ends; a rebuild updates it).
 *
 * Counted by index arithmetic on the day's slots, not by listing them; each filled slot start is looked
 * up once, against one byte a slot that marks those not expected or counted (no sets). An empty PT30S
 * day costs what a PT2H one does; a reported one a lookup more a filled slot (README,
 * Performance).
 */
export const daySlotCounts = (
  checkpoint: Checkpoint,
  date: string,
  filled: { onTime: readonly number[]; late: readonly number[] },
  now: Date,
): { expected: number; onTime: number; late: number } => {
  const bounds = localDayBounds(date, checkpoint.timezone);
  const state = slotStateOf(checkpoint);
  const day = state.schedule.dayOf(bounds);
  if (day.count === 0) return { expected: 0, onTime: 0, late: 0 };
  // Slots decided by now: their grace has ended (all of them once the day is over).
  const decidedBy = now.getTime() - state.graceMs;
  const decided = bounds.end.getTime() <= now.getTime() ? day.count : day.end(day.count - 1) <= decidedBy ? day.count : Math.max(0, day.firstFrom(decidedBy + 1) - 1);
  const excluded = notExpectedIn(state, day);
  const expectedDecided = decided - covered(excluded, decided);
  if (filled.onTime.length === 0 && filled.late.length === 0) return { expected: expectedDecided, onTime: 0, late: 0 };
  const marks = new Uint8Array(day.count);
  for (const [from, to] of excluded) if (to > from) marks.fill(1, Math.max(0, from), Math.min(to, day.count));
  const onTime = markFilled(day, marks, filled.onTime, decided);
  const late = markFilled(day, marks, filled.late, decided);
  return { expected: expectedDecided + onTime.later + late.later, onTime: onTime.counted, late: late.counted };
};

/**
 * Marks each start that begins an expected slot not yet counted (1 in `marks`: not expected; 2:
 * counted); how many it marked, and how many of them from index `decided` on.
 */
const markFilled = (day: DaySlots, marks: Uint8Array, starts: readonly number[], decided: number): { counted: number; later: number } => {
  let counted = 0;
  let later = 0;
  let k = -1;
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i]!;
    // Mostly in order: the slot after the last one looked up is tried before a search.
    k = k + 1 < day.count && day.start(k + 1) === start ? k + 1 : day.firstFrom(start);
    if (k >= day.count || marks[k] !== 0 || day.start(k) !== start) continue;
    marks[k] = 2;
    counted += 1;
    if (k >= decided) later += 1;
  }
  return { counted, later };
};

const checkpointSums = (checkpoint: Checkpoint, date: string, counters: DayCounters | undefined, escalations: Escalation[], now: Date): Sums => {
  const slots = daySlotCounts(checkpoint, date, { onTime: counters?.onTimeSlots ?? [], late: counters?.lateSlots ?? [] }, now);
  const minutesToResolve = escalations
    .filter((e) => e.status === 'resolved' && e.resolvedAt)
    .map((e) => Math.round((Date.parse(e.resolvedAt!) - Date.parse(e.missedDeadline)) / 60_000));
  return {
    expected: slots.expected,
    onTime: slots.onTime,
    late: slots.late,
    readings: counters?.readings ?? 0,
    unlikelyReadings: counters?.unlikelyReadings ?? 0,
    copiedReadings: counters?.copiedReadings ?? 0,
    screened: counters?.screened ?? 0,
    entries: counters?.entries ?? 0,
    exits: counters?.exits ?? 0,
    feverCount: counters?.feverCount ?? 0,
    maxTempC: counters?.maxTempC ?? null,
    staffSum: counters?.staffSum ?? 0,
    staffReadings: counters?.staffReadings ?? 0,
    minutesToResolve,
    escalations: {
      opened: escalations.length,
      acknowledged: escalations.filter((e) => e.acknowledgedAt).length,
      resolved: escalations.filter((e) => e.status === 'resolved').length,
      unresolved: escalations.filter((e) => e.status === 'unresolved').length,
      paused: escalations.filter((e) => e.status === 'paused').length,
      maxLevel: Math.max(0, ...escalations.map((e) => e.level)),
    },
  };
};

export interface CommunityDay {
  communityId: string;
  name: string;
  checkpoints: { checkpoint: Checkpoint; counters?: DayCounters }[];
  /** Escalations of the community's checkpoints opened that local day: missed reports and fever alerts (`cause`). */
  escalations: Escalation[];
  /** Its escalations still open at build time, whatever day they opened. */
  openEscalations?: number;
}

/** The whole county's day. Pure: every figure comes from what it is given and `now`. */
export const summarizeDay = (date: string, communities: CommunityDay[], openEscalations: number, now: Date, partial: boolean): DaySummary => {
  let county = emptySums();
  const communitySummaries: CommunitySummary[] = [];
  const checkpointSummaries: CheckpointSummary[] = [];
  const fevers: Escalation[] = [];
  for (const community of communities) {
    let sums = emptySums();
    // A fever alert is counted as one (fever/figures.ts), never as a missed report's escalation.
    const missed = community.escalations.filter((e) => !isFeverAlert(e));
    const feverAlerts = community.escalations.filter(isFeverAlert);
    fevers.push(...feverAlerts);
    for (const { checkpoint, counters } of community.checkpoints) {
      const own = missed.filter((e) => e.checkpointId === checkpoint.checkpointId);
      const checkpointTotals = checkpointSums(checkpoint, date, counters, own, now);
      checkpointSummaries.push({ checkpointId: checkpoint.checkpointId, communityId: community.communityId, name: checkpoint.name, ...figuresOf(checkpointTotals) });
      sums = add(sums, checkpointTotals);
    }
    communitySummaries.push({
      communityId: community.communityId,
      name: community.name,
      checkpoints: community.checkpoints.length,
      ...figuresOf(sums),
      fevers: feverFigures(feverAlerts),
      openEscalations: community.openEscalations ?? 0,
    });
    county = add(county, sums);
  }
  const missedMost = checkpointSummaries
    .filter((c) => c.missed > 0)
    .sort((a, b) => b.missed - a.missed || a.checkpointId.localeCompare(b.checkpointId))
    .slice(0, 10)
    .map(({ checkpointId, communityId, name, missed }) => ({ checkpointId, communityId, name, missed }));
  return {
    date,
    builtAt: now.toISOString(),
    partial,
    county: { ...figuresOf(county), checkpoints: checkpointSummaries.length, communities: communitySummaries.length, fevers: feverFigures(fevers) },
    communities: communitySummaries,
    checkpoints: checkpointSummaries,
    missedMost,
    openEscalations,
  };
};

/** The summary narrowed to one community (`?communityId=`), or to an operator key's communities. */
export const narrowTo = (summary: DaySummary, communityIds: string | readonly string[]): DaySummary => {
  const within = new Set(typeof communityIds === 'string' ? [communityIds] : communityIds);
  return {
    ...summary,
    communities: summary.communities.filter((c) => within.has(c.communityId)),
    checkpoints: summary.checkpoints.filter((c) => c.checkpointId && within.has(c.communityId)),
    missedMost: summary.missedMost.filter((c) => within.has(c.communityId)),
  };
};

/**
 * What a community operator key sees of a summary: its communities, their checkpoints and the
 * checkpoints of theirs that missed most — no county line and no county-wide count of open escalations,
 * which count communities it may not see. Not recomputed over its communities either: the stored rows
 * carry means and medians (staff on duty, minutes to resolve) that no sum of them gives back, and each
 * of its communities has its own exact line.
 */
export type OperatorSummary = Omit<DaySummary, 'county' | 'openEscalations'>;

export const operatorView = (summary: DaySummary, communityIds: readonly string[]): OperatorSummary => {
  const { county: _county, openEscalations: _open, ...own } = narrowTo(summary, communityIds);
  return own;
};

export const CSV_COLUMNS = [
  'checkpointId', 'communityId', 'name', 'expected', 'onTime', 'late', 'missed', 'completeness', 'timeliness', 'readings', 'unlikelyReadings', 'copiedReadings', 'screened',
  'entries', 'exits', 'feverCount', 'maxTempC', 'staffOnDutyMean', 'escalations.opened', 'escalations.acknowledged',
  'escalations.resolved', 'escalations.unresolved', 'escalations.paused', 'escalations.maxLevel', 'escalations.medianMinutesToResolve', 'escalations.maxMinutesToResolve',
] as const;

/**
 * The columns as a Chinese reader's file heads them (a summary message's link, summary-links.ts): the
 * API's CSV keeps the field names, for programs.
 */
export const CSV_HEADINGS_ZH: Record<(typeof CSV_COLUMNS)[number], string> = {
  checkpointId: '卡点编号', communityId: '社区编号', name: '卡点名称', expected: '应报次数', onTime: '按时', late: '迟报', missed: '漏报',
  completeness: '完整率', timeliness: '及时率', readings: '上报条数', unlikelyReadings: '存疑上报', copiedReadings: '疑似重复上报', screened: '检测人次', entries: '进入', exits: '外出',
  feverCount: '发热人数', maxTempC: '最高体温（°C）', staffOnDutyMean: '平均在岗人数', 'escalations.opened': '督办发起', 'escalations.acknowledged': '督办已接手',
  'escalations.resolved': '督办已解决', 'escalations.unresolved': '督办未解决', 'escalations.paused': '督办因暂停结束', 'escalations.maxLevel': '督办最高级别',
  'escalations.medianMinutesToResolve': '解决用时中位数（分钟）', 'escalations.maxMinutesToResolve': '最长解决用时（分钟）',
};

/** The header row: the field names, or with `zh` the Chinese headings. */
export const csvHeadings = (zh = false): string[] => CSV_COLUMNS.map((column) => (zh ? CSV_HEADINGS_ZH[column] : column));

const csvCell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote what needs it; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** A checkpoint's figures in the order of CSV_COLUMNS (a dotted column, `escalations.opened`, read from its part), for the CSV and the workbook alike. */
export const checkpointRow = (checkpoint: DaySummary['checkpoints'][number]): unknown[] =>
  CSV_COLUMNS.map((column) => {
    const [head, tail] = column.split('.') as [string, string | undefined];
    const value = (checkpoint as unknown as Record<string, unknown>)[head];
    return tail ? (value as Record<string, unknown>)[tail] : value;
  });

/** One row per checkpoint with a header row; UTF-8 with a BOM so spreadsheet programs show Chinese names. */
export const toCsv = (summary: Pick<DaySummary, 'checkpoints'>, headings: string[] = csvHeadings()): string => {
  const rows = summary.checkpoints.map((c) => checkpointRow(c).map(csvCell).join(','));
  return `\uFEFF${[headings.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
};
