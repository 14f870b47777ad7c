import { describe, expect, it } from 'vitest';
import type { Checkpoint, Escalation } from '../../functions/domain/model';
import { daySlotCounts, median, summarizeDay, toCsv, type DayCounters } from '../../functions/domain/summary';

const t = (iso: string) => new Date(iso).getTime();

const checkpoint = (overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  checkpointId: 'gate-1',
  communityId: 'yuyue',
  name: '幸福家园卡点',
  timezone: 'Asia/Shanghai',
  schedule: { every: 'PT2H' },
  grace: 'PT15M',
  contacts: [],
  active: true,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  activeSince: '2026-11-01T00:00:00Z',
  pauses: [],
  recentlyFilled: [],
  recentMaxTempC: {},
  tokenHash: 'x',
  version: 1,
  ...overrides,
});

const counters = (overrides: Partial<DayCounters> = {}): DayCounters => ({
  readings: 0, screened: 0, entries: 0, exits: 0, feverCount: 0, onTimeSlots: [], lateSlots: [], ...overrides,
});

// 2026-11-20 in Shanghai runs from 2026-11-19T16:00Z to 2026-11-20T16:00Z; slots every 2 h from 16:00Z.
const slot = (localHour: number) => t('2026-11-19T16:00:00Z') + localHour * 3_600_000;
const dayOver = new Date('2026-11-20T16:10:00Z');

const escalation = (overrides: Partial<Escalation>): Escalation => ({
  escalationId: 'e', checkpointId: 'gate-1', communityId: 'yuyue', status: 'resolved', level: 1, repeats: 0, missedCount: 0, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z',
  missedDeadline: '2026-11-20T02:15:00Z', openedAt: '2026-11-20T02:15:30Z', nextActionAt: '2026-11-20T02:15:00Z',
  policy: { levels: [], repeatEvery: 'PT1H', maxRepeats: 0 }, notified: [], version: 1, ...overrides,
});

const none = { onTime: [], late: [] };

describe('a checkpoint\'s day', () => {
  it('counts 12 slots, on time, late and missed, with rates from them', () => {
    const day = counters({
      readings: 11, screened: 500, entries: 260, exits: 240, feverCount: 2, maxTempC: 38.1, staffSum: 50, staffReadings: 10,
      onTimeSlots: [0, 2, 4, 6, 8, 10, 12, 14, 16].map(slot),
      lateSlots: [18].map(slot),
    });
    const summary = summarizeDay('2026-11-20', [{ communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: checkpoint(), counters: day }], escalations: [] }], 0, dayOver, false);
    const [row] = summary.checkpoints;
    // 12 expected; 9 on time, 1 late, so 2 missed (20:00 and 22:00).
    expect(row).toMatchObject({ expected: 12, onTime: 9, late: 1, missed: 2, completeness: 0.8333, timeliness: 0.75, readings: 11, screened: 500, feverCount: 2, maxTempC: 38.1, staffOnDutyMean: 5 });
    expect(summary.missedMost).toEqual([{ checkpointId: 'gate-1', communityId: 'yuyue', name: '幸福家园卡点', missed: 2 }]);
  });

  it('expects nothing before the checkpoint was created, nor while it was paused', () => {
    const created = checkpoint({ createdAt: '2026-11-20T01:30:00Z', pauses: [{ from: '2026-11-20T06:00:00Z', to: '2026-11-20T10:00:00Z' }] });
    // Created 09:30 local: first slot 10:00. Paused 14:00–18:00 local: slots 14 and 16 not expected. Left: 10, 12, 18, 20, 22.
    expect(daySlotCounts(created, '2026-11-20', none, dayOver).expected).toBe(5);
  });

  it('expects no slot a pause touched, even one it began in the middle of', () => {
    // Paused 15:00–15:30 local: the 14–16 slot is not expected, and a reading in it does not count.
    const paused = checkpoint({ pauses: [{ from: '2026-11-20T07:00:00Z', to: '2026-11-20T07:30:00Z' }] });
    expect(daySlotCounts(paused, '2026-11-20', { onTime: [slot(14), slot(16)], late: [] }, dayOver)).toEqual({ expected: 11, onTime: 1, late: 0 });
  });

  it('counts a PT30S day by arithmetic: 2,880 slots, the filled ones among them', () => {
    const fast = checkpoint({ schedule: { every: 'PT30S' }, grace: 'PT5S' });
    const starts = [slot(0), slot(0) + 30_000, slot(23) + 59 * 60_000 + 30_000];
    expect(daySlotCounts(fast, '2026-11-20', { onTime: starts, late: [slot(1)] }, dayOver)).toEqual({ expected: 2880, onTime: 3, late: 1 });
  });

  it('does not count a slot still running (or in its grace) as missed in the day so far', () => {
    const now = new Date('2026-11-20T04:10:00Z'); // 12:10 local: the 10–12 slot is in its grace
    expect(daySlotCounts(checkpoint(), '2026-11-20', none, now).expected).toBe(5);
    expect(daySlotCounts(checkpoint(), '2026-11-20', { onTime: [slot(12)], late: [] }, now)).toEqual({ expected: 6, onTime: 1, late: 0 });
  });

  it('follows the 23- and 25-hour days of a zone with daylight saving', () => {
    const berlin = checkpoint({ timezone: 'Europe/Berlin', schedule: { every: 'PT1H' }, createdAt: '2026-01-01T00:00:00Z' });
    expect(daySlotCounts(berlin, '2026-03-29', none, new Date('2026-04-01T00:00:00Z')).expected).toBe(23);
    expect(daySlotCounts(berlin, '2026-10-25', none, new Date('2026-11-01T00:00:00Z')).expected).toBe(25);
  });

  it('counts a day\'s escalations: opened, acknowledged, resolved, unresolved, level, time to resolve', () => {
    const escalations = [
      escalation({ escalationId: 'a', status: 'resolved', level: 1, resolvedAt: '2026-11-20T02:45:00Z' }), // 30 min
      escalation({ escalationId: 'b', status: 'resolved', level: 2, acknowledgedAt: '2026-11-20T03:00:00Z', resolvedAt: '2026-11-20T03:45:00Z' }), // 90 min
      escalation({ escalationId: 'c', status: 'unresolved', level: 3 }),
    ];
    const summary = summarizeDay('2026-11-20', [{ communityId: 'yuyue', name: '鱼岳', checkpoints: [{ checkpoint: checkpoint() }], escalations }], 1, dayOver, false);
    expect(summary.checkpoints[0]!.escalations).toEqual({ opened: 3, acknowledged: 1, resolved: 2, unresolved: 1, paused: 0, maxLevel: 3, medianMinutesToResolve: 60, maxMinutesToResolve: 90 });
    expect(summary.openEscalations).toBe(1);
  });

  it('counts each way an escalation ends, paused too: what is not still open ended one way', () => {
    // An escalation ends one way only (model.ts EscalationStatus): the day's opened are those still
    // open and those ended acknowledged, resolved, unresolved or paused.
    const statuses = ['open', 'acknowledged', 'resolved', 'resolved', 'unresolved', 'paused', 'paused'] as const;
    const escalations = statuses.map((status, i) =>
      escalation({ escalationId: `e${i}`, status, ...(status === 'acknowledged' && { acknowledgedAt: '2026-11-20T03:00:00Z' }), ...(status === 'resolved' && { resolvedAt: '2026-11-20T02:45:00Z' }) }),
    );
    const summary = summarizeDay('2026-11-20', [{ communityId: 'yuyue', name: '鱼岳', checkpoints: [{ checkpoint: checkpoint() }], escalations }], 1, dayOver, false);
    const figures = summary.county.escalations;
    const byStatus = (status: string) => statuses.filter((s) => s === status).length;
    expect(figures).toMatchObject({ opened: 7, acknowledged: byStatus('acknowledged'), resolved: byStatus('resolved'), unresolved: byStatus('unresolved'), paused: byStatus('paused') });
    expect(figures.opened - (figures.acknowledged + figures.resolved + figures.unresolved + figures.paused)).toBe(byStatus('open'));
    expect(toCsv(summary).split('\r\n')[0]).toContain('escalations.unresolved,escalations.paused,');
  });
});

describe('roll-ups', () => {
  it('sum counts and compute rates from the sums, never averaging rates', () => {
    // A: 12 expected, 12 on time (100 %). B: 3 expected (cron), 0 filled (0 %). Averaging rates would say 50 %.
    const a = checkpoint({ checkpointId: 'a' });
    const b = checkpoint({ checkpointId: 'b', schedule: { cron: '0 8,12,18 * * *' } });
    const summary = summarizeDay(
      '2026-11-20',
      [
        {
          communityId: 'yuyue',
          name: '鱼岳',
          checkpoints: [
            { checkpoint: a, counters: counters({ readings: 12, screened: 100, staffSum: 60, staffReadings: 12, onTimeSlots: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22].map(slot) }) },
            { checkpoint: b, counters: counters({ readings: 0 }) },
          ],
          escalations: [],
        },
        { communityId: 'nanmen', name: '南门', checkpoints: [{ checkpoint: checkpoint({ checkpointId: 'c', communityId: 'nanmen' }), counters: counters({ screened: 7, staffSum: 3, staffReadings: 1 }) }], escalations: [] },
      ],
      0,
      dayOver,
      false,
    );
    const [yuyue, nanmen] = summary.communities;
    expect(yuyue).toMatchObject({ expected: 15, onTime: 12, missed: 3, completeness: 0.8, timeliness: 0.8, screened: 100, checkpoints: 2, staffOnDutyMean: 5 });
    expect(nanmen).toMatchObject({ expected: 12, onTime: 0, missed: 12, completeness: 0 });
    // County: 27 expected, 12 on time → 12/27; staff (60 + 3) / 13.
    expect(summary.county).toMatchObject({ expected: 27, onTime: 12, completeness: 0.4444, screened: 107, checkpoints: 3, communities: 2, staffOnDutyMean: 4.85 });
    expect(summary.missedMost.map((m) => m.checkpointId)).toEqual(['c', 'b']);
  });

  it('takes the median of an even list as the mean of its middle two', () => {
    expect(median([90, 10, 30, 60])).toBe(45);
    expect(median([])).toBeNull();
  });
});

describe('the CSV', () => {
  it('has a BOM, the field names as header, one row per checkpoint, and quotes what needs it', () => {
    const hostile = checkpoint({ checkpointId: 'x', name: '=HYPERLINK("http://evil"),"卡点"' });
    const summary = summarizeDay('2026-11-20', [{ communityId: 'yuyue', name: '鱼岳', checkpoints: [{ checkpoint: checkpoint() }, { checkpoint: hostile }], escalations: [] }], 0, dayOver, false);
    const csv = toCsv(summary);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'checkpointId,communityId,name,expected,onTime,late,missed,completeness,timeliness,readings,unlikelyReadings,copiedReadings,screened,entries,exits,feverCount,maxTempC,staffOnDutyMean,escalations.opened,escalations.acknowledged,escalations.resolved,escalations.unresolved,escalations.paused,escalations.maxLevel,escalations.medianMinutesToResolve,escalations.maxMinutesToResolve',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('gate-1,yuyue,幸福家园卡点,12,0,0,12,0,0,0,0,0,0,0,0,0,,,0,0,0,0,0,0,,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil""),""卡点"""`);
  });
});
