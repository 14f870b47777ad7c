import { describe, expect, it } from 'vitest';
import { DEFAULT_FEVER_POLICY, FEVER_JOIN_WINDOW_MS, placeFevers, planFever, type FeverCase } from '../../../functions/domain/fever';
import { alert, community, gate, reading } from './fixtures';

const opened = Date.parse('2026-12-07T02:05:00Z');
const at = (minutes: number) => new Date(opened + minutes * 60_000);
const fever = (readingId: string, tempC = 37.9): FeverCase => ({ tempC, direction: 'out', takenAt: at(0).toISOString(), readingId, officerRole: 'staff' });

describe('several fevers at one gate, one alert', () => {
  it('puts three fevers within ten minutes into one alert with three cases', () => {
    const first = placeFevers([fever('r-1')], 'east-gate', [], at(0));
    expect(first).toEqual({ open: [fever('r-1')] });
    let open = alert({ cases: [fever('r-1')] });
    const second = placeFevers([fever('r-2')], 'east-gate', [open], at(4));
    expect(second).toEqual({ join: open.escalationId, cases: [fever('r-1'), fever('r-2')] });
    open = alert({ cases: (second as { cases: FeverCase[] }).cases });
    const third = placeFevers([fever('r-3')], 'east-gate', [open], at(9.99));
    expect(third).toEqual({ join: open.escalationId, cases: [fever('r-1'), fever('r-2'), fever('r-3')] });
  });

  it('opens a new alert once the window has passed: the window is stated once', () => {
    expect(FEVER_JOIN_WINDOW_MS).toBe(10 * 60_000);
    expect(placeFevers([fever('r-2')], 'east-gate', [alert()], at(10))).toEqual({ open: [fever('r-2')] });
  });

  it('opens a new alert when the open one was acknowledged, or ended, or is of another gate, or is a missed report', () => {
    for (const other of [
      alert({ status: 'acknowledged', acknowledgedAt: at(1).toISOString() }),
      alert({ status: 'unresolved' }),
      alert({ checkpointId: 'west-gate' }),
      alert({ cause: 'missed' }),
      alert({ cause: undefined }),
    ]) {
      expect(placeFevers([fever('r-2')], 'east-gate', [other], at(2))).toEqual({ open: [fever('r-2')] });
    }
  });

  it('adds a reading sent again nothing twice, and places nothing without a case', () => {
    const open = alert({ cases: [fever('r-1')] });
    expect(placeFevers([fever('r-1')], 'east-gate', [open], at(3))).toEqual({ join: open.escalationId, cases: [fever('r-1')] });
    expect(placeFevers([], 'east-gate', [open], at(3))).toBeUndefined();
  });

  it('joins the youngest of two alerts that both take cases', () => {
    const older = alert({ escalationId: 'a', openedAt: at(0).toISOString() });
    const younger = alert({ escalationId: 'b', openedAt: at(2).toISOString() });
    expect(placeFevers([fever('r-9')], 'east-gate', [older, younger], at(5))).toMatchObject({ join: 'b' });
  });
});

describe('a fever reading, planned for its own transaction', () => {
  const base = { checkpoint: gate(), community: community(), newId: () => 'new-alert' };
  const feverReading = (readingId: string, tempC: number) => reading({ readingId, feverCount: 1, maxTempC: tempC, feverCases: [{ tempC, direction: 'in' }] });

  it('opens an alert with the fever policy frozen in it, told at once', () => {
    const plan = planFever({ ...base, reading: feverReading('r-1', 37.9), alerts: [], now: at(0) });
    expect(plan).toMatchObject({ open: { escalationId: 'new-alert', cause: 'fever', status: 'open', level: 0, openedAt: at(0).toISOString(), nextActionAt: at(0).toISOString(), policy: DEFAULT_FEVER_POLICY, version: 0 } });
    expect((plan as { open: { cases: unknown[] } }).open.cases).toHaveLength(1);
  });

  it('joins the open alert within the window, at its version', () => {
    const open = alert({ cases: [fever('r-1')], version: 3 });
    const plan = planFever({ ...base, reading: feverReading('r-2', 38.1), alerts: [open], now: at(5) });
    expect(plan).toMatchObject({ join: { escalationId: open.escalationId, version: 4 }, expectedVersion: 3 });
    expect((plan as { join: { cases: unknown[] } }).join.cases).toHaveLength(2);
  });

  it('does nothing below the community’s own threshold', () => {
    expect(planFever({ ...base, community: community({ feverThresholdC: 38 }), reading: feverReading('r-1', 37.9), alerts: [], now: at(0) })).toBeUndefined();
  });
});
