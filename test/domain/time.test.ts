import { describe, expect, it } from 'vitest';
import { durationMs, formatLocal, formatLocalEach, isValidLocalDate, canonicalTimeZone, localDateOf, localDayAround, localDayBounds, minutesIntoLocalDay } from '../../functions/domain/time';

const iso = (bounds: { start: Date; end: Date }) => [bounds.start.toISOString(), bounds.end.toISOString()];

describe('local days, on the runtime\'s zone data', () => {
  it('are 24 hours in Shanghai and 23 or 25 on the days Berlin changes its clocks', () => {
    expect(iso(localDayBounds('2026-11-29', 'Asia/Shanghai'))).toEqual(['2026-11-28T16:00:00.000Z', '2026-11-29T16:00:00.000Z']);
    expect(iso(localDayBounds('2026-03-29', 'Europe/Berlin'))).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(iso(localDayBounds('2026-10-25', 'Europe/Berlin'))).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('open after the gap where midnight is skipped, and end at the next midnight', () => {
    // Santiago springs forward at 00:00 on 2026-09-06: the day opens at 01:00 (-03) and lasts 23 hours.
    expect(iso(localDayBounds('2026-09-06', 'America/Santiago'))).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
    expect(iso(localDayAround(new Date('2026-09-06T12:00:00Z'), 'America/Santiago'))).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
  });

  it('open at the first of two midnights where midnight repeats', () => {
    // Havana fell back from 01:00 to 00:00 on 2009-10-25: that day had 25 hours, from the first midnight.
    expect(iso(localDayBounds('2009-10-25', 'America/Havana'))).toEqual(['2009-10-25T04:00:00.000Z', '2009-10-26T05:00:00.000Z']);
    expect(localDateOf(new Date('2009-10-25T04:30:00Z'), 'America/Havana')).toBe('2009-10-25');
  });

  it('give each instant its local date, clock time and minutes into the day', () => {
    const instant = new Date('2026-11-29T15:59:59Z');
    expect(localDateOf(instant, 'Asia/Shanghai')).toBe('2026-11-29');
    expect(formatLocal(instant, 'Asia/Shanghai')).toBe('2026-11-29 23:59');
    expect(minutesIntoLocalDay(instant, 'Asia/Shanghai')).toBe(23 * 60 + 59);
    expect(formatLocal(new Date('2026-11-29T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-30 00:00');
    expect(minutesIntoLocalDay(new Date('2026-11-29T16:00:00Z'), 'Asia/Kolkata')).toBe(21 * 60 + 30);
  });
});

describe('what the contract accepts', () => {
  it('takes IANA zones and real dates only', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('EST5EDT')).toBe('America/New_York');
    expect(canonicalTimeZone('+08:00')).toBeUndefined();
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2026-11-31')).toBe(false);
    expect(() => localDayBounds('2026-13-01', 'Asia/Shanghai')).toThrow(RangeError);
  });

  it('reads ISO-8601 durations of fixed length, and nothing else', () => {
    expect(durationMs('PT15M')).toBe(900_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT1H30M')).toBe(5_400_000);
    expect(durationMs('PT0.5S')).toBe(500);
    expect(durationMs('PT0S')).toBe(0);
    for (const text of ['P1Y', 'P2M', 'P', 'PT', 'PT5', '-PT5M', 'pt5m', '5M', 'PT1H ', '']) expect(durationMs(text), text).toBeUndefined();
  });
});

describe('slots people must tell apart', () => {
  it('are named to the minute, or to the second when two fall in one minute', () => {
    const at = (iso: string) => new Date(iso);
    expect(formatLocalEach([at('2026-11-29T06:00:00Z'), at('2026-11-29T08:00:00Z')], 'Asia/Shanghai')).toEqual(['2026-11-29 14:00', '2026-11-29 16:00']);
    expect(formatLocalEach([at('2026-12-01T19:49:00Z'), at('2026-12-01T19:49:30Z'), at('2026-12-01T19:50:00Z')], 'Asia/Shanghai')).toEqual([
      '2026-12-02 03:49:00',
      '2026-12-02 03:49:30',
      '2026-12-02 03:50:00',
    ]);
    expect(formatLocalEach([at('2026-11-29T06:00:30Z'), at('2026-11-29T06:00:45Z')], 'Asia/Kolkata')).toEqual(['2026-11-29 11:30:30', '2026-11-29 11:30:45']);
  });
});
