/**
 * Today's slots of a checkpoint as a strip of cells for the board: on time, late, missed, not yet due,
 * closed, paused (or before the checkpoint was registered). From what the board already holds — the
 * checkpoint record (schedule, grace, creation, pauses, closures) and today's day counters (which slot
 * starts were filled on time or late) — by the slot rule's index arithmetic on the day (slots.ts,
 * notExpectedIn), never a list of slots: a PT30S checkpoint's 2,880 slots cost what a PT2H one's 12 do.
 * It agrees with today's completeness (summary.ts, daySlotCounts): on time + late + missed are the
 * slots counted so far, the not yet due ones the rest of the expected.
 */
import type { Checkpoint } from './model';
import { slotStateOf } from './readings';
import { notExpectedIn } from './slots';
import type { DayCounters } from './summary';
import { localDayBounds } from './time';

/** What a cell shows, most telling first: a cell of several slots shows the first of these it holds. */
export const CELL_STATES = ['missed', 'late', 'pending', 'onTime', 'paused', 'closed', 'before'] as const;
export type CellState = (typeof CELL_STATES)[number];

/** At most this many cells: more slots than that (PT30M is 48) are grouped, so many to a cell. */
export const MAX_CELLS = 48;

export interface StripCell {
  /** Epoch ms: the start of the cell's first slot and the end of its last. */
  from: number;
  to: number;
  state: CellState;
  /** Its slots by state; one slot of one state when a cell is one slot. */
  counts: Partial<Record<CellState, number>>;
}

export interface SlotStrip {
  date: string;
  slots: number;
  /** 1 when every cell is one slot. */
  slotsPerCell: number;
  cells: StripCell[];
  /** The whole day's slots by state. */
  counts: Record<CellState, number>;
}

type Span = readonly [number, number];

/** Index spans, sorted and merged where they touch or overlap. */
const merged = (spans: readonly Span[]): Span[] => {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
};

/** How much of [from, to) merged spans cover. */
const cover = (spans: readonly Span[], from: number, to: number): number => {
  let total = 0;
  for (const [a, b] of spans) {
    if (a >= to) break;
    total += Math.max(0, Math.min(b, to) - Math.max(a, from));
  }
  return total;
};

const emptyCounts = (): Record<CellState, number> => ({ missed: 0, late: 0, pending: 0, onTime: 0, paused: 0, closed: 0, before: 0 });

/** A cell as far as the clock does not matter: its slots, and which of them are filled (expected ones only). */
interface PlannedCell {
  a: number;
  b: number;
  from: number;
  to: number;
  before: number;
  paused: number;
  closed: number;
  expected: number;
  onTime: number;
  late: number;
  /** Indices of its filled slots, ascending: those before `decided` are decided. */
  filled: number[];
}

/**
 * What a checkpoint's strip of a date needs besides the clock, worked out once per checkpoint record
 * and counters: the board draws every checkpoint on every refresh, and most refreshes change neither.
 */
interface DayPlan {
  date: string;
  counters: DayCounters | undefined;
  slots: number;
  size: number;
  dayEnd: number;
  lastSlotEnd: number;
  graceMs: number;
  firstFrom: (t: number) => number;
  notExpected: Span[];
  cells: PlannedCell[];
  /** The strip last drawn, and how many slots were decided then: the same number draws the same strip. */
  drawn?: { decided: number; strip: SlotStrip };
}

const planDay = (checkpoint: Checkpoint, date: string, counters: DayCounters | undefined): DayPlan => {
  const bounds = localDayBounds(date, checkpoint.timezone);
  const state = slotStateOf(checkpoint);
  const day = state.schedule.dayOf(bounds);
  const n = day.count;
  const base = { date, counters, slots: n, dayEnd: bounds.end.getTime(), graceMs: state.graceMs, firstFrom: (t: number) => day.firstFrom(t) };
  if (n === 0) return { ...base, size: 1, lastSlotEnd: bounds.end.getTime(), notExpected: [], cells: [] };

  // Why a slot is not expected, each reason alone (a slot a pause touches is paused, closed or not).
  const before: Span[] = [[0, day.firstFrom(state.createdAt)]];
  const pausedOrBefore = merged([...before, ...notExpectedIn({ ...state, createdAt: 0, closures: undefined }, day)]);
  const notExpected = merged([...pausedOrBefore, ...notExpectedIn({ ...state, createdAt: 0, pauses: [] }, day)]);
  const isExpected = (k: number) => !notExpected.some(([from, to]) => k >= from && k < to);

  const size = Math.ceil(n / MAX_CELLS);
  const cells = Array.from({ length: Math.ceil(n / size) }, (_, c): PlannedCell => {
    const a = c * size;
    const b = Math.min(n, a + size);
    const beforeCount = cover(before, a, b);
    const pausedCount = cover(pausedOrBefore, a, b) - beforeCount;
    const notExpectedCount = cover(notExpected, a, b);
    return { a, b, from: day.start(a), to: day.end(b - 1), before: beforeCount, paused: pausedCount, closed: notExpectedCount - beforeCount - pausedCount, expected: b - a - notExpectedCount, onTime: 0, late: 0, filled: [] };
  });
  const indexOf = (start: number): number | undefined => {
    const k = day.firstFrom(start);
    return k < n && day.start(k) === start && isExpected(k) ? k : undefined;
  };
  const known = (k: number | undefined): k is number => k !== undefined;
  const onTime = new Set((counters?.onTimeSlots ?? []).map(indexOf).filter(known));
  const late = new Set((counters?.lateSlots ?? []).map(indexOf).filter(known).filter((k) => !onTime.has(k)));
  for (const [set, kind] of [[onTime, 'onTime'], [late, 'late']] as const) {
    for (const k of set) {
      const cell = cells[Math.floor(k / size)]!;
      cell[kind] += 1;
      cell.filled.push(k);
    }
  }
  for (const cell of cells) cell.filled.sort((x, y) => x - y);
  return { ...base, size, lastSlotEnd: day.end(n - 1), notExpected, cells };
};

/** The plan of each checkpoint record, by identity: a record read again is a new object, and so a new plan. */
const plans = new WeakMap<Checkpoint, DayPlan>();

/** The strip of a checkpoint's local date (today, on the board) as of `now`. */
export const slotStrip = (checkpoint: Checkpoint, date: string, counters: DayCounters | undefined, now: Date): SlotStrip => {
  let plan = plans.get(checkpoint);
  if (!plan || plan.date !== date || plan.counters !== counters) plans.set(checkpoint, (plan = planDay(checkpoint, date, counters)));
  const n = plan.slots;
  // Slots decided by now (their grace has ended; all once the day is over), as daySlotCounts has it.
  const decidedBy = now.getTime() - plan.graceMs;
  const decided = n === 0 ? 0 : plan.dayEnd <= now.getTime() || plan.lastSlotEnd <= decidedBy ? n : Math.max(0, plan.firstFrom(decidedBy + 1) - 1);
  if (plan.drawn?.decided === decided) return plan.drawn.strip;

  const total = emptyCounts();
  const cells = plan.cells.map((cell): StripCell => {
    const cut = Math.min(cell.b, Math.max(cell.a, decided));
    const filledDecided = cell.b <= decided ? cell.filled.length : cell.a >= decided ? 0 : cell.filled.filter((k) => k < decided).length;
    const missed = cut - cell.a - cover(plan.notExpected, cell.a, cut) - filledDecided;
    const counts: Record<CellState, number> = {
      missed,
      late: cell.late,
      pending: cell.expected - cell.onTime - cell.late - missed,
      onTime: cell.onTime,
      paused: cell.paused,
      closed: cell.closed,
      before: cell.before,
    };
    for (const s of CELL_STATES) total[s] += counts[s];
    const shown = CELL_STATES.find((s) => counts[s] > 0)!;
    return { from: cell.from, to: cell.to, state: shown, counts: Object.fromEntries(CELL_STATES.filter((s) => counts[s] > 0).map((s) => [s, counts[s]])) };
  });
  const strip = { date, slots: n, slotsPerCell: plan.size, cells, counts: total };
  plan.drawn = { decided, strip };
  return strip;
};
