/**
 * The no-script form's refusal page in one language: the API refuses a broken reading rule with the
 * rule's Chinese message (contract/schemas.ts); the English page says the rule's English words.
 */
import { describe, expect, it } from 'vitest';
import { READING_RULES } from '../../functions/domain/reading-rules';
import { formErrorPage } from '../../functions/pages/form-errors';

const refused = (rule: (typeof READING_RULES)[number]) => ({ code: 'invalid_request', message: 'the reading is not valid', issues: [{ path: rule.field, message: rule.message.zh }] });

describe("the form's refusal page", () => {
  for (const rule of READING_RULES.filter((r) => r.importance === 'refuse')) {
    it(`says ${rule.id} in English on the English page, in Chinese on the Chinese one`, () => {
      const en = formErrorPage(refused(rule), 'en');
      expect(en).toContain(rule.message.en);
      expect(en).not.toContain(rule.message.zh);
      expect(formErrorPage(refused(rule), 'zh-CN')).toContain(rule.message.zh);
    });
  }
});
