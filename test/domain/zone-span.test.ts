/**
 * A zone's span of one offset (time.ts, zoneSpanAround), which a checkpoint's record carries so that a
 * cold start works in its zone without ICU: against the offset read another way — Intl's own
 * `longOffset` name of the zone at that instant ("GMT+05:45") — every instant inside the span has the
 * span's offset, and where the span ends on a change, the minute beyond it has another.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Checkpoint } from '../../functions/domain/model';
import { planReading } from '../../functions/domain/readings';
import { zoneSpanAround } from '../../functions/domain/time';

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Tehran', 'Africa/Casablanca', 'Asia/Kathmandu', 'UTC'];
const MINUTE = 60_000;
const named = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at an instant, in ms, from the name Intl gives it (GMT, GMT+8, GMT-03:30). */
const offsetNamed = (instant: number, zone: string): number => {
  let format = named.get(zone);
  if (!format) named.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')!.value;
  const match = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
  if (!match) throw new Error(`unexpected zone name ${name}`);
  return match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MINUTE : 0;
};

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });

describe('a zone span', () => {
  it('holds its instant, a few days either side of it at least when no change is near, and one offset throughout', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), (zone, at, fractions) => {
        const span = zoneSpanAround(at, zone);
        expect(span.zone).toBe(zone);
        expect(span.from).toBeLessThanOrEqual(at);
        expect(span.to).toBeGreaterThan(at);
        expect(span.offset).toBe(offsetNamed(at, zone));
        for (const fraction of [0, ...fractions]) {
          const inside = Math.min(span.to - 1, Math.floor(span.from + fraction * (span.to - span.from)));
          expect(offsetNamed(inside, zone)).toBe(span.offset);
        }
        expect(offsetNamed(span.to - 1, zone)).toBe(span.offset);
      }),
      { numRuns: 400 },
    );
  });

  it('ends on the change itself: the minute after it, or the one before it, has another offset — else the reach is a month back and two ahead', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, at) => {
        const span = zoneSpanAround(at, zone);
        const endedByChange = offsetNamed(span.to, zone) !== span.offset;
        if (!endedByChange) expect(span.to - at).toBeGreaterThanOrEqual(61 * 86_400_000);
        const begunByChange = offsetNamed(span.from - MINUTE, zone) !== span.offset;
        if (!begunByChange) expect(at - span.from).toBeGreaterThanOrEqual(30 * 86_400_000);
      }),
      { numRuns: 400 },
    );
  });

  it("finds Berlin's changes to the minute, and Shanghai's months without one", () => {
    // Clocks go back on 25 October 2026 at 01:00 UTC and forward on 28 March 2027 at 01:00 UTC.
    expect(zoneSpanAround(Date.UTC(2026, 10, 10), 'Europe/Berlin')).toMatchObject({ offset: 3_600_000, from: Date.UTC(2026, 9, 25, 1) });
    expect(zoneSpanAround(Date.UTC(2027, 2, 20), 'Europe/Berlin')).toMatchObject({ offset: 3_600_000, to: Date.UTC(2027, 2, 28, 1) });
    expect(zoneSpanAround(Date.UTC(2027, 2, 28, 1), 'Europe/Berlin')).toMatchObject({ offset: 7_200_000, from: Date.UTC(2027, 2, 28, 1) });
    const shanghai = zoneSpanAround(Date.UTC(2026, 11, 1, 8), 'Asia/Shanghai');
    expect(shanghai).toEqual({ zone: 'Asia/Shanghai', offset: 8 * 3_600_000, from: Date.UTC(2026, 11, 1, 8) - 31 * 86_400_000, to: Date.UTC(2026, 11, 1, 8) + 62 * 86_400_000 });
  });
});

describe("a reading and the record's span", () => {
  const NOW = new Date('2026-12-01T08:00:00Z');
  const checkpoint = (zoneSpan?: Checkpoint['zoneSpan'], timezone = 'Asia/Shanghai'): Checkpoint => ({
    checkpointId: 'cp-1',
    communityId: 'co-1',
    name: '东门卡点',
    timezone,
    schedule: { every: 'PT2H' },
    grace: 'PT15M',
    contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' }],
    active: true,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    activeSince: '2026-11-01T00:00:00Z',
    pauses: [],
    filledRuns: [],
    recentMaxTempC: {},
    tokenHash: 'h',
    version: 3,
    ...(zoneSpan && { zoneSpan }),
  });
  const plan = (record: Checkpoint) =>
    planReading(record, { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 5, exits: 5, feverCount: 0 }, { now: NOW, readingId: randomUUID(), fingerprint: 'f' }).checkpoint;
  const DAY = 86_400_000;
  const span = (from: number, to: number, zone = 'Asia/Shanghai') => ({ zone, offset: 8 * 3_600_000, from, to });

  it('writes none while the stored one reaches two weeks ahead', () => {
    expect(plan(checkpoint(span(NOW.getTime() - 10 * DAY, NOW.getTime() + 20 * DAY)))).not.toHaveProperty('zoneSpan');
  });

  it('renews one that ends within two weeks, one of another zone, and a missing one', () => {
    for (const record of [checkpoint(span(NOW.getTime() - 10 * DAY, NOW.getTime() + 3 * DAY)), checkpoint({ ...zoneSpanAround(NOW.getTime(), 'Europe/Berlin') }), checkpoint()]) {
      expect(plan(record).zoneSpan).toEqual(zoneSpanAround(NOW.getTime(), 'Asia/Shanghai'));
    }
  });
});
