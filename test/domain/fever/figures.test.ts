/** The day's fever figures against a model of the rule, and as the summary carries them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feverFigures, HANDLING_ACTIONS, type HandlingAction } from '../../../functions/domain/fever';
import type { Escalation } from '../../../functions/domain/model';
import { summarizeDay } from '../../../functions/domain/summary';
import { summaryNotice } from '../../../functions/domain/summary-notice';
import { alert, gate } from './fixtures';

const opened = Date.parse('2026-12-07T02:00:00Z');

const anAlert = fc.record({
  fever: fc.boolean(),
  cases: fc.integer({ min: 1, max: 5 }),
  handledAfterMinutes: fc.option(fc.integer({ min: 0, max: 180 }), { nil: undefined }),
  action: fc.constantFrom(...HANDLING_ACTIONS),
});
type Drawn = { fever: boolean; cases: number; handledAfterMinutes?: number; action: HandlingAction };

const asEscalation = (d: Drawn, i: number): Escalation =>
  alert({
    escalationId: `e-${i}`,
    cause: d.fever ? 'fever' : 'missed',
    cases: d.fever ? Array.from({ length: d.cases }, (_, k) => ({ tempC: 38, direction: 'in' as const, takenAt: new Date(opened).toISOString(), readingId: `r-${i}-${k}`, officerRole: 'staff' as const })) : undefined,
    openedAt: new Date(opened).toISOString(),
    ...(d.handledAfterMinutes !== undefined && {
      status: 'acknowledged' as const,
      acknowledgedAt: new Date(opened + d.handledAfterMinutes * 60_000).toISOString(),
      ...(d.fever && { handling: { action: d.action } }),
    }),
  });

/** The rule as stated: count the fever alerts and their cases; of those handled, the middle and the longest wait, and each choice. */
const model = (drawn: Drawn[]) => {
  const fevers = drawn.filter((d) => d.fever);
  const waits = fevers.flatMap((d) => (d.handledAfterMinutes === undefined ? [] : [d.handledAfterMinutes])).sort((a, b) => a - b);
  const n = waits.length;
  const done = Object.fromEntries(HANDLING_ACTIONS.map((a) => [a, fevers.filter((d) => d.handledAfterMinutes !== undefined && d.action === a).length]));
  return {
    alerts: fevers.length,
    cases: fevers.reduce((sum, d) => sum + d.cases, 0),
    handled: n,
    medianMinutesToHandle: n === 0 ? null : n % 2 ? waits[(n - 1) / 2] : (waits[n / 2 - 1]! + waits[n / 2]!) / 2,
    maxMinutesToHandle: n === 0 ? null : waits[n - 1],
    done,
  };
};

describe('fever figures', () => {
  it('count alerts, cases, time to handle (median, longest) and what was done, as the model does', () => {
    fc.assert(
      fc.property(fc.array(anAlert, { maxLength: 12 }), (drawn) => {
        expect(feverFigures(drawn.map(asEscalation))).toEqual(model(drawn));
      }),
    );
  });

  it('are per community and for the county, from the alerts (never from medians), and leave missed reports to the escalation figures', () => {
    fc.assert(
      fc.property(fc.array(anAlert, { maxLength: 8 }), fc.array(anAlert, { maxLength: 8 }), (a, b) => {
        const ea = a.map(asEscalation);
        const eb = b.map((d, i) => ({ ...asEscalation(d, i + 100), checkpointId: 'west-gate', communityId: 'other' }));
        const summary = summarizeDay(
          '2026-12-07',
          [
            { communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: gate() }], escalations: ea },
            { communityId: 'other', name: '别的社区', checkpoints: [{ checkpoint: gate({ checkpointId: 'west-gate', communityId: 'other' }) }], escalations: eb },
          ],
          0,
          new Date('2026-12-07T16:10:00Z'),
          false,
        );
        expect(summary.communities[0]!.fevers).toEqual(model(a));
        expect(summary.communities[1]!.fevers).toEqual(model(b));
        expect(summary.county.fevers).toEqual(model([...a, ...b]));
        expect(summary.county.escalations.opened).toBe([...a, ...b].filter((d) => !d.fever).length);
      }),
    );
  });

  it('are told in the summary message when there were any', () => {
    const handled = asEscalation({ fever: true, cases: 3, handledAfterMinutes: 8, action: 'clinic' }, 1);
    const summary = summarizeDay('2026-12-07', [{ communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: gate() }], escalations: [handled] }], 0, new Date('2026-12-07T16:10:00Z'), false);
    const notice = summaryNotice(summary, { fileUrl: 'https://x', scope: '鱼岳社区' });
    expect(JSON.stringify(notice.lines)).toMatch(/发热预警 1 起（3 人）；已处置 1 起，用时中位数 8\s?分钟、最长 8\s?分钟；已送发热门诊 1。/);
    expect(notice.facts).toMatchObject({ fevers: { alerts: 1, cases: 3 } });
    const none = summarizeDay('2026-12-07', [{ communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: gate() }], escalations: [] }], 0, new Date('2026-12-07T16:10:00Z'), false);
    expect(JSON.stringify(summaryNotice(none, { fileUrl: 'https://x' }).lines)).not.toContain('发热预警');
  });
});
