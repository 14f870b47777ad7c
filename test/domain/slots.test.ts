import { describe, expect, it } from 'vitest';
import { scheduleOf } from '../../functions/domain/schedule';
import { assignSlot, missesSince, nextDeadline, statusAt, withFilled, type SlotState } from '../../functions/domain/slots';

const MIN = 60_000;
const at = (text: string) => new Date(text);
// A checkpoint in UTC on two-hour slots with 15 minutes' grace, active since the start of the day.
const state = (overrides: Partial<SlotState> = {}): SlotState => ({
  schedule: scheduleOf({ every: 'PT2H' }, 'UTC'),
  graceMs: 15 * MIN,
  createdAt: at('2026-11-29T00:00:00Z').getTime(),
  pauses: [],
  filled: [],
  ...overrides,
});
/** Two-hour slots starting at these instants, filled. */
const filled = (...starts: string[]) => starts.reduce<SlotState['filled']>((runs, start) => withFilled(runs, { start: at(start), end: new Date(at(start).getTime() + 120 * MIN) }), []);

describe('assignSlot: the slot a reading counts for', () => {
  it('is the current slot, on time, when received within it', () => {
    const result = assignSlot(state({ filled: filled('2026-11-29T08:00:00Z') }), at('2026-11-29T10:30:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('is the previous slot, late, when that one is empty and its grace still runs', () => {
    const result = assignSlot(state(), at('2026-11-29T10:10:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T08:00:00Z'));
    expect(result.filled).toBe('late');
  });

  it('is the current slot when the previous one is already filled', () => {
    const result = assignSlot(state({ filled: filled('2026-11-29T08:00:00Z') }), at('2026-11-29T10:10:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('is the current slot once the grace of the previous one has ended (that one stays missed)', () => {
    const result = assignSlot(state(), at('2026-11-29T10:15:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBe('onTime');
  });

  it('fills nothing new when the slot already holds a reading', () => {
    const result = assignSlot(state({ filled: filled('2026-11-29T08:00:00Z', '2026-11-29T10:00:00Z') }), at('2026-11-29T10:40:00Z'));
    expect(result.slot.start).toEqual(at('2026-11-29T10:00:00Z'));
    expect(result.filled).toBeUndefined();
  });

  it('does not give a late reading to a slot from before the checkpoint was active', () => {
    const result = assignSlot(state({ createdAt: at('2026-11-29T09:00:00Z').getTime() }), at('2026-11-29T10:05:00Z'));
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
    const s = state({ filled: filled('2026-11-29T10:00:00Z', '2026-11-29T12:00:00Z') });
    expect(nextDeadline(s, at('2026-11-29T10:30:00Z'))).toEqual(at('2026-11-29T16:15:00Z'));
  });

  it('skips slots that start before creation', () => {
    const s = state({ createdAt: at('2026-11-29T10:30:00Z').getTime() });
    expect(nextDeadline(s, at('2026-11-29T10:30:00Z'))).toEqual(at('2026-11-29T14:15:00Z'));
  });

  it('is undefined while paused', () => {
    expect(nextDeadline(state({ pauses: [{ from: at('2026-11-29T10:00:00Z').getTime() }] }), at('2026-11-29T10:30:00Z'))).toBeUndefined();
  });

  // The finding: a grace longer than the slot hid the miss of 00:00–02:00 until 09:00.
  it('is an earlier empty slot whose grace still runs, whatever the grace', () => {
    const shanghai = (local: string) => at(`${local}+08:00`);
    const s = state({ schedule: scheduleOf({ every: 'PT2H' }, 'Asia/Shanghai'), graceMs: 180 * MIN, createdAt: shanghai('2026-11-29T00:00:00').getTime() });
    const reading = assignSlot(s, shanghai('2026-11-29T04:30:00'));
    expect(reading).toMatchObject({ slot: { start: shanghai('2026-11-29T02:00:00') }, filled: 'late' });
    const after = { ...s, filled: withFilled(s.filled, reading.slot) };
    expect(nextDeadline(after, shanghai('2026-11-29T04:30:00'))).toEqual(shanghai('2026-11-29T05:00:00'));
    expect(nextDeadline(after, shanghai('2026-11-29T05:30:00'))).toEqual(shanghai('2026-11-29T09:00:00'));
  });

  it('is not a slot a pause touched', () => {
    const s = state({ pauses: [{ from: at('2026-11-29T09:00:00Z').getTime(), to: at('2026-11-29T10:30:00Z').getTime() }] });
    expect(nextDeadline(s, at('2026-11-29T10:40:00Z'))).toEqual(at('2026-11-29T14:15:00Z'));
  });
});

describe('missesSince: every slot whose grace ended, in one run', () => {
  it('records both PT30S slots a one-minute sweep finds', () => {
    const s = state({ schedule: scheduleOf({ every: 'PT30S' }, 'UTC'), graceMs: 5000 });
    const { missed, next } = missesSince(s, at('2026-11-29T00:00:35Z'), at('2026-11-29T00:01:40Z'));
    expect(missed.map((slot) => slot.start.toISOString())).toEqual(['2026-11-29T00:00:00.000Z', '2026-11-29T00:00:30.000Z', '2026-11-29T00:01:00.000Z']);
    expect(next).toEqual(at('2026-11-29T00:02:05Z'));
  });

  it('skips filled slots and slots a pause touched', () => {
    const s = state({ filled: filled('2026-11-29T02:00:00Z'), pauses: [{ from: at('2026-11-29T05:00:00Z').getTime(), to: at('2026-11-29T06:00:00Z').getTime() }] });
    const { missed } = missesSince(s, at('2026-11-29T02:15:00Z'), at('2026-11-29T09:00:00Z'));
    expect(missed.map((slot) => slot.start.toISOString())).toEqual(['2026-11-29T00:00:00.000Z', '2026-11-29T06:00:00.000Z']);
  });
});

describe('withFilled', () => {
  it('merges adjacent slots into one run', () => {
    const slot = (start: number, end: number) => ({ start: new Date(start), end: new Date(end) });
    expect(withFilled([[0, 10]], slot(10, 20))).toEqual([[0, 20]]);
    expect(withFilled([[0, 10], [20, 30]], slot(10, 20))).toEqual([[0, 30]]);
    expect(withFilled([[0, 10]], slot(30, 40))).toEqual([[0, 10], [30, 40]]);
  });
});

describe('statusAt', () => {
  const due = at('2026-11-29T12:15:00Z');
  const base = { active: true, dueAt: due, graceMs: 15 * MIN };
  it.each([
    ['new', { ...base }, '2026-11-29T11:00:00Z'],
    ['up', { ...base, lastReadingAt: at('2026-11-29T10:30:00Z') }, '2026-11-29T11:00:00Z'],
    ['late', { ...base, lastReadingAt: at('2026-11-29T10:30:00Z') }, '2026-11-29T12:05:00Z'],
    ['missed', { ...base, missedAt: at('2026-11-29T10:15:00Z'), lastReadingAt: at('2026-11-29T10:14:59.999Z') }, '2026-11-29T11:00:00Z'],
    // Issue 18: a reading at the missed deadline itself came after it.
    ['up', { ...base, missedAt: at('2026-11-29T10:15:00Z'), lastReadingAt: at('2026-11-29T10:15:00Z') }, '2026-11-29T11:00:00Z'],
    // Issue 18: resumed after the missed deadline, it starts clean; resumed before, it does not.
    ['new', { ...base, missedAt: at('2026-11-29T10:15:00Z'), activeSince: at('2026-11-29T10:20:00Z') }, '2026-11-29T11:00:00Z'],
    ['missed', { ...base, missedAt: at('2026-11-29T10:15:00Z'), activeSince: at('2026-11-29T10:15:00Z') }, '2026-11-29T11:00:00Z'],
    ['paused', { ...base, active: false }, '2026-11-29T12:30:00Z'],
  ] as const)('is %s', (expected, input, now) => {
    expect(statusAt(input, at(now))).toBe(expected);
  });
});
