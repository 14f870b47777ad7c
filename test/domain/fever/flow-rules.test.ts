/**
 * What the flow, the sweep and the sender decide of a fever alert, against the rule (docs/fever.md): the
 * gate reporting (the reading that opened it is a report) or pausing never ends it; it climbs its
 * levels while nobody handles it, stops once handled, and ends unresolved when its levels and repeats
 * are spent. A missed report's escalation, beside it, still ends by a reading or a pause.
 */
import { describe, expect, it } from 'vitest';
import { decide, endsWithTheGate, excusingPause, hasReportedSince } from '../../../functions/domain/escalation';
import { wantedBy } from '../../../functions/domain/delivery/wanted';
import type { NoticeRow } from '../../../functions/domain/delivery/rows';
import type { Checkpoint, Escalation } from '../../../functions/domain/model';
import { alert, gate } from './fixtures';

const reported = gate({ lastReadingAt: '2026-12-07T02:30:00Z' });
const paused = gate({ active: false, pauses: [{ from: '2026-12-07T02:20:00Z' }] });
const at = (iso: string) => new Date(iso);
const missed = (overrides: Partial<Escalation> = {}): Escalation => ({ ...alert(), cause: 'missed', cases: [], ...overrides });

describe('a fever alert in the flow', () => {
  it('is not ended by the gate reporting or pausing: its next level is told when due', () => {
    const open = alert({ level: 1, nextActionAt: '2026-12-07T02:15:00Z' });
    for (const checkpoint of [reported, paused]) {
      expect(hasReportedSince(checkpoint, open)).toBe(false);
      expect(excusingPause(checkpoint, open)).toBeUndefined();
      expect(decide(open, checkpoint, at('2026-12-07T02:40:00Z'))).toEqual({ action: 'notify', level: 2, repeat: 0 });
    }
    expect(endsWithTheGate(open)).toBe(false);
  });

  it('its first level is due at once when it opens (level 0, next action now)', () => {
    expect(decide(alert({ level: 0, nextActionAt: '2026-12-07T02:05:00Z' }), reported, at('2026-12-07T02:05:00Z'))).toEqual({ action: 'notify', level: 1, repeat: 0 });
  });

  it('stops once handled, and ends unresolved when its levels and repeats are spent', () => {
    expect(decide(alert({ status: 'acknowledged', acknowledgedAt: '2026-12-07T02:10:00Z' }), reported, at('2026-12-07T03:00:00Z'))).toEqual({ action: 'stop', reason: 'acknowledged' });
    expect(decide(alert({ level: 3, repeats: 3, nextActionAt: '2026-12-07T04:00:00Z' }), reported, at('2026-12-07T04:00:00Z'))).toEqual({ action: 'close' });
  });

  it('a missed report beside it still ends by a reading or a pause', () => {
    const escalation = missed({ missedDeadline: '2026-12-07T02:15:00Z' });
    expect(decide(escalation, reported, at('2026-12-07T02:40:00Z'))).toEqual({ action: 'stop', reason: 'reported' });
    expect(decide(escalation, paused, at('2026-12-07T02:40:00Z'))).toEqual({ action: 'stop', reason: 'paused' });
  });
});

describe('the sender and a fever level row', () => {
  const row = (escalationId: string): NoticeRow => ({ notice: { escalationId, kind: 'level', level: 1, repeat: 0, recipient: 'li@example.org' } }) as NoticeRow;
  const reads = (escalation: Escalation, checkpoint: Checkpoint) => wantedBy({ escalation: async () => escalation, checkpoint: async () => checkpoint });

  it('sends it after the gate reported or paused, while the alert is open; skips it once handled', async () => {
    expect(await reads(alert(), reported)(row('a'))).toBe(true);
    expect(await reads(alert(), paused)(row('a'))).toBe(true);
    expect(await reads(alert({ status: 'acknowledged' }), reported)(row('a'))).toBe(false);
  });

  it("skips a missed report's level row once the gate reported", async () => {
    expect(await reads(missed({ missedDeadline: '2026-12-07T02:15:00Z' }), reported)(row('m'))).toBe(false);
  });
});
