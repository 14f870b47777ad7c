/**
 * The form's words reach the phone once: the Chinese the page shows is read from the page by its script,
 * the rest (and all the English) from its config. Every word the script asks for must be in one or the other.
 */
import { describe, expect, it } from 'vitest';
import { FORM_TEXT, formDonePage, formPage } from '../../functions/pages/form';
import { FORM_CLIENT } from '../../functions/pages/form-client';
import { FEVER_WORDS } from '../../functions/domain/words/fever';

const html = formPage({ checkpointId: 'gate-1', submissionId: '00000000-0000-4000-8000-000000000000' });
const config = JSON.parse(/<script type="application\/json" id="cw-config">(.*?)<\/script>/.exec(html)![1]!);
const outsideTemplate = html.replace(/<template[\s\S]*?<\/template>/, '');
/** The Chinese each `data-t` element outside the template shows, as the script reads it. */
const shown = new Map([...outsideTemplate.matchAll(/data-t="([^"]+)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!]));
const asked = new Set([...FORM_CLIENT.matchAll(/\bt\('([\w.]+)'\)/g)].map((m) => m[1]!).concat(['told', 'first', 'offline', 'busy', 'fix', 'check']));

describe("the form's words", () => {
  it('has every word the script asks for in Chinese, from the page or the config, and in English from the config', () => {
    for (const key of [...asked, ...shown.keys()]) {
      expect(config.text.zh[key] ?? shown.get(key), key).toBe(FORM_TEXT.zh[key as keyof typeof FORM_TEXT.zh]);
      expect(config.text.en[key], key).toBe(FORM_TEXT.en[key as keyof typeof FORM_TEXT.en]);
    }
  });

  it('does not repeat in the config the Chinese the page shows', () => {
    for (const key of shown.keys()) expect(config.text.zh, key).not.toHaveProperty(key);
    // The fever case's fields are a template, copied in by the script: their Chinese stays in the config.
    expect(config.text.zh.tempC).toBe(FORM_TEXT.zh.tempC);
  });

  it('says that the community was told, and that a reading with fever goes first, from the words module', () => {
    expect(config.text.zh.told).toBe(FEVER_WORDS['zh-CN'].toldCommunity);
    expect(config.text.zh.told).toBe('已通知社区');
    expect(config.text.en.first).toBe(FEVER_WORDS.en.feverFirst);
    expect(FORM_CLIENT).toContain("receipt.feverAlert ? ' ' + t('told')");
  });
});

describe('the page a form posted without script lands on', () => {
  it('says the community was told when the reading alerted it, in the reader’s language', () => {
    const at = { checkpointId: 'gate-1', receivedAt: '2026-12-07T02:05:00Z', replayed: false };
    expect(formDonePage({ ...at, lang: 'zh-CN', told: true })).toContain('已通知社区');
    expect(formDonePage({ ...at, lang: 'en', told: true })).toContain('Community told');
    expect(formDonePage({ ...at, lang: 'zh-CN' })).not.toContain('已通知社区');
  });
});
