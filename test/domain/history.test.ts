/**
 * History at a glance, in the domain: today's strip of slots agrees with the day's counts the summary
 * and the board's completeness use (daySlotCounts) on any schedule, closures and pauses included; a
 * history sums counts, never rates; and the board's chart reads a checkpoint's past days only when a
 * write can have changed them — through the same use cases the API runs, over the in-memory store.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckpointBody } from '../../functions/contract/schemas';
import { boardAt, PAST_READ_BUDGET, refreshBoard, type BoardSnapshot, type BoardStore } from '../../functions/domain/board';
import { ValidationError } from '../../functions/domain/errors';
import { historyOf, readHistory, type DayHistoryStore } from '../../functions/domain/history';
import type { Checkpoint } from '../../functions/domain/model';
import { acceptReading } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { scheduleOf } from '../../functions/domain/schedule';
import { MAX_CELLS, slotStrip } from '../../functions/domain/slot-strip';
import { daySlotCounts, type DayCounters } from '../../functions/domain/summary';
import { localDayBounds } from '../../functions/domain/time';
import { memoryStore, type MemoryStore } from '../helpers/memory-store';

const HOUR = 3_600_000;
const at = (text: string) => new Date(text);
const keys = async () => ({ current: 'k1', keys: { k1: 'history-key-0123456789abcdef0123456789abcdef' } });

const checkpointOf = (overrides: Partial<Checkpoint>): Checkpoint => ({
  checkpointId: 'gate',
  communityId: 'nanmen',
  name: '南门',
  timezone: 'Asia/Shanghai',
  schedule: { every: 'PT2H' },
  grace: 'PT15M',
  contacts: [],
  active: true,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  activeSince: '2026-11-01T00:00:00Z',
  pauses: [],
  recentMaxTempC: {},
  tokenHash: '',
  version: 1,
  ...overrides,
});

const countersWith = (onTimeSlots: number[], lateSlots: number[] = []): DayCounters => ({
  readings: onTimeSlots.length + lateSlots.length,
  screened: 0,
  entries: 0,
  exits: 0,
  feverCount: 0,
  onTimeSlots,
  lateSlots,
});

describe("today's strip of slots", () => {
  const day = '2026-11-20';
  const midnight = localDayBounds(day, 'Asia/Shanghai').start.getTime();

  it('shows each slot of a PT2H gate closed at night: closed, on time, late, not yet due', () => {
    const checkpoint = checkpointOf({ closures: [{ daily: { from: '22:00', to: '06:00' } }] });
    const counters = countersWith([midnight + 6 * HOUR, midnight + 8 * HOUR, midnight + 12 * HOUR], [midnight + 10 * HOUR]);
    const strip = slotStrip(checkpoint, day, counters, at('2026-11-20T15:20:00+08:00'));
    expect(strip.cells.map((cell) => cell.state)).toEqual(['closed', 'closed', 'closed', 'onTime', 'onTime', 'late', 'onTime', 'pending', 'pending', 'pending', 'pending', 'closed']);
    expect(strip.counts).toMatchObject({ onTime: 3, late: 1, missed: 0, pending: 4, closed: 4 });
    expect(strip.cells[3]).toMatchObject({ from: midnight + 6 * HOUR, to: midnight + 8 * HOUR, counts: { onTime: 1 } });
  });

  it('shows a missed slot once its grace has ended, and before it as not yet due', () => {
    const checkpoint = checkpointOf({});
    const inGrace = slotStrip(checkpoint, day, undefined, at('2026-11-20T02:10:00+08:00'));
    expect(inGrace.cells[0]!.state).toBe('pending');
    const after = slotStrip(checkpoint, day, undefined, at('2026-11-20T02:15:00+08:00'));
    expect(after.cells[0]!.state).toBe('missed');
    expect(after.counts).toMatchObject({ missed: 1, pending: 11 });
  });

  it('tells paused slots and the time before registration from closed ones', () => {
    const checkpoint = checkpointOf({
      createdAt: '2026-11-20T03:30:00+08:00',
      pauses: [{ from: '2026-11-20T09:00:00+08:00', to: '2026-11-20T11:00:00+08:00' }],
      closures: [{ from: '2026-11-20T18:00:00+08:00', to: '2026-11-20T20:00:00+08:00', reason: '全员核酸检测' }],
    });
    const strip = slotStrip(checkpoint, day, undefined, at('2026-11-20T23:59:00+08:00'));
    // 00–02, 02–04 before; 08–10 and 10–12 touched by the pause; 18–20 closed throughout.
    expect(strip.cells.map((cell) => cell.state)).toEqual(['before', 'before', 'missed', 'missed', 'paused', 'paused', 'missed', 'missed', 'missed', 'closed', 'missed', 'pending']);
  });

  it('groups a PT30S day into 48 cells of 60 slots, each with its counts', () => {
    const checkpoint = checkpointOf({ schedule: { every: 'PT30S' }, grace: 'PT10S' });
    const filled = Array.from({ length: 50 }, (_, i) => midnight + 8 * HOUR + i * 30_000);
    const strip = slotStrip(checkpoint, day, countersWith(filled), at('2026-11-20T08:30:00+08:00'));
    expect(strip).toMatchObject({ slots: 2880, slotsPerCell: 60 });
    expect(strip.cells).toHaveLength(MAX_CELLS);
    // 08:00–08:30: 50 on time, 9 missed, and the last in its grace.
    expect(strip.cells[16]).toMatchObject({ state: 'missed', counts: { onTime: 50, missed: 9, pending: 1 } });
    expect(strip.cells[17]!.state).toBe('pending');
  });

  it('agrees with the day counts the summary and the board use, on any schedule, closures and pauses', () => {
    const schedules = [{ every: 'PT2H' }, { every: 'PT45M' }, { every: 'PT30S' }, { every: 'P1D' }, { cron: '0 8,12,18 * * *' }, { cron: '*/20 6-21 * * *' }];
    fc.assert(
      fc.property(
        fc.constantFrom(...schedules),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin'),
        fc.constantFrom('2026-11-20', '2026-03-29', '2026-10-25'),
        fc.integer({ min: 0, max: 26 * 60 }),
        fc.option(fc.integer({ min: 0, max: 23 * 60 })),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 22 }), fc.integer({ min: 1, max: 8 }))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (schedule, zone, date, nowMinutes, createdMinutes, closure, fill, seed) => {
          const bounds = localDayBounds(date, zone);
          const from = bounds.start.getTime();
          const checkpoint = checkpointOf({
            schedule,
            timezone: zone,
            createdAt: new Date(from + (createdMinutes ?? -60) * 60_000).toISOString(),
            ...(closure && { closures: [{ daily: { from: `${String(closure[0]).padStart(2, '0')}:00`, to: `${String((closure[0] + closure[1]) % 24).padStart(2, '0')}:30` } }] }),
            pauses: seed % 3 === 0 ? [{ from: new Date(from + 5 * HOUR).toISOString(), to: new Date(from + 7 * HOUR).toISOString() }] : [],
          });
          const now = new Date(from + nowMinutes * 60_000);
          // Fill a share of the day's slot starts before now, some late: as ingest records them.
          const day = scheduleOf(schedule, zone).dayOf(bounds);
          const starts = Array.from({ length: Math.min(day.count, 400) }, (_, k) => day.start(k)).filter((start) => start < now.getTime());
          const onTime = starts.filter((_, i) => (i * 7919 + seed) % 100 < fill * 70);
          const late = starts.filter((start, i) => (i * 104729 + seed) % 100 >= 90 && !onTime.includes(start));
          const strip = slotStrip(checkpoint, date, countersWith(onTime, late), now);
          const counts = daySlotCounts(checkpoint, date, { onTime, late }, now);
          expect(strip.counts.onTime).toBe(counts.onTime);
          expect(strip.counts.late).toBe(counts.late);
          expect(strip.counts.onTime + strip.counts.late + strip.counts.missed).toBe(counts.expected);
          expect(Object.values(strip.counts).reduce((a, b) => a + b, 0)).toBe(strip.slots);
          expect(strip.cells.length).toBeLessThanOrEqual(MAX_CELLS);
          expect(strip.cells.reduce((n, cell) => n + Object.values(cell.counts).reduce((a, b) => a + b, 0), 0)).toBe(strip.slots);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a history', () => {
  it('sums the counts of its checkpoints and rates the sums, never averaging rates', () => {
    const a = checkpointOf({ checkpointId: 'a' });
    const b = checkpointOf({ checkpointId: 'b', schedule: { every: 'P1D' } });
    const midnight = localDayBounds('2026-11-19', 'Asia/Shanghai').start.getTime();
    const counters = new Map([
      ['a', new Map([['2026-11-19', countersWith([midnight, midnight + 2 * HOUR, midnight + 4 * HOUR], [midnight + 6 * HOUR])]])],
      ['b', new Map([['2026-11-19', countersWith([midnight])]])],
    ]);
    const [day] = historyOf([a, b], ['2026-11-19'], counters, at('2026-11-21T12:00:00+08:00'), 'Asia/Shanghai');
    // a: 12 expected, 3 on time, 1 late; b: 1 expected, on time. 5 of 13, not the mean of 1/3 and 1.
    expect(day).toEqual({ date: '2026-11-19', partial: false, expected: 13, onTime: 4, late: 1, missed: 8, readings: 5, feverCount: 0, completeness: 0.3846, timeliness: 0.3077 });
  });
});

describe("the board's chart reads past days only when a write can have changed them", () => {
  const body: CheckpointBody = { name: '南门卡点', communityId: 'nanmen', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }], active: true };

  /** A board store over the memory store: each checkpoint's stamp is its version (every write bumps it). */
  const boardStoreOf = (store: MemoryStore, asked: { date: string; checkpointId: string }[][]): BoardStore & DayHistoryStore => {
    const all = async () => (await Promise.all(['gate', 'east'].map((id) => store.checkpoint(id)))).filter((c): c is Checkpoint => c !== undefined);
    return {
      boardStamps: async () => ({ communities: new Map([['nanmen', 1]]), checkpoints: new Map((await all()).map((c) => [c.checkpointId, { v: c.version, e: 0 }])) }),
      allCommunities: async () => [(await store.community('nanmen'))!],
      communitiesById: async () => [(await store.community('nanmen'))!],
      allCheckpoints: all,
      checkpointsById: async (ids) => (await all()).filter((c) => ids.includes(c.checkpointId)),
      dayCountersOn: async (requests) => new Map(requests.flatMap(({ checkpointId, date }) => { const found = store.dayCounters(checkpointId, date); return found ? [[checkpointId, found] as const] : []; })),
      activeEscalations: async () => [],
      countersOn: async (requests) => {
        asked.push([...requests]);
        const found = new Map<string, Map<string, DayCounters>>();
        for (const { checkpointId, date } of requests) {
          const day = store.dayCounters(checkpointId, date);
          if (day) found.set(checkpointId, new Map([...(found.get(checkpointId) ?? []), [date, day]]));
        }
        return found;
      },
    };
  };

  it('counts a day just over from what it held, and reads yesterday again for a late reading after midnight', async () => {
    const store = memoryStore();
    const created = at('2026-11-18T05:50:00+08:00');
    await putCommunity(store, { communityId: 'nanmen', body: { name: '南门社区', timezone: 'Asia/Shanghai', contacts: [] }, now: created });
    await putCheckpoint(store, { checkpointId: 'gate', body, now: created, keys });
    await putCheckpoint(store, { checkpointId: 'east', body: { ...body, name: '东门卡点' }, now: created, keys });
    const report = async (checkpointId: string, now: Date) => {
      const checkpoint = (await store.checkpoint(checkpointId))!;
      await acceptReading(store, { checkpoint, body: { submissionId: randomUUID(), officer: '值班员', screened: 10, entries: 4, exits: 3, feverCount: 0 }, now: () => now, newId: randomUUID, readingsPerMinute: 1000 });
    };
    for (let hour = 6; hour < 22; hour += 2) await report('gate', at(`2026-11-18T${String(hour).padStart(2, '0')}:30:00+08:00`));
    await report('gate', at('2026-11-19T08:30:00+08:00'));

    const asked: { date: string; checkpointId: string }[][] = [];
    const boards = boardStoreOf(store, asked);
    let snapshot: BoardSnapshot | undefined;
    const refresh = async (now: Date) => {
      snapshot = await refreshBoard(boards, snapshot, now);
      return boardAt(snapshot, now).communities[0]!;
    };
    const fresh = async (now: Date) => boardAt(await refreshBoard(boardStoreOf(store, []), undefined, now), now).communities[0]!;

    // A fresh board reads each checkpoint's past days, in one read: those since its registration (the 18th).
    let now = at('2026-11-19T21:00:00+08:00');
    const cold = await refresh(now);
    expect(asked).toEqual([[{ checkpointId: 'gate', date: '2026-11-18' }, { checkpointId: 'east', date: '2026-11-18' }]]);
    expect(cold.history.slice(-2).map((d) => [d.date, d.expected, d.onTime, d.missed])).toEqual([
      ['2026-11-18', 18, 8, 10],
      ['2026-11-19', 20, 1, 19],
    ]);

    // Nothing written, the clock past midnight: yesterday is counted from the counters held for it as today.
    now = at('2026-11-20T00:05:00+08:00');
    asked.length = 0;
    const turned = await refresh(now);
    expect(asked).toEqual([]);
    expect(turned.history.at(-2)).toMatchObject({ date: '2026-11-19', expected: 24, onTime: 1, late: 0 });
    expect(turned).toEqual(await fresh(now));

    // A reading at 00:10 fills yesterday's last slot, late: the next refresh reads that day again, and only it.
    now = at('2026-11-20T00:10:00+08:00');
    await report('east', now);
    const late = await refresh(now);
    expect(asked).toEqual([[{ checkpointId: 'east', date: '2026-11-19' }]]);
    expect(late.history.at(-2)).toMatchObject({ date: '2026-11-19', expected: 24, onTime: 1, late: 1 });
    expect(late.checkpoints.find((c) => c.checkpointId === 'east')!.today.counts).toMatchObject({ pending: 12 });
    expect(late).toEqual(await fresh(now));

    // A pause changes what past days expected: all of them are read again.
    asked.length = 0;
    await putCheckpoint(store, { checkpointId: 'gate', body: { ...body, active: false }, now, keys });
    const paused = await refresh(now);
    expect(asked).toEqual([[{ checkpointId: 'gate', date: '2026-11-19' }, { checkpointId: 'gate', date: '2026-11-18' }]]);
    expect(paused).toEqual(await fresh(now));
  });

  it('fills a fresh chart in over a few refreshes, lightest days first, never reading more than its budget at once', async () => {
    const store = memoryStore();
    const created = at('2026-11-06T05:50:00+08:00');
    await putCommunity(store, { communityId: 'nanmen', body: { name: '南门社区', timezone: 'Asia/Shanghai', contacts: [] }, now: created });
    await putCheckpoint(store, { checkpointId: 'gate', body, now: created, keys });
    // On PT30S, more than the budget holds: a day item of theirs can hold 2,880 slot starts, 100 times a PT2H one's.
    const fast = Array.from({ length: Math.ceil(PAST_READ_BUDGET / (13 * 2896)) + 2 }, (_, i) => `f${i}`);
    for (const id of fast) await putCheckpoint(store, { checkpointId: id, body: { ...body, schedule: { every: 'PT30S' }, grace: 'PT10S' }, now: created, keys });
    const asked: { date: string; checkpointId: string }[][] = [];
    const boards = { ...boardStoreOf(store, asked), allCheckpoints: async () => (await Promise.all(['gate', ...fast].map((id) => store.checkpoint(id)))) as Checkpoint[] };
    boards.boardStamps = async () => ({ communities: new Map([['nanmen', 1]]), checkpoints: new Map((await boards.allCheckpoints()).map((c) => [c.checkpointId, { v: c.version, e: 0 }])) });
    const now = at('2026-11-20T12:00:00+08:00');
    let snapshot: BoardSnapshot | undefined;
    const loading = async () => {
      snapshot = await refreshBoard(boards, snapshot, now);
      return boardAt(snapshot, now).communities[0]!.history.filter((day) => day.loading).length;
    };
    // 13 days each: the PT2H gate's first, then as many PT30S days as the budget holds, the most recent
    // first; the oldest days are still loading, and the next refresh reads the rest.
    const first = 13 + Math.floor((PAST_READ_BUDGET - 13 * 28) / 2896);
    expect(await loading()).toBeGreaterThan(0);
    expect(asked.map((r) => r.length)).toEqual([first]);
    expect(asked[0]!.slice(0, 13).every((r) => r.checkpointId === 'gate')).toBe(true);
    expect(asked[0]!.slice(13).map((r) => r.date)).toEqual([...asked[0]!.slice(13).map((r) => r.date)].sort().reverse());
    expect(await loading()).toBe(0);
    expect(asked.map((r) => r.length)).toEqual([first, 13 * (fast.length + 1) - first]);
    expect(await loading()).toBe(0);
    expect(asked).toHaveLength(2);
  });
});

describe("a history's read budget", () => {
  const now = at('2026-12-01T12:00:00+08:00');
  const readNothing = (asked: unknown[]): DayHistoryStore => ({ countersOn: async (requests) => (asked.push(requests), new Map()) });
  const gates = (n: number, every: string) => Array.from({ length: n }, (_, i) => checkpointOf({ checkpointId: `g-${i}`, schedule: { every } }));

  it('reads 31 days of 350 PT2H checkpoints (28 a day each: a tenth of the budget)', async () => {
    const asked: unknown[] = [];
    const days = await readHistory(readNothing(asked), gates(350, 'PT2H'), 'Asia/Shanghai', 31, now);
    expect(days).toHaveLength(31);
    expect(asked).toHaveLength(1);
  });

  it('refuses 14 days of 76 PT30S checkpoints at days, naming how many it can read (4), and reads nothing', async () => {
    const asked: unknown[] = [];
    const refused = await readHistory(readNothing(asked), gates(76, 'PT30S'), 'Asia/Shanghai', 14, now).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([{ path: 'days', message: 'at most 4 days of these checkpoints can be read at once' }]);
    expect(asked).toEqual([]);
    // 4 days of them is within: 76 × 2,896 × 4 = 880,384 slot starts.
    expect(await readHistory(readNothing(asked), gates(76, 'PT30S'), 'Asia/Shanghai', 4, now)).toHaveLength(4);
  });

  it('sends a community whose one day is over the budget to its checkpoints one at a time', async () => {
    const refused = await readHistory(readNothing([]), gates(400, 'PT30S'), 'Asia/Shanghai', 1, now).catch((error: unknown) => error);
    expect((refused as ValidationError).issues?.[0]?.message).toMatch(/one checkpoint at a time/);
  });
});
