import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommunityBody } from '../../../functions/contract/schemas';
import { DEFAULT_FEVER_POLICY, feverCasesOf, feverPolicyOf, feverThresholdOf, officerRoleOf } from '../../../functions/domain/fever';
import { EscalationPolicyBody } from '../../../functions/domain/registration-schemas';
import { community, gate, reading } from './fixtures';

const body = (extra: object) => ({ name: '鱼岳社区', contacts: [], ...extra });

describe("a community's fever threshold", () => {
  it('is 37.3 °C unless the community sets its own', () => {
    expect(feverThresholdOf(community())).toBe(37.3);
    expect(feverThresholdOf(community({ feverThresholdC: 37.8 }))).toBe(37.8);
    expect(feverThresholdOf(undefined)).toBe(37.3);
  });

  it.each([37.3, 37.5, 38, 38.5])('takes %s °C', (feverThresholdC) => {
    expect(CommunityBody.safeParse(body({ feverThresholdC })).success).toBe(true);
  });

  it.each([37.2, 37, 38.6, 40, 37.35])('refuses %s °C at feverThresholdC', (feverThresholdC) => {
    const parsed = CommunityBody.safeParse(body({ feverThresholdC }));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['feverThresholdC']);
  });
});

describe("a community's fever policy", () => {
  it('tells the leader on duty and the community at once, the secretary again after 10 minutes, the committee at 30', () => {
    expect(feverPolicyOf(community())).toEqual(DEFAULT_FEVER_POLICY);
    const [first, second, third] = DEFAULT_FEVER_POLICY.levels;
    expect(first).toEqual({ notify: ['onDuty', 'secretary'], after: 'PT0S' });
    expect(second).toEqual({ notify: ['secretary'], after: 'PT10M' });
    // A level's delay counts from the level before: 10 + 20 minutes after the alert.
    expect(third).toEqual({ notify: ['committee'], after: 'PT20M' });
    expect(EscalationPolicyBody.safeParse(DEFAULT_FEVER_POLICY).success).toBe(true);
  });

  it("is the community's own when it sets one, checked as an escalation policy is, at its field", () => {
    const own = { levels: [{ notify: ['secretary'], after: 'PT0S' }], repeatEvery: 'PT15M', maxRepeats: 2 };
    expect(feverPolicyOf(community({ feverPolicy: own }))).toEqual(own);
    expect(CommunityBody.safeParse(body({ feverPolicy: own })).success).toBe(true);
    const refused = CommunityBody.safeParse(body({ feverPolicy: { levels: [{ notify: ['nobody'], after: 'PT0S' }] } }));
    expect(refused.error!.issues[0]!.path.slice(0, 3)).toEqual(['feverPolicy', 'levels', 0]);
  });

  it('tells its first level at once: a policy whose first level waits is refused at that field', () => {
    const waits = CommunityBody.safeParse(body({ feverPolicy: { levels: [{ notify: ['secretary'], after: 'PT10M' }, { notify: ['committee'], after: 'PT20M' }] } }));
    expect(waits.success).toBe(false);
    expect(waits.error!.issues.map((issue) => issue.path)).toEqual([['feverPolicy', 'levels', 0, 'after']]);
    // The escalation policy of missed reports may wait before its first level, as before.
    expect(CommunityBody.safeParse(body({ escalation: { levels: [{ notify: ['secretary'], after: 'PT10M' }] } })).success).toBe(true);
  });
});

describe('the officer, by role', () => {
  // 02:00Z is 10:00 in Shanghai: 王丽's shift (08:00–20:00); 13:00Z is 21:00, after it.
  it('is the shift leader on duty, a leader of the gate, or gate staff — never the name', () => {
    expect(officerRoleOf('王丽', gate(), new Date('2026-12-07T02:00:00Z'))).toBe('onDuty');
    expect(officerRoleOf('王丽', gate(), new Date('2026-12-07T13:00:00Z'))).toBe('staff');
    expect(officerRoleOf(' 黄祖浩 ', gate(), new Date('2026-12-07T02:00:00Z'))).toBe('leader');
    expect(officerRoleOf('张三', gate(), new Date('2026-12-07T02:00:00Z'))).toBe('staff');
  });
});

describe("a reading's fever cases", () => {
  const tenths = fc.integer({ min: 373, max: 430 }).map((n) => n / 10);
  const listed = fc.array(fc.record({ tempC: tenths, direction: fc.constantFrom('in' as const, 'out' as const), note: fc.option(fc.string(), { nil: undefined }) }), { minLength: 1, maxLength: 8 });

  it('are the listed cases at or above the threshold, with their direction, when taken and the role only', () => {
    fc.assert(
      fc.property(listed, fc.integer({ min: 373, max: 385 }).map((n) => n / 10), fc.boolean(), (cases, threshold, observed) => {
        const r = reading({ feverCount: cases.length, feverCases: cases.map(({ note, ...c }) => ({ ...c, ...(note !== undefined && { note }) })), ...(observed && { observedAt: '2026-12-07T02:01:00Z' }) });
        const found = feverCasesOf(r, gate(), threshold);
        // The model: keep a case when its temperature reaches the threshold; say nothing else of it.
        const expected = cases
          .filter((c) => c.tempC >= threshold)
          .map((c) => ({ tempC: c.tempC, direction: c.direction, takenAt: observed ? '2026-12-07T02:01:00Z' : r.receivedAt, readingId: 'r-1', officerRole: 'staff' }));
        expect(found).toEqual(expected);
      }),
    );
  });

  it('are one a fever counted when none is listed and the highest temperature reaches the threshold (or is not given)', () => {
    expect(feverCasesOf(reading({ feverCount: 2, maxTempC: 37.6 }), gate(), 37.3)).toHaveLength(2);
    expect(feverCasesOf(reading({ feverCount: 2 }), gate(), 37.3)).toHaveLength(2);
    expect(feverCasesOf(reading({ feverCount: 2, maxTempC: 37.6 }), gate(), 38)).toEqual([]);
    expect(feverCasesOf(reading({ feverCount: 2 }), gate(), 37.3)[0]).toEqual({ takenAt: '2026-12-07T02:05:00Z', readingId: 'r-1', officerRole: 'staff' });
  });

  it('are none for a reading without fever', () => {
    expect(feverCasesOf(reading({ maxTempC: 36.8 }), gate(), 37.3)).toEqual([]);
  });
});
