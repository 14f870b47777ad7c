import { describe, expect, it } from 'vitest';
import { scheduleOf } from '../../functions/domain/schedule';
import { assignSlot, deadlineAfterMiss, nextDeadline, statusAt, withFilled, type SlotState } from '../../functions/domain/slots';

const MIN = 60_000;
const at = (text: string) => new Date(text);
// A checkpoint in UTC on two-hour slots with 15 minutes' grace, active since the start of the day.
const state = (overrides: Partial<SlotState> = {}): SlotState => ({
  schedule: scheduleOf({ every: 'PT2H' }, 'UTC'),
  graceMs: 15 * MIN,
  activeSince: at('2026-11-29T00:00:00Z'),
  active: true,
  recentlyFilled: [],
  ...overrides,
});
const filled = (...starts: string[]) => starts.map((start) => at(start).getTime());

describe('assignSlot: the slot a reading counts for', () => {
  it('is the current slot, on time, when received within it', () => {
    const result = assignSlot(state({ recentlyFilled: filled('2026-11-29T08:00:00Z') }), at('2026-11-29T10:30:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('is the previous slot, late, when that one is empty and its grace still runs', () => {
    const result = assignSlot(state(), at('2026-11-29T10:10:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T08:00:00Z'));
    expect(result.filled).toBe('late');
  });

  it('is the current slot when the previous one is already filled', () => {
    const result = assignSlot(state({ recentlyFilled: filled('2026-11-29T08:00:00Z') }), at('2026-11-29T10:10:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('is the current slot once the grace of the previous one has ended (that one stays missed)', () => {
    const result = assignSlot(state(), at('2026-11-29T10:15:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('fills nothing new when the slot already holds a reading', () => {
    const result = assignSlot(state({ recentlyFilled: filled('2026-11-29T08:00:00Z', '2026-11-29T10:00:00Z') }), at('2026-11-29T10:40:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBeUndefined();
  });

  it('does not give a late reading to a slot from before the checkpoint was active', () => {
    const result = assignSlot(state({ activeSince: at('2026-11-29T09:00:00Z') }), at('2026-11-29T10:05:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
  });

  it('gives a reading just after midnight to the last slot of yesterday when it is empty', () => {
    const result = assignSlot(state(), at('2026-11-30T00:05:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T22:00:00Z'));
    expect(result.filled).toBe('late');
  });
});

describe('nextDeadline: end of the earliest open slot plus grace', () => {
  it('is the current slot when nothing is filled', () => {
    expect(nextDeadline(state(), at('2026-11-29T10:30:00Z'))).toEqual(at('2026-11-29T12:15:00Z'));
  });

  it('is the previous slot while its grace runs and it is empty', () => {
    expect(nextDeadline(state(), at('2026-11-29T10:05:00Z'))).toEqual(at('2026-11-29T10:15:00Z'));
  });

  it('skips filled slots', () => {
    const s = state({ recentlyFilled: filled('2026-11-29T10:00:00Z', '2026-11-29T12:00:00Z') });
    expect(nextDeadline(s, at('2026-11-29T10:30:00Z'))).toEqual(at('2026-11-29T16:15:00Z'));
  });

  it('skips slots that start before activation', () => {
    const s = state({ activeSince: at('2026-11-29T10:30:00Z') });
    expect(nextDeadline(s, at('2026-11-29T10:30:00Z'))).toEqual(at('2026-11-29T14:15:00Z'));
  });

  it('is undefined while paused', () => {
    expect(nextDeadline(state({ active: false }), at('2026-11-29T10:30:00Z'))).toBeUndefined();
  });

  it('after a miss moves to the next slot', () => {
    expect(deadlineAfterMiss(state(), at('2026-11-29T12:15:00Z'))).toEqual(at('2026-11-29T14:15:00Z'));
  });
});

describe('withFilled', () => {
  it('keeps the four latest slot starts, in order, without repeats', () => {
    expect(withFilled([1, 2, 3, 4], { start: new Date(5), end: new Date(6) })).toEqual([2, 3, 4, 5]);
    expect(withFilled([1, 2], { start: new Date(2), end: new Date(3) })).toEqual([1, 2]);
  });
});

describe('statusAt', () => {
  const due = at('2026-11-29T12:15:00Z');
  const base = { active: true, dueAt: due, graceMs: 15 * MIN };
  it.each([
    ['new', { ...base }, '2026-11-29T11:00:00Z'],
    ['up', { ...base, lastReadingAt: at('2026-11-29T10:30:00Z') }, '2026-11-29T11:00:00Z'],
    ['late', { ...base, lastReadingAt: at('2026-11-29T10:30:00Z') }, '2026-11-29T12:05:00Z'],
    ['missed', { ...base, lastReadingAt: at('2026-11-29T10:30:00Z') }, '2026-11-29T12:15:00Z'],
    ['missed', { ...base, escalationOpen: true }, '2026-11-29T11:00:00Z'],
    ['paused', { ...base, active: false }, '2026-11-29T12:30:00Z'],
  ] as const)('is %s', (expected, input, now) => {
    expect(statusAt(input, at(now))).toBe(expected);
  });
});
