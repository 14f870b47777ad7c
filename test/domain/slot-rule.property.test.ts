/**
 * The domain against the slot rule (README "Reporting slots", issue 11 §1): the fixed cases below, each
 * a sentence of the rule found by the random ones, and the unit project's quarter of the random cases.
 * The cases, the comparison and how to replay a failure: slot-rule.cases.ts.
 */
import { describe, expect, it } from 'vitest';
import { differenceIn, randomCases, type Case } from './slot-rule.cases';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------
// Fixed cases: the examples, then the random ones

const at = (base: string, plusMs: number) => iso(Date.parse(base) + plusMs);

const FIXED: Record<string, Case> = {
  // Issue 18 §1: the status tells the rule, not the escalation.
  'issue 18: UTC P1D, no reading, its escalation ended at 05:30 — still missed at 12:00': {
    zone: 'UTC',
    schedule: { every: 'P1D' },
    grace: 'PT0S',
    createdAt: '2026-03-01T00:00:00.000Z',
    events: [{ kind: 'sweep', at: '2026-03-02T00:00:00.000Z' }, { kind: 'sweep', at: '2026-03-02T05:30:00.000Z' }],
    now: '2026-03-02T12:00:00.000Z',
  },
  'issue 18: UTC PT2H, no reading, swept at each deadline — missed throughout': {
    zone: 'UTC',
    schedule: { every: 'PT2H' },
    grace: 'PT0S',
    createdAt: '2026-03-01T00:00:00.000Z',
    events: [{ kind: 'sweep', at: '2026-03-01T02:00:00.000Z' }, { kind: 'sweep', at: '2026-03-01T03:30:00.000Z' }],
    now: '2026-03-01T03:45:00.000Z',
  },
  'issue 18: PT1H, PT0S grace, one reading exactly at 01:00 — up, 00:00–01:00 missed': {
    zone: 'UTC',
    schedule: { every: 'PT1H' },
    grace: 'PT0S',
    createdAt: '2026-06-01T00:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-06-01T01:00:00.000Z' }],
    now: '2026-06-01T01:30:00.000Z',
  },
  'issue 18: PT1H, PT15M grace, a reading at the deadline 01:15, swept before it': {
    zone: 'UTC',
    schedule: { every: 'PT1H' },
    grace: 'PT15M',
    createdAt: '2026-06-01T00:00:00.000Z',
    events: [{ kind: 'sweep', at: '2026-06-01T01:15:00.000Z' }, { kind: 'reading', at: '2026-06-01T01:15:00.001Z' }],
    now: '2026-06-01T01:45:00.000Z',
  },
  'issue 18: missed, paused and resumed — it starts clean': {
    zone: 'UTC',
    schedule: { every: 'PT1H' },
    grace: 'PT0S',
    createdAt: '2026-06-01T00:00:00.000Z',
    events: [
      { kind: 'pause', at: '2026-06-01T01:10:00.000Z' },
      { kind: 'resume', at: '2026-06-01T01:20:00.000Z' },
    ],
    now: '2026-06-01T01:30:00.000Z',
  },
  'issue 18: PT24H is P1D, on New York’s 25-hour 2026-11-01': {
    zone: 'America/New_York',
    schedule: { every: 'PT24H' },
    grace: 'PT0S',
    createdAt: '2026-11-01T04:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-11-02T04:30:00.000Z' }],
    now: '2026-11-02T05:30:00.000Z',
  },
  'Shanghai PT2H / PT3H, one reading at 04:30, at 04:30': {
    zone: 'Asia/Shanghai',
    schedule: { every: 'PT2H' },
    grace: 'PT3H',
    createdAt: '2026-03-09T16:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-03-09T20:30:00.000Z' }],
    now: '2026-03-09T20:30:00.000Z',
  },
  'Shanghai PT2H / PT3H, one reading at 04:30, at 05:30': {
    zone: 'Asia/Shanghai',
    schedule: { every: 'PT2H' },
    grace: 'PT3H',
    createdAt: '2026-03-09T16:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-03-09T20:30:00.000Z' }, { kind: 'sweep', at: '2026-03-09T21:00:00.000Z' }],
    now: '2026-03-09T21:30:00.000Z',
  },
  ...Object.fromEntries(
    ['2026-11-02T05:30:00.000Z', '2026-11-02T06:00:00.000Z', '2026-11-02T07:00:00.000Z'].map((now) => [
      `New York PT2H / PT2H across the 25-hour 2026-11-01, at ${now}`,
      {
        zone: 'America/New_York',
        schedule: { every: 'PT2H' },
        grace: 'PT2H',
        createdAt: '2026-11-01T04:00:00.000Z',
        events: Array.from({ length: 11 }, (_, k) => ({ kind: 'reading' as const, at: at('2026-11-01T04:10:00.000Z', k * 2 * HOUR) })),
        now,
      },
    ]),
  ),
  'PT30S swept once a minute for ten minutes': {
    zone: 'UTC',
    schedule: { every: 'PT30S' },
    grace: 'PT10S',
    createdAt: '2026-06-01T10:00:00.000Z',
    events: Array.from({ length: 10 }, (_, k) => ({ kind: 'sweep' as const, at: at('2026-06-01T10:01:00.000Z', k * MINUTE) })),
    now: '2026-06-01T10:10:00.000Z',
  },
  'a pause beginning inside a slot: that slot is not expected, never missed': {
    zone: 'Europe/Berlin',
    schedule: { every: 'PT2H' },
    grace: 'PT30M',
    createdAt: '2026-01-14T23:00:00.000Z',
    events: [
      { kind: 'pause', at: '2026-01-15T02:00:00.000Z' },
      { kind: 'reading', at: '2026-01-15T02:30:00.000Z' },
      { kind: 'sweep', at: '2026-01-15T03:30:00.000Z' },
      { kind: 'resume', at: '2026-01-15T04:00:00.000Z' },
      { kind: 'reading', at: '2026-01-15T04:10:00.000Z' },
    ],
    now: '2026-01-15T09:00:00.000Z',
  },
  'a cron time in the skipped hour (Berlin 2026-03-29, 30 2 * * *)': {
    zone: 'Europe/Berlin',
    schedule: { cron: '30 2 * * *' },
    grace: 'PT1H',
    createdAt: '2026-03-27T12:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-03-29T00:45:00.000Z' }, { kind: 'reading', at: '2026-03-29T01:10:00.000Z' }],
    now: '2026-03-30T06:00:00.000Z',
  },
  'a fixed cron time in the repeated hour (Berlin 2026-10-25, 30 2 * * *)': {
    zone: 'Europe/Berlin',
    schedule: { cron: '30 2 * * *' },
    grace: 'PT30M',
    createdAt: '2026-10-23T12:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-10-25T01:15:00.000Z' }, { kind: 'reading', at: '2026-10-25T01:45:00.000Z' }],
    now: '2026-10-26T06:00:00.000Z',
  },
  'a wildcard cron minute in the repeated hour (Lord Howe 2026-04-05, */15 1 * * *)': {
    zone: 'Australia/Lord_Howe',
    schedule: { cron: '*/15 1 * * *' },
    grace: 'PT5M',
    createdAt: '2026-04-03T12:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-04-04T14:50:00.000Z' }, { kind: 'reading', at: '2026-04-04T15:05:00.000Z' }],
    now: '2026-04-05T00:00:00.000Z',
  },
  // The random cases found these; each states one sentence of the rule on its own.
  'a stepped cron minute in the skipped hour does not fire (New York 2025-03-09, */20 2 * * *)': {
    zone: 'America/New_York',
    schedule: { cron: '*/20 2 * * *' },
    grace: 'PT0S',
    createdAt: '2025-03-08T12:00:00.000Z',
    events: [{ kind: 'reading', at: '2025-03-09T07:05:00.000Z' }],
    now: '2025-03-10T12:00:00.000Z',
  },
  'an hour list is not one time of day: in the skipped hour it does not fire (Berlin 2025-03-30, 2 0,2,3 * * *)': {
    zone: 'Europe/Berlin',
    schedule: { cron: '2 0,2,3 * * *' },
    grace: 'PT29M',
    createdAt: '2025-03-29T23:59:59.999Z',
    events: [],
    now: '2025-03-30T01:02:01.000Z',
  },
  'an hour list is not one time of day: in the repeated hour it fires in both passes (Santiago 2025-04-05, 28 3,6,23 * * *)': {
    zone: 'America/Santiago',
    schedule: { cron: '28 3,6,23 * * *' },
    grace: 'PT0S',
    createdAt: '2025-04-05T05:00:00.000Z',
    events: [],
    now: '2025-04-06T08:00:00.000Z',
  },
  'every: P1D on a 25-hour day created during it expects nothing that day (Chatham 2025-04-06)': {
    zone: 'Pacific/Chatham',
    schedule: { every: 'P1D' },
    grace: 'PT0S',
    createdAt: '2025-04-05T10:48:24.000Z',
    events: [],
    now: '2025-04-06T11:15:00.000Z',
  },
  'a gate closed 22:00–06:00 on PT2H, reporting by day and swept through the night (Shanghai)': {
    zone: 'Asia/Shanghai',
    schedule: { every: 'PT2H' },
    grace: 'PT15M',
    createdAt: '2026-11-28T21:50:00.000Z',
    closures: [{ daily: { from: '22:00', to: '06:00' } }],
    events: [
      ...Array.from({ length: 8 }, (_, k) => ({ kind: 'reading' as const, at: at('2026-11-28T22:30:00.000Z', k * 2 * HOUR) })),
      ...Array.from({ length: 9 }, (_, k) => ({ kind: 'sweep' as const, at: at('2026-11-29T14:00:00.000Z', k * HOUR) })),
    ],
    now: '2026-11-29T23:00:00.000Z',
  },
  'a slot only partly closed is owed (0 1-23/2 * * *, closed 22:00–06:00, no reading)': {
    zone: 'Asia/Shanghai',
    schedule: { cron: '0 1-23/2 * * *' },
    grace: 'PT15M',
    createdAt: '2026-11-29T12:30:00.000Z',
    closures: [{ daily: { from: '22:00', to: '06:00' } }],
    events: [{ kind: 'sweep', at: '2026-11-29T15:30:00.000Z' }],
    now: '2026-11-30T00:00:00.000Z',
  },
  'a daily closure 02:00–03:00 on the night the clock skips it (Berlin 2026-03-29, PT1H)': {
    zone: 'Europe/Berlin',
    schedule: { every: 'PT1H' },
    grace: 'PT10M',
    createdAt: '2026-03-27T12:00:00.000Z',
    closures: [{ daily: { from: '02:00', to: '03:00' } }],
    events: [{ kind: 'reading', at: '2026-03-29T00:30:00.000Z' }],
    now: '2026-03-30T06:00:00.000Z',
  },
  'a daily closure 22:00–02:30 opens at the first 02:30 of a repeated hour (Berlin 2026-10-25, PT30M)': {
    zone: 'Europe/Berlin',
    schedule: { every: 'PT30M' },
    grace: 'PT5M',
    createdAt: '2026-10-24T12:00:00.000Z',
    closures: [{ daily: { from: '22:00', to: '02:30' } }, { from: '2026-10-25T04:00:00.000Z', to: '2026-10-25T05:00:00.000Z', reason: '检测' }],
    events: [{ kind: 'reading', at: '2026-10-25T00:40:00.000Z' }, { kind: 'sweep', at: '2026-10-25T01:20:00.000Z' }],
    now: '2026-10-25T06:00:00.000Z',
  },
  'midnight skipped (Santiago 2026-09-06, PT5H)': {
    zone: 'America/Santiago',
    schedule: { every: 'PT5H' },
    grace: 'PT5H',
    createdAt: '2026-09-05T04:00:00.000Z',
    events: [{ kind: 'reading', at: '2026-09-06T03:59:59.999Z' }, { kind: 'reading', at: '2026-09-06T04:00:00.000Z' }],
    now: '2026-09-07T04:00:00.000Z',
  },
};

describe('the domain follows the slot rule: fixed cases', () => {
  for (const [name, c] of Object.entries(FIXED)) {
    it(name, async () => {
      expect(await differenceIn(c)).toBeUndefined();
    });
  }
});

randomCases('unit');
