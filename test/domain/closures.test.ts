/**
 * Scheduled closures (docs/slots.md, rule 2): when a gate is closed by its own clock,
 * daylight-saving days included; which slots they excuse; that stepping over them takes a handful of
 * steps; and that a gate closed at night is never escalated at night and is counted for its day's
 * slots only — through the same use cases the API and the sweep run, over the in-memory store.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CheckpointBody } from '../../functions/contract/schemas';
import { closuresOf, dailyLeavesTimeOpen } from '../../functions/domain/closures';
import { missesOf, sweep } from '../../functions/domain/escalation';
import type { Closure } from '../../functions/domain/model';
import { boardAt } from '../../functions/domain/board';
import { acceptReading } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity, viewOf } from '../../functions/domain/registry';
import { scheduleOf, type Schedule } from '../../functions/domain/schedule';
import { isExpected, missesSince, nextDeadline, type SlotState } from '../../functions/domain/slots';
import { summarizeDay } from '../../functions/domain/summary';
import { memoryStore } from '../helpers/memory-store';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (text: string) => new Date(text);
const ms = (text: string) => Date.parse(text);
const nightly: Closure = { daily: { from: '22:00', to: '06:00' } };

describe('when a daily closure shuts the gate, by the local clock', () => {
  const shanghai = closuresOf([nightly], 'Asia/Shanghai');

  it('runs from from to the next to, across midnight', () => {
    expect(shanghai.openFrom(ms('2026-11-29T23:30:00+08:00'))).toBe(ms('2026-11-30T06:00:00+08:00'));
    expect(shanghai.openFrom(ms('2026-11-30T05:59:59+08:00'))).toBe(ms('2026-11-30T06:00:00+08:00'));
    expect(shanghai.openFrom(ms('2026-11-29T21:59:59+08:00'))).toBe(ms('2026-11-29T21:59:59+08:00'));
    expect(shanghai.closedWithin(ms('2026-11-29T00:00:00+08:00'), ms('2026-11-30T00:00:00+08:00'))).toEqual([
      [ms('2026-11-29T00:00:00+08:00'), ms('2026-11-29T06:00:00+08:00')],
      [ms('2026-11-29T22:00:00+08:00'), ms('2026-11-30T00:00:00+08:00')],
    ]);
  });

  it('merges closures that touch or overlap into one closed stretch', () => {
    const both = closuresOf([nightly, { from: '2026-11-29T20:00:00+08:00', to: '2026-11-29T22:00:00+08:00', reason: '全员核酸检测' }], 'Asia/Shanghai');
    expect(both.openFrom(ms('2026-11-29T20:30:00+08:00'))).toBe(ms('2026-11-30T06:00:00+08:00'));
  });

  // Europe/Berlin, 2026-03-29: at 02:00 the clocks jump to 03:00.
  it('does not close at all when the clock skips the whole closure (02:00–03:00 on the night 02:30 does not exist)', () => {
    const berlin = closuresOf([{ daily: { from: '02:00', to: '03:00' } }], 'Europe/Berlin');
    expect(berlin.closedWithin(ms('2026-03-29T00:00:00+01:00'), ms('2026-03-30T00:00:00+02:00'))).toEqual([]);
    expect(berlin.closedWithin(ms('2026-03-30T00:00:00+02:00'), ms('2026-03-31T00:00:00+02:00'))).toEqual([[ms('2026-03-30T02:00:00+02:00'), ms('2026-03-30T03:00:00+02:00')]]);
  });

  it('begins or ends at the end of the gap when its time is skipped', () => {
    const closing = closuresOf([{ daily: { from: '02:30', to: '03:30' } }], 'Europe/Berlin');
    expect(closing.closedWithin(ms('2026-03-29T00:00:00+01:00'), ms('2026-03-30T00:00:00+02:00'))).toEqual([[ms('2026-03-29T03:00:00+02:00'), ms('2026-03-29T03:30:00+02:00')]]);
    const opening = closuresOf([{ daily: { from: '22:00', to: '02:30' } }], 'Europe/Berlin');
    expect(opening.openFrom(ms('2026-03-28T23:00:00+01:00'))).toBe(ms('2026-03-29T03:00:00+02:00'));
  });

  // Europe/Berlin, 2026-10-25: at 03:00 the clocks go back to 02:00, so 02:00–03:00 comes twice.
  it('in a repeated hour, begins and ends at the first pass of its times', () => {
    const opening = closuresOf([{ daily: { from: '22:00', to: '02:30' } }], 'Europe/Berlin');
    expect(opening.openFrom(ms('2026-10-24T23:00:00+02:00'))).toBe(ms('2026-10-25T02:30:00+02:00'));
    // The second pass of 02:00–02:30 is after the gate opened: open.
    expect(opening.openFrom(ms('2026-10-25T02:10:00+01:00'))).toBe(ms('2026-10-25T02:10:00+01:00'));
    const repeated = closuresOf([{ daily: { from: '02:00', to: '03:00' } }], 'Europe/Berlin');
    expect(repeated.closedWithin(ms('2026-10-25T00:00:00+02:00'), ms('2026-10-26T00:00:00+01:00'))).toEqual([[ms('2026-10-25T02:00:00+02:00'), ms('2026-10-25T03:00:00+01:00')]]);
  });

  it('refuses daily closures that leave no time of day open', () => {
    expect(dailyLeavesTimeOpen([{ daily: { from: '06:00', to: '18:00' } }, { daily: { from: '18:00', to: '06:00' } }])).toBe(false);
    expect(dailyLeavesTimeOpen([{ daily: { from: '06:00', to: '18:00' } }, { daily: { from: '18:01', to: '06:00' } }])).toBe(true);
  });
});

/** A schedule that counts its calls, to see how many steps a search takes. */
const counted = (schedule: Schedule) => {
  const calls = { n: 0 };
  const wrapped: Schedule = {
    slotAt: (t) => (calls.n++, schedule.slotAt(t)),
    dayOf: (day) => schedule.dayOf(day),
    previous: (slot) => (calls.n++, schedule.previous(slot)),
    next: (slot) => (calls.n++, schedule.next(slot)),
  };
  return { wrapped, calls };
};

const stateOf = (overrides: Partial<SlotState> & Pick<SlotState, 'schedule'>): SlotState => ({
  graceMs: 15 * MIN,
  createdAt: ms('2026-11-01T00:00:00Z'),
  pauses: [],
  filled: [],
  ...overrides,
});

describe('which slots closures excuse', () => {
  it('excuses a slot wholly inside a closure, not one only partly inside (the gate was open for part of it)', () => {
    // Slots 21:00–23:00 (odd hours); the gate closes at 22:00: the slot is owed, as it stands.
    const state = stateOf({ schedule: scheduleOf({ cron: '0 1-23/2 * * *' }, 'Asia/Shanghai'), closures: closuresOf([nightly], 'Asia/Shanghai') });
    const slot = (start: string) => state.schedule.slotAt(at(start));
    expect(isExpected(state, slot('2026-11-29T21:30:00+08:00'))).toBe(true);
    expect(isExpected(state, slot('2026-11-29T23:30:00+08:00'))).toBe(false);
    expect(isExpected(state, slot('2026-11-30T03:30:00+08:00'))).toBe(false);
    expect(isExpected(state, slot('2026-11-30T05:30:00+08:00'))).toBe(true);
    expect(nextDeadline(state, at('2026-11-29T23:10:00+08:00'))).toEqual(at('2026-11-29T23:15:00+08:00'));
    expect(nextDeadline(state, at('2026-11-29T23:20:00+08:00'))).toEqual(at('2026-11-30T07:15:00+08:00'));
  });

  it('excuses a slot that two closures cover between them', () => {
    const closures = closuresOf([{ from: '2026-11-29T12:00:00Z', to: '2026-11-29T13:00:00Z' }, { from: '2026-11-29T13:00:00Z', to: '2026-11-29T14:00:00Z' }], 'UTC');
    const state = stateOf({ schedule: scheduleOf({ every: 'PT2H' }, 'UTC'), closures });
    expect(isExpected(state, state.schedule.slotAt(at('2026-11-29T12:30:00Z')))).toBe(false);
  });

  it('still owes a P1D checkpoint closed every night its daily report', () => {
    const state = stateOf({ schedule: scheduleOf({ every: 'P1D' }, 'Asia/Shanghai'), closures: closuresOf([nightly], 'Asia/Shanghai') });
    expect(nextDeadline(state, at('2026-11-29T23:00:00+08:00'))).toEqual(at('2026-11-30T00:15:00+08:00'));
  });
});

describe('stepping over closures takes a handful of steps', () => {
  it('finds the next deadline of a PT30S checkpoint closed for a year in a few schedule calls', () => {
    const { wrapped, calls } = counted(scheduleOf({ every: 'PT30S' }, 'Asia/Shanghai'));
    const closures = closuresOf([nightly, { from: '2026-12-01T00:00:00+08:00', to: '2027-12-01T00:00:00+08:00' }], 'Asia/Shanghai');
    const state = stateOf({ schedule: wrapped, closures });
    expect(nextDeadline(state, at('2026-12-01T08:00:00+08:00'))).toEqual(at('2027-12-01T06:15:30+08:00'));
    expect(calls.n).toBeLessThan(10);
  });

  it('records the misses of a night-closed checkpoint swept after a week off without looking at the night slots one by one', () => {
    const { wrapped, calls } = counted(scheduleOf({ every: 'PT1H' }, 'Asia/Shanghai'));
    const state = stateOf({ schedule: wrapped, createdAt: ms('2026-11-29T00:00:00+08:00'), closures: closuresOf([nightly], 'Asia/Shanghai') });
    const { missed } = missesSince(state, at('2026-11-29T07:15:00+08:00'), at('2026-12-06T07:20:00+08:00'));
    // 06:00–22:00 is 16 slots a day, seven days, and 06:00–07:00 on the eighth.
    expect(missed).toHaveLength(7 * 16 + 1);
    expect(missed.every((slot) => new Date(slot.start.getTime() + 8 * HOUR).getUTCHours() >= 6 && new Date(slot.start.getTime() + 8 * HOUR).getUTCHours() < 22)).toBe(true);
    expect(calls.n).toBeLessThan(4 * missed.length);
  });
});

describe('a checkpoint closed 22:00–06:00, through the use cases', () => {
  const keys = async () => ({ current: 'k1', keys: { k1: 'closures-key-0123456789abcdef0123456789abcdef' } });
  const body: CheckpointBody = {
    name: '南门卡点',
    communityId: 'nanmen',
    schedule: { every: 'PT2H' },
    grace: 'PT15M',
    contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }],
    active: true,
    closures: [{ daily: { from: '22:00', to: '06:00' }, reason: '夜间闭卡' }],
  };
  const world = async () => {
    const store = memoryStore();
    const created = at('2026-11-29T05:50:00+08:00');
    await putCommunity(store, { communityId: 'nanmen', body: { name: '南门社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' }] }, now: created });
    await putCheckpoint(store, { checkpointId: 'gate', body, now: created, keys });
    const sweepAt = (now: Date) =>
      sweep({ store, flows: { start: async () => {} }, now: () => now, newId: randomUUID });
    const report = async (now: Date) => {
      const checkpoint = (await store.checkpoint('gate'))!;
      const reading = { submissionId: randomUUID(), officer: '值班员', screened: 10, entries: 4, exits: 3, feverCount: 0 };
      await acceptReading(store, { checkpoint, body: reading, now: () => now, newId: randomUUID, readingsPerMinute: 1000 });
    };
    return { store, sweepAt, report };
  };

  it('is never escalated at night, and its day summary expects only the day’s eight slots', async () => {
    const { store, sweepAt, report } = await world();
    // 2026-11-29: a reading in every open slot, 06:00–22:00, then the sweep every five minutes through the night.
    for (let hour = 6; hour < 22; hour += 2) await report(at(`2026-11-29T${String(hour).padStart(2, '0')}:30:00+08:00`));
    const nightStart = ms('2026-11-29T22:00:00+08:00');
    for (let t = nightStart; t <= ms('2026-11-30T06:00:00+08:00'); t += 5 * MIN) {
      await sweepAt(new Date(t));
      const checkpoint = (await store.checkpoint('gate'))!;
      expect(viewOf(checkpoint, new Date(t)).status, new Date(t).toISOString()).toBe('up');
    }
    expect([...store.escalationsById.values()]).toEqual([]);
    const checkpoint = (await store.checkpoint('gate'))!;
    // Watched at night: the first slot after it, 06:00–08:00.
    expect(checkpoint.dueAt).toBe(at('2026-11-30T08:15:00+08:00').toISOString());
    const summary = summarizeDay('2026-11-29', [{ communityId: 'nanmen', name: '南门社区', checkpoints: [{ checkpoint, counters: store.dayCounters('gate', '2026-11-29')! }], escalations: [] }], 0, at('2026-11-30T06:00:00+08:00'), false);
    expect(summary.checkpoints[0]).toMatchObject({ expected: 8, onTime: 8, late: 0, missed: 0, completeness: 1 });
    // The board agrees: the 29th complete late at night, and nothing expected yet before the gate opens on the 30th.
    const boardOn = async (now: Date, date: string) => {
      const community = (await store.community('nanmen'))!;
      const counters = store.dayCounters('gate', date);
      const snapshot = {
        stamps: { communities: new Map(), checkpoints: new Map() },
        communities: new Map([['nanmen', community]]),
        checkpoints: new Map([['gate', checkpoint]]),
        days: new Map([['gate', { date, ...(counters && { counters }) }]]),
        escalations: [],
      };
      return boardAt(snapshot, now).communities[0]!;
    };
    expect(await boardOn(at('2026-11-29T23:30:00+08:00'), '2026-11-29')).toMatchObject({ completeness: 1, checkpoints: [{ status: 'up' }] });
    expect(await boardOn(at('2026-11-30T05:30:00+08:00'), '2026-11-30')).toMatchObject({ completeness: null, checkpoints: [{ status: 'up' }] });
  });

  it('is escalated in the morning for the first open slot it leaves empty, not for the night', async () => {
    const { store, sweepAt, report } = await world();
    for (let hour = 6; hour < 22; hour += 2) await report(at(`2026-11-29T${String(hour).padStart(2, '0')}:30:00+08:00`));
    for (let t = ms('2026-11-29T22:00:00+08:00'); t <= ms('2026-11-30T08:30:00+08:00'); t += 5 * MIN) await sweepAt(new Date(t));
    const escalations = [...store.escalationsById.values()];
    const six = at('2026-11-30T06:00:00+08:00').toISOString();
    expect(escalations.map((e) => [e.missedDeadline, missesOf(e)])).toEqual([[at('2026-11-30T08:15:00+08:00').toISOString(), { count: 1, first: six, last: six }]]);
  });

  it('replaces its closures with each PUT, and shows them', async () => {
    const { store } = await world();
    const { closures: _dropped, ...withoutClosures } = body;
    const { checkpoint } = await putCheckpoint(store, { checkpointId: 'gate', body: withoutClosures, now: at('2026-11-29T12:00:00+08:00'), keys });
    expect(checkpoint.closures).toBeUndefined();
    expect(viewOf(checkpoint, at('2026-11-29T12:00:00+08:00')).closures).toBeUndefined();
    const again = await putCheckpoint(store, { checkpointId: 'gate', body, now: at('2026-11-29T12:01:00+08:00'), keys });
    expect(viewOf(again.checkpoint, at('2026-11-29T12:01:00+08:00')).closures).toEqual(body.closures);
  });
});
