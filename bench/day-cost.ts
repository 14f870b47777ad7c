/**
 * What one checkpoint's day costs the sweep, the summary and the board, a PT30S schedule (2,880 slots a
 * day) beside a PT2H one (12), in the same run: the next deadline, an empty day's counts and a
 * reported day's counts with every slot filled. Calls a second, the median of interleaved rounds (these
 * machines are noisy). The deadline and an empty day are index arithmetic, flat in slots a day; a
 * reported day looks each filled slot up once (functions/domain/summary.ts, daySlotCounts).
 *
 * `npx tsx bench/day-cost.ts` runs it alone; `npm run bench` runs it first and reports it.
 */
import type { Checkpoint } from '../functions/domain/model';
import { slotStateOf } from '../functions/domain/readings';
import { nextDeadline } from '../functions/domain/slots';
import { daySlotCounts } from '../functions/domain/summary';
import { localDayBounds } from '../functions/domain/time';

const DATE = '2026-11-20';
const ZONE = 'Asia/Shanghai';
const ROUNDS = 7;
const ROUND_MS = 150;

const checkpointOn = (schedule: Checkpoint['schedule'], grace: string): Checkpoint => ({
  checkpointId: 'c', communityId: 'x', name: 'c', timezone: ZONE, schedule, grace, contacts: [], active: true,
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', activeSince: '2026-01-01T00:00:00Z',
  pauses: [{ from: '2026-11-20T03:00:00Z', to: '2026-11-20T03:20:00Z' }], filledRuns: [], recentMaxTempC: {}, tokenHash: 'x', version: 1,
});

/** Calls a second of `work` over about ROUND_MS. */
const callsPerSecond = (work: () => unknown): number => {
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < ROUND_MS) {
    for (let i = 0; i < 20; i += 1) work();
    calls += 20;
  }
  return calls / ((performance.now() - started) / 1000);
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface DayCostRow {
  schedule: string;
  slotsADay: number;
  /** Calls a second: the next deadline mid-day, the day's counts with no slot filled, with every slot filled. */
  nextDeadline: number;
  emptyDay: number;
  reportedDay: number;
}

export const dayCost = () => {
  const { start, end } = localDayBounds(DATE, ZONE);
  const midDay = new Date(start.getTime() + 13.5 * 3_600_000);
  const dayOver = new Date(end.getTime() + 86_400_000);
  const schedules = [
    { schedule: 'every PT2H', checkpoint: checkpointOn({ every: 'PT2H' }, 'PT15M'), everyMs: 7_200_000 },
    { schedule: 'every PT30S', checkpoint: checkpointOn({ every: 'PT30S' }, 'PT5S'), everyMs: 30_000 },
  ];
  const cases = schedules.map(({ schedule, checkpoint, everyMs }) => {
    const filled = Array.from({ length: Math.ceil((end.getTime() - start.getTime()) / everyMs) }, (_, k) => start.getTime() + k * everyMs);
    const reported = daySlotCounts(checkpoint, DATE, { onTime: filled, late: [] }, dayOver);
    if (reported.onTime !== filled.length - Math.ceil(1_200_000 / everyMs)) throw new Error(`${schedule}: ${reported.onTime} slots counted of ${filled.length}`);
    return {
      schedule,
      slotsADay: filled.length,
      work: {
        nextDeadline: () => nextDeadline(slotStateOf(checkpoint), midDay),
        emptyDay: () => daySlotCounts(checkpoint, DATE, { onTime: [], late: [] }, dayOver),
        reportedDay: () => daySlotCounts(checkpoint, DATE, { onTime: filled, late: [] }, dayOver),
      },
    };
  });
  const samples = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const { schedule, work } of cases) {
      for (const [name, fn] of Object.entries(work)) {
        const key = `${schedule} ${name}`;
        samples.set(key, [...(samples.get(key) ?? []), callsPerSecond(fn)]);
      }
    }
  }
  const figure = (schedule: string, name: string) => Math.round(median(samples.get(`${schedule} ${name}`)!.slice(1)));
  const rows: DayCostRow[] = cases.map(({ schedule, slotsADay }) => ({
    schedule,
    slotsADay,
    nextDeadline: figure(schedule, 'nextDeadline'),
    emptyDay: figure(schedule, 'emptyDay'),
    reportedDay: figure(schedule, 'reportedDay'),
  }));
  const [slow, fast] = rows as [DayCostRow, DayCostRow];
  const dearer = (key: 'nextDeadline' | 'emptyDay' | 'reportedDay') => Math.round((slow[key] / fast[key]) * 100) / 100;
  return {
    rows,
    /** How many times dearer PT30S is than PT2H, per call. */
    pt30sOverPt2h: { nextDeadline: dearer('nextDeadline'), emptyDay: dearer('emptyDay'), reportedDay: dearer('reportedDay') },
    budget: 'PT30S within 2x of PT2H for the deadline and an empty day; a reported day within 5x',
  };
};

export type DayCostResults = ReturnType<typeof dayCost>;

export const dayCostReport = (r: DayCostResults): string[] => {
  const within = (ratio: number, budget: number) => (ratio <= budget ? 'within budget' : '**over budget**');
  return [
    "## Day cost: one checkpoint's day for the sweep, the summary and the board (bench/day-cost.ts)",
    '',
    '| schedule | slots a day | next deadline, calls/s | empty day, calls/s | reported day (every slot filled), calls/s |',
    '|---|---|---|---|---|',
    ...r.rows.map((row) => `| ${row.schedule} | ${row.slotsADay} | ${row.nextDeadline} | ${row.emptyDay} | ${row.reportedDay} |`),
    '',
    `PT30S against PT2H, per call: next deadline ${r.pt30sOverPt2h.nextDeadline}× (budget ≤ 2: ${within(r.pt30sOverPt2h.nextDeadline, 2)}), empty day ${r.pt30sOverPt2h.emptyDay}× (budget ≤ 2: ${within(r.pt30sOverPt2h.emptyDay, 2)}), reported day ${r.pt30sOverPt2h.reportedDay}× (budget ≤ 5: ${within(r.pt30sOverPt2h.reportedDay, 5)}: each of its 2,880 filled slots is looked up once).`,
    '',
  ];
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = dayCost();
  console.log(dayCostReport(results).join('\n'));
}
