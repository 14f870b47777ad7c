/**
 * The reading rules (issue 18 §6) against a model written from their statements alone — the sentences
 * below, not the table's operands — over random readings drawn around every boundary the statements
 * name (fevers against people screened, crossings against people screened, 37.3 °C, the hottest case).
 * Three evaluations must say what the model says: the API's schema (refuses, at the field, in Chinese),
 * the domain's `rulesBroken` (which rules only warn: the day counts those readings), and the form's own
 * script, run on the table as the page delivers it (JSON).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReadingBody } from '../../functions/contract/schemas';
import { READING_RULES, rulesBroken, type ReadingRule } from '../../functions/domain/reading-rules';
import { formPage, pageRules } from '../../functions/pages/form';
import { FORM_CLIENT } from '../../functions/pages/form-client';
import { RULES_CLIENT } from '../../functions/pages/form-rules';

interface Reading {
  screened: number;
  entries: number;
  exits: number;
  feverCount: number;
  maxTempC?: number;
  feverCases?: { tempC: number; direction: 'in' | 'out' }[];
}

type Verdict = { refuse: Set<string>; warn: Set<string> };

/**
 * The statements, each as a person would check it on paper:
 * - 发热人数不能多于检测人数 — more people with fever than screened is refused, at feverCount;
 * - the fever cases listed are as many as the fevers counted — else refused, at feverCases;
 * - the highest temperature is not below a fever case's — else refused, at maxTempC;
 * - fevers counted, yet a highest temperature below 37.3 °C — refused, at maxTempC;
 * - more entries and exits than people screened (each crossing is screened) — warned, at screened;
 * - a highest temperature of 37.3 °C or more with nobody counted with fever — warned, at feverCount.
 */
const model = (r: Reading): Verdict => {
  const verdict: Verdict = { refuse: new Set(), warn: new Set() };
  if (r.feverCount > r.screened) verdict.refuse.add('feverCount');
  if (r.feverCases !== undefined && r.feverCases.length !== r.feverCount) verdict.refuse.add('feverCases');
  if (r.maxTempC !== undefined && (r.feverCases ?? []).some((c) => c.tempC > r.maxTempC!)) verdict.refuse.add('maxTempC');
  if (r.feverCount > 0 && r.maxTempC !== undefined && r.maxTempC < 37.3) verdict.refuse.add('maxTempC');
  if (r.entries + r.exits > r.screened) verdict.warn.add('screened');
  if (r.maxTempC !== undefined && r.maxTempC >= 37.3 && r.feverCount === 0) verdict.warn.add('feverCount');
  return verdict;
};

/** Tenths of a degree from 36.0 to 39.5, 37.2 and 37.3 among them. */
const tenths = (from: number, to: number) => fc.integer({ min: from * 10, max: to * 10 }).map((t) => t / 10);
const small = fc.integer({ min: 0, max: 8 });
const reading: fc.Arbitrary<Reading> = fc
  .record(
    {
      screened: small,
      entries: small,
      exits: small,
      feverCount: fc.integer({ min: 0, max: 4 }),
      maxTempC: tenths(36, 39.5),
      cases: fc.array(fc.record({ tempC: tenths(37.3, 39.5), direction: fc.constantFrom('in' as const, 'out' as const) }), { maxLength: 5 }),
      // Lists as many cases as counted more often than not, so that the other rules are reached too.
      listed: fc.constantFrom('none', 'counted', 'counted', 'any'),
    },
    { requiredKeys: ['screened', 'entries', 'exits', 'feverCount', 'cases', 'listed'] },
  )
  .map(({ cases, listed, ...figures }) => ({
    ...figures,
    ...(listed === 'counted' && { feverCases: cases.slice(0, figures.feverCount).concat(Array.from({ length: Math.max(0, figures.feverCount - cases.length) }, () => ({ tempC: 38, direction: 'in' as const }))) }),
    ...(listed === 'any' && { feverCases: cases }),
  }));

const body = (r: Reading) => ({ submissionId: '3b241101-e2bb-4255-8caf-4136c566a962', officer: '张三', ...r });

/** The form's evaluator, run as the page runs it: the script text, the table through JSON. */
type PageRule = [boolean, string, ...unknown[]];
const formRulesBroken = new Function(`${RULES_CLIENT}; return rulesBroken;`)() as (rules: unknown, reading: Reading) => PageRule[];
const rulesOfPage = JSON.parse(JSON.stringify(pageRules())) as PageRule[];
/** What the form says of a reading: at which field, refused or warned. */
const formSays = (r: Reading) => formRulesBroken(rulesOfPage, r).map(([refuses, field]) => [refuses ? 'refuse' : 'warn', field]);
const domainSays = (r: Reading) => rulesBroken(r).map((rule) => [rule.importance, rule.field]);

const fieldsOf = (rules: readonly ReadingRule[], importance: ReadingRule['importance']) => new Set(rules.filter((rule) => rule.importance === importance).map((rule) => rule.field));

describe('the reading rules, against a model of their statements', () => {
  it('the table states what the model states: the same fields refused and warned, no more', () => {
    expect(READING_RULES.map((rule) => [rule.importance, rule.field])).toEqual([
      ['refuse', 'feverCount'],
      ['refuse', 'feverCases'],
      ['refuse', 'maxTempC'],
      ['refuse', 'maxTempC'],
      ['warn', 'screened'],
      ['warn', 'feverCount'],
    ]);
    for (const rule of READING_RULES) expect(rule.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the API refuses exactly what the model refuses, at those fields, in Chinese', () => {
    fc.assert(
      fc.property(reading, (r) => {
        const expected = model(r);
        const parsed = ReadingBody.safeParse(body(r));
        if (expected.refuse.size === 0) {
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          return;
        }
        expect(parsed.success).toBe(false);
        const issues = parsed.error!.issues;
        expect(new Set(issues.map((issue) => issue.path.join('.')))).toEqual(expected.refuse);
        for (const issue of issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('the domain and the form warn and refuse as the model does', () => {
    fc.assert(
      fc.property(reading, (r) => {
        const expected = model(r);
        const domain = rulesBroken(r);
        expect(fieldsOf(domain, 'refuse')).toEqual(expected.refuse);
        expect(fieldsOf(domain, 'warn')).toEqual(expected.warn);
        expect(formSays(r)).toEqual(domainSays(r));
      }),
      { numRuns: 3000 },
    );
  });

  it('skips a rule whose figure is absent, as a form half filled in has none', () => {
    const half = { screened: 5, feverCount: 9 } as unknown as Reading;
    expect(formSays(half)).toEqual([['refuse', 'feverCount']]);
    expect(domainSays(half)).toEqual([['refuse', 'feverCount']]);
    // A case whose temperature is not typed yet compares with nothing.
    const typing = { screened: 5, entries: 0, exits: 0, feverCount: 1, maxTempC: 38, feverCases: [{}] } as unknown as Reading;
    expect(formSays(typing)).toEqual([]);
    expect(rulesBroken(typing)).toEqual([]);
  });

  it('gives the form page this very table and the script that evaluates it', () => {
    const page = formPage({ checkpointId: 'gate-1', submissionId: 'x' });
    const config = JSON.parse(/<script type="application\/json" id="cw-config">(.*?)<\/script>/s.exec(page)![1]!.replace(/\\u003c/g, '<'));
    expect(config.rules).toEqual(rulesOfPage);
    // Each of the table's rules, in its words: the statement, the field, the messages in both languages.
    expect(rulesOfPage.map(([refuses, field, , , zh, en]) => [refuses, field, zh, en])).toEqual(READING_RULES.map((rule) => [rule.importance === 'refuse', rule.field, rule.message.zh, rule.message.en]));
    expect(FORM_CLIENT).toContain('function rulesBroken(rules, r) {');
    expect(page).toContain('id="err-feverCases"');
  });
});
