/**
 * Pins the independent model of the slot rule (slot-rule.model.ts) to hand-worked examples — the issue's
 * own among them — so that the property test compares the domain with something known to be right.
 * Every expected value here was worked out by hand from the rule in docs/slots.md, not read off the model.
 */
import { describe, expect, it } from 'vitest';
import { clockOf, durationMs, simulateModel, slotsOverlapping, type Event, type Setup } from './slot-rule.model';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const isoOf = (date: Date | undefined | null) => date?.toISOString();
const reading = (iso: string): Event => ({ kind: 'reading', at: at(iso) });
const sweep = (iso: string): Event => ({ kind: 'sweep', at: at(iso) });
const pause = (iso: string): Event => ({ kind: 'pause', at: at(iso) });
const resume = (iso: string): Event => ({ kind: 'resume', at: at(iso) });
/** The slots that start in [from, to): for a cron, its fire times there. */
const starts = (setup: Pick<Setup, 'zone' | 'schedule'>, from: string, to: string) =>
  slotsOverlapping(setup, ms(from), ms(to))
    .filter((slot) => slot.start >= ms(from))
    .map((slot) => new Date(slot.start).toISOString());

describe('the model: durations and zones', () => {
  it('reads ISO durations of days, hours, minutes and seconds', () => {
    expect(durationMs('PT30S')).toBe(30_000);
    expect(durationMs('PT1H30M')).toBe(5_400_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT0S')).toBe(0);
    expect(() => durationMs('P1M')).toThrow();
  });

  it('opens a local day at midnight, or at the first instant after a gap that swallows midnight', () => {
    const santiago = clockOf('America/Santiago');
    // 2026-09-06: clocks jump from 24:00 (-04) to 01:00 (-03), at 04:00Z.
    expect(new Date(santiago.dayStart('2026-09-06')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(new Date(santiago.dayStart('2026-09-07')).toISOString()).toBe('2026-09-07T03:00:00.000Z');
    // 2026-04-04 is 25 hours: 00:00 -03 to 00:00 -04.
    expect(santiago.dayStart('2026-04-05') - santiago.dayStart('2026-04-04')).toBe(25 * 3_600_000);
    const lordHowe = clockOf('Australia/Lord_Howe');
    // 2026-04-05: 02:00 (+11) back to 01:30 (+10:30) — a 24.5-hour day.
    expect(lordHowe.dayStart('2026-04-06') - lordHowe.dayStart('2026-04-05')).toBe(24.5 * 3_600_000);
  });
});

describe('the model: slots', () => {
  it('cuts the last PT2H slot of New York 2026-11-01 (25 hours) to one hour: 13 slots', () => {
    const slots = slotsOverlapping({ zone: 'America/New_York', schedule: { every: 'PT2H' } }, ms('2026-11-01T04:00:00Z'), ms('2026-11-02T05:00:00Z'));
    expect(slots).toHaveLength(13);
    // In elapsed time from 00:00 EDT: the second slot starts at 01:00 EST, the last at 23:00 EST.
    expect(new Date(slots[1]!.start).toISOString()).toBe('2026-11-01T06:00:00.000Z');
    expect(slots.at(-1)).toEqual({ start: ms('2026-11-02T04:00:00Z'), end: ms('2026-11-02T05:00:00Z') });
  });

  it('gives a 23-hour day 12 PT2H slots, the last cut to one hour (Berlin 2026-03-29)', () => {
    const slots = slotsOverlapping({ zone: 'Europe/Berlin', schedule: { every: 'PT2H' } }, ms('2026-03-28T23:00:00Z'), ms('2026-03-29T22:00:00Z'));
    expect(slots).toHaveLength(12);
    expect(slots.at(-1)).toEqual({ start: ms('2026-03-29T21:00:00Z'), end: ms('2026-03-29T22:00:00Z') });
  });

  it('gives every: P1D one slot per local day, 23 hours on the day clocks go forward', () => {
    const slots = slotsOverlapping({ zone: 'Europe/Berlin', schedule: { every: 'P1D' } }, ms('2026-03-28T23:00:00Z'), ms('2026-03-29T22:00:00Z'));
    expect(slots).toEqual([{ start: ms('2026-03-28T23:00:00Z'), end: ms('2026-03-29T22:00:00Z') }]);
  });

  it('gives every: PT24H what P1D gives: one slot per local day, 25 hours on New York 2026-11-01', () => {
    const day = { from: ms('2026-11-01T04:00:00Z'), to: ms('2026-11-02T05:00:00Z') };
    for (const every of ['P1D', 'PT24H']) {
      expect(slotsOverlapping({ zone: 'America/New_York', schedule: { every } }, day.from, day.to)).toEqual([{ start: day.from, end: day.to }]);
    }
  });

  it('fires a cron time in the skipped hour once, at the end of the gap (Berlin 2026-03-29)', () => {
    expect(starts({ zone: 'Europe/Berlin', schedule: { cron: '30 2 * * *' } }, '2026-03-28T00:00:00Z', '2026-03-30T02:00:00Z')).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first instant after 02:00–03:00
      '2026-03-30T00:30:00.000Z',
    ]);
    // 02:00 and 02:30 both lie in the gap, and */30 is not one time of day: no fire that day.
    expect(starts({ zone: 'Europe/Berlin', schedule: { cron: '*/30 2 * * *' } }, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toEqual([]);
  });

  it('fires a fixed cron time in the repeated hour once, a wildcard minute in both passes (Berlin 2026-10-25)', () => {
    expect(starts({ zone: 'Europe/Berlin', schedule: { cron: '30 2 * * *' } }, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST only
    ]);
    expect(starts({ zone: 'Europe/Berlin', schedule: { cron: '*/30 2 * * *' } }, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    // A wildcard hour too: 0 */1 fires at 02:00 CEST and 02:00 CET.
    expect(starts({ zone: 'Europe/Berlin', schedule: { cron: '0 */1 * * *' } }, '2026-10-24T23:30:00Z', '2026-10-25T02:30:00Z')).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('knows Lord Howe’s half-hour shift: 01:45 repeats, fired once when fixed, twice under */15', () => {
    expect(starts({ zone: 'Australia/Lord_Howe', schedule: { cron: '45 1 * * *' } }, '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toEqual([
      '2026-04-04T14:45:00.000Z',
    ]);
    expect(starts({ zone: 'Australia/Lord_Howe', schedule: { cron: '*/15 1 * * *' } }, '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toEqual([
      '2026-04-04T14:00:00.000Z',
      '2026-04-04T14:15:00.000Z',
      '2026-04-04T14:30:00.000Z',
      '2026-04-04T14:45:00.000Z',
      '2026-04-04T15:00:00.000Z', // 01:30 again, at +10:30
      '2026-04-04T15:15:00.000Z',
    ]);
  });

  it('runs a weekday cron slot from Friday’s fire to Monday’s', () => {
    const slots = slotsOverlapping({ zone: 'Asia/Shanghai', schedule: { cron: '0 8 * * 1-5' } }, ms('2026-11-28T00:00:00Z'), ms('2026-11-28T01:00:00Z'));
    // Saturday 2026-11-28 lies in the slot from Friday 08:00 to Monday 08:00 (00:00Z).
    expect(slots).toEqual([{ start: ms('2026-11-27T00:00:00Z'), end: ms('2026-11-30T00:00:00Z') }]);
  });
});

describe('the model: the issue’s examples', () => {
  // Asia/Shanghai is UTC+8 all year: local 00:00 on 2026-03-10 is 2026-03-09T16:00Z.
  const shanghai: Setup = { zone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT3H', createdAt: at('2026-03-09T16:00:00Z') };
  const readingAt0430 = [reading('2026-03-09T20:30:00Z')];

  it('Shanghai PT2H / PT3H: the 04:30 reading fills 02:00–04:00 late; the deadline at 04:30 is 05:00, not 09:00', () => {
    const seen = simulateModel(shanghai, readingAt0430, at('2026-03-09T20:30:00Z'));
    expect(seen.readings).toEqual([
      { at: at('2026-03-09T20:30:00Z'), slot: { start: at('2026-03-09T18:00:00Z'), end: at('2026-03-09T20:00:00Z') }, filled: 'late' },
    ]);
    expect(isoOf(seen.nextDeadline)).toBe('2026-03-09T21:00:00.000Z'); // 05:00 local
    expect(seen.status).toBe('late'); // in the grace of 00:00–02:00
  });

  it('Shanghai PT2H / PT3H: at 05:30 the checkpoint is missed, the 00:00 slot recorded', () => {
    const seen = simulateModel(shanghai, readingAt0430, at('2026-03-09T21:30:00Z'));
    expect(seen.status).toBe('missed');
    expect(seen.missedRecorded.map(isoOf)).toEqual(['2026-03-09T16:00:00.000Z']);
    // 02:00–04:00 filled; 04:00–06:00 is open until 09:00.
    expect(isoOf(seen.nextDeadline)).toBe('2026-03-10T01:00:00.000Z');
    // The day so far: 00:00 (missed, deadline passed) and 02:00 (filled late) count; 04:00 not yet.
    expect(seen.day('2026-03-10')).toEqual({ expected: 2, onTime: 0, late: 1, missed: 1 });
  });

  it('New York PT2H / PT2H on 2026-11-01: an empty slot two back still holds the deadline in the cut last slot’s grace', () => {
    const setup: Setup = { zone: 'America/New_York', schedule: { every: 'PT2H' }, grace: 'PT2H', createdAt: at('2026-11-01T04:00:00Z') };
    // On time in each of the first 11 slots (04:00Z … 00:00Z, ten minutes in); 21:00–23:00 EST (02:00Z)
    // and the cut 23:00–24:00 EST (04:00Z) get nothing.
    const events = Array.from({ length: 11 }, (_, k) => reading(new Date(ms('2026-11-01T04:10:00Z') + k * 7_200_000).toISOString()));
    const during = simulateModel(setup, events, at('2026-11-02T05:30:00Z'));
    expect(during.readings.every((r) => r.filled === 'onTime')).toBe(true);
    expect(isoOf(during.nextDeadline)).toBe('2026-11-02T06:00:00.000Z'); // 02:00Z slot + 2 h
    expect(during.status).toBe('late');
    const after = simulateModel(setup, events, at('2026-11-02T07:00:00Z'));
    expect(after.missedRecorded.map(isoOf)).toEqual(['2026-11-02T02:00:00.000Z', '2026-11-02T04:00:00.000Z']);
    expect(after.status).toBe('missed');
    expect(after.day('2026-11-01')).toEqual({ expected: 13, onTime: 11, late: 0, missed: 2 });
  });

  it('PT30S swept once a minute: every slot whose grace ended is recorded, not half of them', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT30S' }, grace: 'PT10S', createdAt: at('2026-06-01T10:00:00Z') };
    const sweeps = Array.from({ length: 10 }, (_, k) => sweep(new Date(ms('2026-06-01T10:01:00Z') + k * 60_000).toISOString()));
    const seen = simulateModel(setup, sweeps, at('2026-06-01T10:10:00Z'));
    // Slot k ends at 30(k+1) s; its grace ends 10 s later, ≤ 600 s for k = 0 … 18.
    expect(seen.missedRecorded).toHaveLength(19);
    expect(isoOf(seen.missedRecorded.at(-1))).toBe('2026-06-01T10:09:00.000Z');
    expect(seen.status).toBe('missed');
  });

  it('a slot running when a pause begins is not expected and never missed', () => {
    // Berlin in winter is UTC+1: 00:00 local on 2026-01-15 is 2026-01-14T23:00Z.
    const setup: Setup = { zone: 'Europe/Berlin', schedule: { every: 'PT2H' }, grace: 'PT30M', createdAt: at('2026-01-14T23:00:00Z') };
    const events = [pause('2026-01-15T02:00:00Z'), reading('2026-01-15T02:30:00Z'), resume('2026-01-15T04:00:00Z'), reading('2026-01-15T04:10:00Z')];
    const seen = simulateModel(setup, events, at('2026-01-15T09:00:00Z'));
    // 03:00 pause / 05:00 resume local: 02:00–04:00 and 04:00–06:00 are not expected.
    expect(seen.readings).toEqual([
      { at: at('2026-01-15T02:30:00Z'), slot: { start: at('2026-01-15T01:00:00Z'), end: at('2026-01-15T03:00:00Z') } },
      // Active again: counts for its own slot and fills it, though that slot is not expected.
      { at: at('2026-01-15T04:10:00Z'), slot: { start: at('2026-01-15T03:00:00Z'), end: at('2026-01-15T05:00:00Z') }, filled: 'onTime' },
    ]);
    // 00:00–02:00 (deadline 02:30) and 06:00–08:00 (08:30) missed; 08:00–10:00 open until 10:30.
    expect(seen.missedRecorded.map(isoOf)).toEqual(['2026-01-14T23:00:00.000Z', '2026-01-15T05:00:00.000Z']);
    expect(isoOf(seen.nextDeadline)).toBe('2026-01-15T09:30:00.000Z');
    expect(seen.status).toBe('missed'); // no reading since 08:30 local
    expect(seen.day('2026-01-15')).toEqual({ expected: 2, onTime: 0, late: 0, missed: 2 });
  });

  it('shows paused and no deadline while paused, and still records a slot that was missed before the pause', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT1H' }, grace: 'PT20M', createdAt: at('2026-06-01T00:00:00Z') };
    const seen = simulateModel(setup, [pause('2026-06-01T01:10:00Z'), sweep('2026-06-01T01:30:00Z')], at('2026-06-01T03:00:00Z'));
    expect(seen.status).toBe('paused');
    expect(seen.nextDeadline).toBeUndefined();
    expect(seen.shownDeadline).toBeNull();
    // 00:00–01:00 ended before the pause: its grace ends at 01:20, during the pause, and it is missed.
    expect(seen.missedRecorded.map(isoOf)).toEqual(['2026-06-01T00:00:00.000Z']);
  });

  it('takes a reading at exactly the deadline as too late for the previous slot, and as one after the deadline', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT1H' }, grace: 'PT15M', createdAt: at('2026-06-01T00:00:00Z') };
    const seen = simulateModel(setup, [reading('2026-06-01T01:15:00Z')], at('2026-06-01T01:20:00Z'));
    expect(seen.readings[0]).toMatchObject({ slot: { start: at('2026-06-01T01:00:00Z') }, filled: 'onTime' });
    expect(seen.missedRecorded.map(isoOf)).toEqual(['2026-06-01T00:00:00.000Z']);
    // Missed from 01:15 until a reading at or after 01:15: this one, so the checkpoint is up.
    expect(seen.status).toBe('up');
    // A millisecond before, it is in the grace and fills 00:00–01:00 late: nothing missed.
    const before = simulateModel(setup, [reading('2026-06-01T01:14:59.999Z')], at('2026-06-01T01:20:00Z'));
    expect(before.readings[0]).toMatchObject({ slot: { start: at('2026-06-01T00:00:00Z') }, filled: 'late' });
    expect(before.missedRecorded).toEqual([]);
  });

  it('issue 18: PT1H, PT0S grace, one reading at 01:00:00.000 — 00:00–01:00 missed, the status up, not missed until another reading', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT1H' }, grace: 'PT0S', createdAt: at('2026-06-01T00:00:00Z') };
    const seen = simulateModel(setup, [reading('2026-06-01T01:00:00Z')], at('2026-06-01T01:30:00Z'));
    expect(seen.readings[0]).toMatchObject({ slot: { start: at('2026-06-01T01:00:00Z') }, filled: 'onTime' });
    expect(seen.missedRecorded.map(isoOf)).toEqual(['2026-06-01T00:00:00.000Z']);
    expect(seen.status).toBe('up');
  });

  it('issue 18: a daily gate that never reported stays missed all day after its miss, whatever became of any escalation', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'P1D' }, grace: 'PT0S', createdAt: at('2026-03-01T00:00:00Z') };
    // 03-01 missed at 03-02T00:00; the default flow would end its escalation unresolved at 05:30.
    for (const now of ['2026-03-02T00:00:00Z', '2026-03-02T05:30:00Z', '2026-03-02T23:59:59.999Z']) expect(simulateModel(setup, [], at(now)).status).toBe('missed');
  });

  it('issue 18: a pause since the missed deadline clears it — resumed, the checkpoint starts clean', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT1H' }, grace: 'PT0S', createdAt: at('2026-06-01T00:00:00Z') };
    // 00:00–01:00 missed at 01:00; paused 01:10–01:20; 01:00–02:00 touched by the pause, not expected.
    const events = [pause('2026-06-01T01:10:00Z'), resume('2026-06-01T01:20:00Z')];
    expect(simulateModel(setup, events, at('2026-06-01T01:30:00Z')).status).toBe('new');
    // A pause over before the deadline excuses nothing: paused 00:30–00:40 (00:00–01:00 not expected), 01:00–02:00 missed at 02:00.
    const early = [pause('2026-06-01T00:30:00Z'), resume('2026-06-01T00:40:00Z')];
    expect(simulateModel(setup, early, at('2026-06-01T02:30:00Z')).status).toBe('missed');
    // Resumed clean, then missed again: 03:00–04:00, the first slot the pause did not touch, at 04:00.
    const slot1 = [pause('2026-06-01T01:30:00Z'), resume('2026-06-01T03:00:00Z')];
    expect(simulateModel(setup, slot1, at('2026-06-01T03:30:00Z')).status).toBe('new');
    expect(simulateModel(setup, slot1, at('2026-06-01T04:30:00Z')).status).toBe('missed');
  });

  it('is new before any reading, up after one, late in a grace', () => {
    const setup: Setup = { zone: 'UTC', schedule: { every: 'PT1H' }, grace: 'PT15M', createdAt: at('2026-06-01T00:30:00Z') };
    expect(simulateModel(setup, [], at('2026-06-01T00:45:00Z')).status).toBe('new');
    // The slot holding creation is not expected: the first deadline is 02:15.
    expect(isoOf(simulateModel(setup, [], at('2026-06-01T00:45:00Z')).nextDeadline)).toBe('2026-06-01T02:15:00.000Z');
    expect(simulateModel(setup, [reading('2026-06-01T00:50:00Z')], at('2026-06-01T01:30:00Z')).status).toBe('up');
    expect(simulateModel(setup, [reading('2026-06-01T00:50:00Z')], at('2026-06-01T02:05:00Z')).status).toBe('late');
  });
});
