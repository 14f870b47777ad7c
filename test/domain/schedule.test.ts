import { describe, expect, it } from 'vitest';
import { scheduleOf, scheduleProblem, slotsStartingIn } from '../../functions/domain/schedule';
import { localDayBounds } from '../../functions/domain/time';

const iso = (date: Date) => date.toISOString();

describe('every-schedules', () => {
  it('aligns slots to local midnight in the community zone', () => {
    const schedule = scheduleOf({ every: 'PT2H' }, 'Asia/Shanghai');
    // 2026-11-29 13:05 in Shanghai is 05:05Z; its slot is 12:00–14:00 local.
    const slot = schedule.slotAt(new Date('2026-11-29T05:05:00Z'));
    expect(iso(slot.start)).toBe('2026-11-29T04:00:00.000Z');
    expect(iso(slot.end)).toBe('2026-11-29T06:00:00.000Z');
  });

  it('puts an instant exactly on a boundary into the slot that starts there', () => {
    const schedule = scheduleOf({ every: 'PT2H' }, 'Asia/Shanghai');
    expect(iso(schedule.slotAt(new Date('2026-11-29T04:00:00Z')).start)).toBe('2026-11-29T04:00:00.000Z');
  });

  it('cuts the last slot of the day at midnight when the period does not divide the day', () => {
    const schedule = scheduleOf({ every: 'PT7H' }, 'UTC');
    const day = localDayBounds('2026-11-29', 'UTC');
    const slots = slotsStartingIn(schedule, day.start, day.end);
    expect(slots.map((s) => iso(s.start).slice(11, 16))).toEqual(['00:00', '07:00', '14:00', '21:00']);
    expect(iso(slots[3]!.end)).toBe('2026-11-30T00:00:00.000Z');
  });

  it('gives one slot per calendar day for P1D, even on a 25-hour day', () => {
    const schedule = scheduleOf({ every: 'P1D' }, 'Europe/Berlin');
    const day = localDayBounds('2026-10-25', 'Europe/Berlin');
    const slots = slotsStartingIn(schedule, day.start, day.end);
    expect(slots).toHaveLength(1);
    expect(slots[0]!.end.getTime() - slots[0]!.start.getTime()).toBe(25 * 3_600_000);
  });

  it('has 12 two-hour slots on a 23-hour spring-forward day, the last one hour long', () => {
    const schedule = scheduleOf({ every: 'PT2H' }, 'Europe/Berlin');
    const day = localDayBounds('2026-03-29', 'Europe/Berlin');
    expect(day.end.getTime() - day.start.getTime()).toBe(23 * 3_600_000);
    const slots = slotsStartingIn(schedule, day.start, day.end);
    expect(slots).toHaveLength(12);
    expect(slots[11]!.end.getTime() - slots[11]!.start.getTime()).toBe(3_600_000);
  });

  it('has 13 two-hour slots on a 25-hour fall-back day', () => {
    const schedule = scheduleOf({ every: 'PT2H' }, 'Europe/Berlin');
    const day = localDayBounds('2026-10-25', 'Europe/Berlin');
    expect(slotsStartingIn(schedule, day.start, day.end)).toHaveLength(13);
  });

  it('has 23 and 25 hourly slots on the two daylight-saving days', () => {
    const schedule = scheduleOf({ every: 'PT1H' }, 'Europe/Berlin');
    const spring = localDayBounds('2026-03-29', 'Europe/Berlin');
    const autumn = localDayBounds('2026-10-25', 'Europe/Berlin');
    expect(slotsStartingIn(schedule, spring.start, spring.end)).toHaveLength(23);
    expect(slotsStartingIn(schedule, autumn.start, autumn.end)).toHaveLength(25);
  });

  it('walks back and forth across midnight', () => {
    const schedule = scheduleOf({ every: 'PT2H' }, 'Asia/Shanghai');
    const first = schedule.slotAt(new Date('2026-11-29T16:30:00Z')); // 00:30 local on the 30th
    const previous = schedule.previous(first);
    expect(iso(previous.start)).toBe('2026-11-29T14:00:00.000Z'); // 22:00 local on the 29th
    expect(iso(schedule.next(previous).start)).toBe(iso(first.start));
  });
});

describe('cron-schedules', () => {
  const schedule = scheduleOf({ cron: '0 8,12,18 * * *' }, 'Asia/Shanghai');

  it('runs slot k from fire time k-1 to fire time k', () => {
    // 10:00 local: after the 08:00 fire, before the 12:00 one.
    const slot = schedule.slotAt(new Date('2026-11-29T02:00:00Z'));
    expect(iso(slot.start)).toBe('2026-11-29T00:00:00.000Z');
    expect(iso(slot.end)).toBe('2026-11-29T04:00:00.000Z');
  });

  it('spans the night from the evening fire to the morning one', () => {
    const slot = schedule.slotAt(new Date('2026-11-29T17:00:00Z')); // 01:00 local on the 30th
    expect(iso(slot.start)).toBe('2026-11-29T10:00:00.000Z'); // 18:00 local on the 29th
    expect(iso(slot.end)).toBe('2026-11-30T00:00:00.000Z'); // 08:00 local on the 30th
  });

  it('counts three slots starting in a day', () => {
    const day = localDayBounds('2026-11-29', 'Asia/Shanghai');
    expect(slotsStartingIn(schedule, day.start, day.end)).toHaveLength(3);
  });
});

describe('schedule validation', () => {
  it.each([
    [{ every: 'PT29S' }, 'every must be from PT30S to P1D'],
    [{ every: 'P2D' }, 'every must be from PT30S to P1D'],
    [{ every: 'two hours' }, 'every must be an ISO-8601 duration such as PT2H'],
    [{ cron: 'not a cron' }, 'cron must have 5 fields'],
    [{ cron: 'x y z w v' }, 'cron is not valid'],
    // A seconds field bypassed the PT30S minimum (every board refresh took 10 s for one such checkpoint).
    [{ cron: '* * * * * *' }, 'no seconds field'],
    [{ cron: '*/10 * * * * *' }, 'no seconds field'],
    [{ cron: '0 0 8 * * * 2027' }, 'no seconds field'],
  ])('refuses %j', (spec, message) => {
    expect(scheduleProblem(spec, 'Asia/Shanghai')).toContain(message);
  });

  it('accepts the bounds and a valid cron', () => {
    expect(scheduleProblem({ every: 'PT30S' }, 'UTC')).toBeUndefined();
    expect(scheduleProblem({ every: 'P1D' }, 'UTC')).toBeUndefined();
    expect(scheduleProblem({ cron: '0 8,12,18 * * *' }, 'UTC')).toBeUndefined();
  });
});
