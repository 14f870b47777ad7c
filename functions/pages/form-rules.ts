/**
 * The form's evaluation of the reading rules (functions/domain/reading-rules.ts), as browser script:
 * plain ES2017 without imports, as the rest of the form's script (form-client.ts), given the very table
 * the server refuses and warns by (form.ts puts it in the page's config). It is the domain's
 * `rulesBroken` written again for the phone — the bundler may write the domain's own code in syntax
 * older phones lack — and test/domain/reading-rules.property.test.ts holds both to the same model.
 */
export const RULES_CLIENT = String.raw`
function rulesBroken(rules, reading) {
  function value(operand) {
    if (typeof operand === 'number') return operand;
    var cases = reading.feverCases;
    if (operand === 'feverCases.count') return cases ? cases.length : undefined;
    if (operand === 'feverCases.maxTempC') return cases && cases.length ? Math.max.apply(null, cases.map(function (c) { return typeof c.tempC === 'number' ? c.tempC : NaN; })) : undefined;
    return reading[operand];
  }
  function side(operands) {
    var sum = 0;
    for (var i = 0; i < operands.length; i++) {
      var v = value(operands[i]);
      if (typeof v !== 'number' || isNaN(v)) return undefined;
      sum += v;
    }
    return sum;
  }
  function holds(c) {
    var a = side(c.left), b = side(c.right);
    if (a === undefined || b === undefined) return undefined;
    return c.operator === '<=' ? a <= b : c.operator === '>=' ? a >= b : a === b;
  }
  return rules.filter(function (rule) { return (!rule.when || holds(rule.when) === true) && holds(rule) === false; });
}
`;
