/**
 * Figures of one reading that cannot all be true, stated once, as DHIS2 states its validation rules:
 * a left side, an operator, a right side and an importance. A rule broken with importance `refuse` is
 * refused at its field (the API's schema, the form before it sends); one broken with `warn` is only
 * unlikely — the form asks to check it, the reading is stored, and the day's summary counts the readings
 * that broke one (`unlikelyReadings`).
 *
 * Data only, so that the form's script is given the very table (functions/pages/form.ts) and evaluates
 * it with its own few lines (functions/pages/form-rules.ts); both are tested against a model of the
 * statements (test/domain/reading-rules.property.test.ts).
 *
 * Why each rule is what it is (the domain: everyone going in or out of a checkpoint is stopped,
 * registered and has their temperature taken; a fever is taken as 37.3 °C or more):
 * - a fever is found by screening, so there are never more fevers than people screened: refused;
 * - the fever cases listed are the fevers counted, and the highest temperature is not below any of
 *   them: refused (these two were the schema's own checks before the table);
 * - fevers counted with a highest temperature below 37.3 °C: by the system's own definition of a fever
 *   case (tempC 37.3 or more) one of the two is wrong: refused;
 * - entries and exits beyond the people screened: every crossing should have been screened, but a gate
 *   letting someone through unscreened is a fact officials must hear of, not a figure to refuse: warned;
 * - a highest temperature of 37.3 °C or more with no fever counted: commonly a fever, yet a person
 *   measured again and found well is not one: warned.
 */

import { DEFAULT_FEVER_THRESHOLD_C } from './limits';

/**
 * The threshold the fever cases are held to (contract: a fever case's tempC): the county's default.
 * A community may alert from a higher one (fever/rule.ts), never a lower: a case below this cannot be sent.
 */
export const FEVER_C = DEFAULT_FEVER_THRESHOLD_C;

/**
 * A figure of the reading, a figure of its fever cases (how many are listed, the highest tempC among
 * them), or a number. A side is the sum of its operands; a rule with an absent figure on either side
 * (an optional field left out, no fever cases listed) is not evaluated — DHIS2's "skip if any value is
 * missing".
 */
export type Operand = 'screened' | 'entries' | 'exits' | 'feverCount' | 'maxTempC' | 'staffOnDuty' | 'feverCases.count' | 'feverCases.maxTempC' | number;

export interface Comparison {
  left: readonly Operand[];
  operator: '<=' | '>=' | '==';
  right: readonly Operand[];
}

export interface ReadingRule extends Comparison {
  id: string;
  /** Evaluated only for readings where this holds. */
  when?: Comparison;
  importance: 'refuse' | 'warn';
  /** Where the message is shown: the field a person corrects. */
  field: 'screened' | 'feverCount' | 'maxTempC' | 'feverCases';
  message: { zh: string; en: string };
}

export const READING_RULES: readonly ReadingRule[] = [
  {
    id: 'fevers-among-screened',
    left: ['feverCount'],
    operator: '<=',
    right: ['screened'],
    importance: 'refuse',
    field: 'feverCount',
    message: { zh: '发热人数不能多于检测人数', en: 'More with fever than screened' },
  },
  {
    id: 'cases-as-counted',
    left: ['feverCases.count'],
    operator: '==',
    right: ['feverCount'],
    importance: 'refuse',
    field: 'feverCases',
    message: { zh: '发热人员条数应等于发热人数', en: 'One case per fever counted' },
  },
  {
    id: 'highest-not-below-cases',
    left: ['maxTempC'],
    operator: '>=',
    right: ['feverCases.maxTempC'],
    importance: 'refuse',
    field: 'maxTempC',
    message: { zh: '最高体温不能低于发热人员的体温', en: 'Below a fever case’s temperature' },
  },
  {
    id: 'fever-reaches-threshold',
    when: { left: ['feverCount'], operator: '>=', right: [1] },
    left: ['maxTempC'],
    operator: '>=',
    right: [FEVER_C],
    importance: 'refuse',
    field: 'maxTempC',
    message: { zh: `有发热人员时，最高体温不能低于 ${FEVER_C}°C`, en: `With fever, at least ${FEVER_C} °C` },
  },
  {
    id: 'crossings-screened',
    left: ['entries', 'exits'],
    operator: '<=',
    right: ['screened'],
    importance: 'warn',
    field: 'screened',
    message: { zh: '进出人数之和多于检测人数，请核对', en: 'More in and out than screened: please check' },
  },
  {
    id: 'hot-means-fever',
    when: { left: ['maxTempC'], operator: '>=', right: [FEVER_C] },
    left: ['feverCount'],
    operator: '>=',
    right: [1],
    importance: 'warn',
    field: 'feverCount',
    message: { zh: `最高体温达 ${FEVER_C}°C 但无发热人员，请核对`, en: `A fever temperature but no fever counted: please check` },
  },
];

/** What a rule is evaluated on: the reading's figures and its fever cases, as sent. */
export interface RuleFigures {
  screened?: number;
  entries?: number;
  exits?: number;
  feverCount?: number;
  maxTempC?: number;
  staffOnDuty?: number;
  feverCases?: readonly { tempC?: number }[];
}

const valueOf = (reading: RuleFigures, operand: Operand): number | undefined => {
  if (typeof operand === 'number') return operand;
  const cases = reading.feverCases;
  if (operand === 'feverCases.count') return cases?.length;
  if (operand === 'feverCases.maxTempC') return cases && cases.length > 0 ? Math.max(...cases.map((c) => c.tempC ?? Number.NaN)) : undefined;
  return reading[operand];
};

const sideOf = (reading: RuleFigures, operands: readonly Operand[]): number | undefined => {
  let sum = 0;
  for (const operand of operands) {
    const value = valueOf(reading, operand);
    if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
    sum += value;
  }
  return sum;
};

/** True or false, or undefined when a figure it names is absent. */
const holds = (reading: RuleFigures, { left, operator, right }: Comparison): boolean | undefined => {
  const a = sideOf(reading, left);
  const b = sideOf(reading, right);
  if (a === undefined || b === undefined) return undefined;
  return operator === '<=' ? a <= b : operator === '>=' ? a >= b : a === b;
};

/** The rules a reading breaks, in the table's order. */
export const rulesBroken = (reading: RuleFigures, rules: readonly ReadingRule[] = READING_RULES): ReadingRule[] =>
  rules.filter((rule) => (!rule.when || holds(reading, rule.when) === true) && holds(reading, rule) === false);

/** A rule as a person reads it in the API's description: `feverCount <= screened`. */
export const statementOf = (rule: ReadingRule): string => {
  const side = (operands: readonly Operand[]) => operands.join(' + ');
  const comparison = (c: Comparison) => `${side(c.left)} ${c.operator} ${side(c.right)}`;
  return rule.when ? `${comparison(rule)} when ${comparison(rule.when)}` : comparison(rule);
};
