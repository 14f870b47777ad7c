/**
 * What building one checkpoint's day costs (the summary and the board do it for every checkpoint): a
 * PT30S schedule against a PT2H one, both with every slot filled, in the same run. The counts are index
 * arithmetic on the day's slots (functions/domain/summary.ts), so the figure should stay near 1 — the
 * day counters' sets of filled slots are the only thing that grows with slots per day.
 */
import { daySlotCounts } from '../functions/domain/summary';
import type { Checkpoint } from '../functions/domain/model';
import { localDayBounds } from '../functions/domain/time';

const DATE = '2026-11-20';
const ZONE = 'Asia/Shanghai';

const checkpointOn = (schedule: Checkpoint['schedule'], grace: string): Checkpoint => ({
  checkpointId: 'c', communityId: 'x', name: 'c', timezone: ZONE, schedule, grace, contacts: [], active: true,
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', activeSince: '2026-01-01T00:00:00Z',
  pauses: [{ from: '2026-11-20T03:00:00Z', to: '2026-11-20T03:20:00Z' }], filledRuns: [], recentMaxTempC: {}, tokenHash: 'x', version: 1,
});

const timePer = (work: () => void, rounds: number): number => {
  for (let i = 0; i < 50; i += 1) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) work();
  return Number(process.hrtime.bigint() - started) / 1e3 / rounds;
};

export const dayCost = () => {
  const { start } = localDayBounds(DATE, ZONE);
  const filledEvery = (ms: number) => Array.from({ length: Math.ceil(86_400_000 / ms) }, (_, k) => start.getTime() + k * ms);
  const now = new Date('2026-11-22T00:00:00Z');
  const cases = [
    { name: 'every PT2H', checkpoint: checkpointOn({ every: 'PT2H' }, 'PT15M'), filled: filledEvery(7_200_000) },
    { name: 'every PT30S', checkpoint: checkpointOn({ every: 'PT30S' }, 'PT5S'), filled: filledEvery(30_000) },
    { name: 'every PT30S, nothing filled', checkpoint: checkpointOn({ every: 'PT30S' }, 'PT5S'), filled: [] },
    { name: 'cron 0 8,12,18 * * *', checkpoint: checkpointOn({ cron: '0 8,12,18 * * *' }, 'PT30M'), filled: [] },
  ];
  const rows = cases.map(({ name, checkpoint, filled }) => ({
    name,
    slotsFilled: filled.length,
    microseconds: Math.round(timePer(() => daySlotCounts(checkpoint, DATE, { onTime: filled, late: [] }, now), 2000) * 10) / 10,
  }));
  const base = rows[0]!.microseconds;
  return { rows: rows.map((row) => ({ ...row, ratio: Math.round((row.microseconds / base) * 100) / 100 })), budget: 'PT30S with nothing filled within 2x of PT2H (no listing of slots)' };
};
