/**
 * The form's evaluation of the reading rules (functions/domain/reading-rules.ts), as browser script:
 * plain ES2017 without imports, as the rest of the form's script (form-client.ts), given the very table
 * the server refuses and warns by (form.ts puts it in the page's config, as `pageRules`: each rule
 * [refuses, field, [left, operator, right], when or 0, zh, en]). It is the domain's
 * `rulesBroken` written again for the phone — the bundler may write the domain's own code in syntax
 * older phones lack — and test/domain/reading-rules.property.test.ts holds both to the same model.
 */
export const RULES_CLIENT = String.raw`
function rulesBroken(rules, r) {
  function side(ops) {
    return ops.reduce(function (sum, o) {
      var c = r.feverCases;
      var v = typeof o === 'number' ? o : o === 'feverCases.count' ? (c && c.length) : o === 'feverCases.maxTempC' ? (c && c.length ? Math.max.apply(null, c.map(function (x) { return x.tempC; })) : NaN) : r[o];
      return sum + (typeof v === 'number' ? v : NaN);
    }, 0);
  }
  function holds(x) {
    var a = side(x[0]), b = side(x[2]);
    return isNaN(a) || isNaN(b) ? undefined : x[1] === '<=' ? a <= b : x[1] === '>=' ? a >= b : a === b;
  }
  return rules.filter(function (rule) { return (!rule[3] || holds(rule[3]) === true) && holds(rule[2]) === false; });
}
`;
