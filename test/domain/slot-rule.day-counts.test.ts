/**
 * A day's counts (daySlotCounts: the summary and the board) against rule 8 of the independent model, on
 * days with many slots filled (issue 21 §4): every schedule from PT30S to P1D and a few crons, zones
 * with and without daylight saving on the days their clocks change, creation within the day, pauses,
 * closures, full and sparse days, slots filled both on time and late, starts given twice and starts
 * that are no slot's, the day over or still running. The slot-rule property test reaches the same count
 * through readings, a dozen at most; this one fills thousands.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../functions/domain/model';
import { daySlotCounts } from '../../functions/domain/summary';
import { addDays, clockOf, dayCountsOf, durationMs, slotsOverlapping, transitionsBetween, type ClosureSpec, type ScheduleSpec, type Setup } from './slot-rule.model';

const HOUR = 3_600_000;
const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;
const EVERY = ['PT30S', 'PT30S', 'PT30S', 'PT1M', 'PT5M', 'PT7M', 'PT25M', 'PT1H', 'PT90M', 'PT2H', 'PT5H', 'P1D'];
const CRONS = ['0 8,12,18 * * *', '*/15 * * * *', '30 2 * * *', '0 */2 * * *', '45 1,2,3 * * 1-5'];

const pad2 = (n: number) => String(n).padStart(2, '0');
const clockTime = fc.tuple(fc.oneof(fc.constantFrom(0, 1, 2, 3, 23), fc.integer({ min: 0, max: 23 })), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${pad2(h)}:${pad2(m)}`);
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const raw = fc.record({
  zone: fc.constantFrom(...ZONES),
  schedule: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EVERY).map((every): ScheduleSpec => ({ every })) }, { weight: 1, arbitrary: fc.constantFrom(...CRONS).map((cron): ScheduleSpec => ({ cron })) }),
  grace: fc.constantFrom('PT0S', 'PT10S', 'PT15M', 'PT2H', 'P1D'),
  /** The day: one whose clocks change (most), or any in 2025–2027. */
  day: fc.record({ onTransition: fc.boolean(), u: fraction }),
  /** Creation: before the day (most), or at a fraction of it. */
  created: fc.option(fraction, { freq: 2 }),
  pauses: fc.array(fc.record({ from: fraction, hours: fc.integer({ min: 0, max: 30 }), open: fc.boolean() }), { maxLength: 2 }),
  /** One daily closure at most (two could close the whole day, which the contract refuses), and closures once. */
  daily: fc.option(fc.record({ from: clockTime, to: clockTime }).filter(({ from, to }) => from !== to)),
  once: fc.array(fc.record({ at: fraction, minutes: fc.integer({ min: 1, max: 600 }) }), { maxLength: 2 }),
  /** How densely slots are filled on time and late (0: none, 1: all), and the odd starts given. */
  onTime: fc.constantFrom(0, 0.1, 0.5, 0.9, 1),
  late: fc.constantFrom(0, 0.1, 0.5, 1),
  seed: fc.integer(),
  strays: fc.boolean(),
  /** When the count is asked: after the day (most), or at a fraction of it. */
  now: fc.option(fraction, { freq: 2 }),
});

/** A small deterministic generator, so the filled sets follow from the case as fast-check prints it. */
const randomFrom = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x80000000;
};

type Raw = typeof raw extends fc.Arbitrary<infer T> ? T : never;

const caseOf = (r: Raw) => {
  const clock = clockOf(r.zone);
  const transitions = transitionsBetween(r.zone, Date.UTC(2025, 0, 3), Date.UTC(2027, 11, 28)).map((t) => t.at);
  const instant = r.day.onTransition && transitions.length > 0 ? transitions[Math.floor(r.day.u * transitions.length)]! : Date.UTC(2025, 0, 3) + Math.floor(r.day.u * 1090) * 86_400_000;
  const date = clock.dateOf(instant);
  const dayStart = clock.dayStart(date);
  const dayEnd = clock.dayStart(addDays(date, 1));
  const within = (u: number) => dayStart + Math.floor((u * (dayEnd - dayStart)) / 1000) * 1000;
  const createdAt = new Date(r.created === null ? dayStart - 3 * 86_400_000 : within(r.created));
  const pauses = r.pauses
    .map((p) => ({ from: within(p.from) - 6 * HOUR, to: p.open ? Number.POSITIVE_INFINITY : within(p.from) - 6 * HOUR + p.hours * HOUR + 1000 }))
    .sort((a, b) => a.from - b.from)
    .filter((p, i, all) => i === 0 || p.from >= all[i - 1]!.to);
  const closures: ClosureSpec[] = [
    ...(r.daily ? [{ daily: r.daily }] : []),
    ...r.once.map((c) => ({ from: new Date(within(c.at)).toISOString(), to: new Date(within(c.at) + c.minutes * 60_000).toISOString() })),
  ];
  const setup: Setup = { zone: r.zone, schedule: r.schedule, grace: r.grace, createdAt, ...(closures.length > 0 && { closures }) };
  const random = randomFrom(r.seed);
  const starts = slotsOverlapping(setup, dayStart, dayEnd).map((slot) => slot.start).filter((t) => t >= dayStart && t < dayEnd);
  const onTime = starts.filter(() => random() < r.onTime);
  const late = starts.filter(() => random() < r.late);
  // A number set read back from DynamoDB keeps no order: half the cases look them up shuffled.
  if (r.seed % 2 !== 0) for (const list of [onTime, late]) list.sort(() => random() - 0.5);
  // Starts given twice, a millisecond off a slot's start, and of the days either side.
  if (r.strays && starts.length > 0) {
    onTime.push(onTime[0] ?? starts[0]!, starts[0]! + 1, dayStart - 30_000, dayEnd);
    late.push(starts.at(-1)!, starts.at(-1)! - 1);
  }
  const now = new Date(r.now === null ? dayEnd + 2 * 86_400_000 : within(r.now));
  return { setup, date, pauses, onTime, late, now };
};

const checkpointOf = (c: ReturnType<typeof caseOf>): Checkpoint => ({
  checkpointId: 'gate',
  communityId: 'town',
  name: 'Gate',
  timezone: c.setup.zone,
  schedule: c.setup.schedule,
  grace: c.setup.grace,
  contacts: [],
  active: true,
  createdAt: c.setup.createdAt.toISOString(),
  updatedAt: c.setup.createdAt.toISOString(),
  activeSince: c.setup.createdAt.toISOString(),
  pauses: c.pauses.map((p) => ({ from: new Date(p.from).toISOString(), ...(Number.isFinite(p.to) && { to: new Date(p.to).toISOString() }) })),
  ...(c.setup.closures && { closures: c.setup.closures }),
  filledRuns: [],
  recentMaxTempC: {},
  tokenHash: 'x',
  version: 1,
});

describe("a day's counts follow the slot rule on days with many slots filled", () => {
  it('on random days, schedules, zones, pauses and closures (600 cases)', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(raw, (r) => {
        const c = caseOf(r);
        const rule = dayCountsOf(c.setup, c.pauses, { onTime: new Set(c.onTime), late: new Set(c.late) }, c.date, c.now);
        const domain = daySlotCounts(checkpointOf(c), c.date, { onTime: c.onTime, late: c.late }, c.now);
        expect(domain).toEqual({ expected: rule.expected, onTime: rule.onTime, late: rule.late });
      }),
      { numRuns: 600 },
    );
  });

  it('a full PT30S day in a zone that skips an hour: 2,760 slots, every one counted once', () => {
    const setup: Setup = { zone: 'Europe/Berlin', schedule: { every: 'PT30S' }, grace: 'PT10S', createdAt: new Date('2026-03-27T00:00:00Z') };
    const starts = slotsOverlapping(setup, Date.parse('2026-03-28T23:00:00Z'), Date.parse('2026-03-29T22:00:00Z')).map((slot) => slot.start);
    expect(starts).toHaveLength(2760);
    const counts = daySlotCounts(checkpointOf({ setup, date: '2026-03-29', pauses: [], onTime: [], late: [], now: new Date() }), '2026-03-29', { onTime: [...starts, ...starts], late: starts.slice(0, 10) }, new Date('2026-04-01T00:00:00Z'));
    expect(counts).toEqual({ expected: 2760, onTime: 2760, late: 0 });
    expect(durationMs(setup.grace)).toBe(10_000);
  });
});
