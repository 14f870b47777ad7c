/// <reference lib="dom" />
/**
 * The form, the board and the console on a 375 px phone, in Chinese and in English (issue 18): each page
 * in one language as its reader sees it (no English in Chinese outside ids and the allow-list, no Chinese
 * in English outside names, no ISO timestamp or internal id), the same width as the phone (nothing
 * scrolls sideways but a table's own scroller), and docs/screenshots/ refreshed from them
 * (UPDATE_SCREENSHOTS=1).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, launchBrowser } from '../helpers/browser';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';
import { chineseIn, demoTyped, englishIn, INTERNAL_ID, ISO_TIMESTAMP } from '../helpers/words';

const SHOTS = 'test-results/screenshots';
const PHONE_375 = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1 } as const;
const LANGS = ['zh', 'en'] as const;
let stack: StartedStack;
let browser: Browser;

const admin = async (path: string, init: RequestInit = {}): Promise<any> =>
  (await fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...init.headers } })).json();

/** A phone whose reader chose `lang` (the cookie every page reads; Chinese is the default, unsaid). */
const phoneIn = async (lang: (typeof LANGS)[number]): Promise<BrowserContext> => {
  const context = await browser.newContext(PHONE_375);
  if (lang === 'en') await context.addCookies([{ name: 'cw_lang', value: 'en', url: stack.apiUrl }]);
  return context;
};

/** `fullPage: false` for a page longer than anyone reads on a phone at once (the county's board): the first screen. */
const shoot = async (page: Page, name: string, fullPage = true) => {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/${name}.png`, `docs/screenshots/${name}.png`);
};

/** The page as its reader reads it: in its language only, and no wider than the phone. */
const expectOneLanguage = async (page: Page, lang: (typeof LANGS)[number], what: string, extra: { ids?: string[]; names?: string[] } = {}) => {
  const text = await page.evaluate(() => document.body.innerText);
  const typed = demoTyped(stack.chatUrl);
  expect(await page.getAttribute('html', 'lang'), what).toBe(lang === 'en' ? 'en' : 'zh-CN');
  if (lang === 'zh') expect(englishIn(text, [...typed.ids, ...(extra.ids ?? [])]), what).toEqual([]);
  else expect(chineseIn(text, [...typed.names, ...(extra.names ?? [])]), what).toEqual([]);
  expect(ISO_TIMESTAMP.exec(text)?.[0], what).toBeUndefined();
  expect(INTERNAL_ID.exec(text)?.[0], what).toBeUndefined();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what}: as wide as the phone`).toBeLessThanOrEqual(375);
};

describe.skipIf(!browserTestsRun)('one language at a time, on a 375 px phone', () => {
  let formUrl: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStackProcess(['--memory', '--sweep-seconds', '2']);
    browser = await launchBrowser();
    // A gate of the demo's first community that misses at once: the board and the console have an escalation to show.
    const created = await admin('/checkpoints/yuyue-miss', {
      method: 'PUT',
      body: JSON.stringify({ name: '鱼岳北门卡点', communityId: 'yuyue', schedule: { every: 'PT30S' }, grace: 'PT1S', contacts: [{ name: '黄祖浩', email: 'leader.yuyue-miss@example.org', role: 'leader' }] }),
    });
    formUrl = created.formUrl;
    for (let waited = 0; ((await admin('/escalations?communityId=yuyue')).items?.length ?? 0) === 0; waited += 1) {
      if (waited > 90) throw new Error('no escalation opened in 90 s');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const lang of LANGS) {
    it(`the form, in ${lang}`, async () => {
      const context = await phoneIn(lang);
      const page = await context.newPage();
      await page.goto(formUrl);
      await page.waitForFunction(() => document.getElementById('cp-name')?.textContent !== 'yuyue-miss');
      await expectOneLanguage(page, lang, `form (${lang})`, { names: ['鱼岳北门卡点'] });
      await shoot(page, `form-${lang}`);
      await context.close();
    });

    it(`the board, in ${lang}`, async () => {
      const context = await phoneIn(lang);
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/board`);
      await expectOneLanguage(page, lang, `board sign-in (${lang})`);
      await page.fill('#key', stack.adminKey);
      await Promise.all([page.waitForURL(/\/board$/), page.click('button[type=submit]')]);
      expect(await page.textContent('h1')).toBe(lang === 'en' ? 'Checkpoint board' : '卡点看板');
      // Whom the escalation told: people by role and name, never an address or a chat: id.
      const escalation = await page.locator('.esc').first().textContent();
      expect(escalation).toMatch(lang === 'en' ? /Told: .*黄祖浩 \(checkpoint leader\)/ : /已通知：.*卡点组长 黄祖浩/);
      expect(escalation).toMatch(lang === 'en' ? /鱼岳社区指挥部群 \(WeCom\)/ : /鱼岳社区指挥部群（企业微信）/);
      await expectOneLanguage(page, lang, `board (${lang})`, { names: ['鱼岳北门卡点', '黄祖浩'] });
      await shoot(page, `board-${lang}`, false);
      await context.close();
    }, 60_000);

    it(`the console, in ${lang}`, async () => {
      const context = await phoneIn(lang);
      const page = await context.newPage();
      await page.goto(`${stack.apiUrl}/admin`);
      await expectOneLanguage(page, lang, `console sign-in (${lang})`);
      await page.fill('#key', stack.adminKey);
      await Promise.all([page.waitForURL(`${stack.apiUrl}/admin`), page.click('button[type=submit]')]);
      const extra = { names: ['鱼岳北门卡点', '黄祖浩'] };
      await expectOneLanguage(page, lang, `console communities (${lang})`, extra);
      await shoot(page, `console-${lang}`);
      await page.goto(`${stack.apiUrl}/admin/escalations?communityId=yuyue`);
      await expectOneLanguage(page, lang, `console escalations (${lang})`, extra);
      await shoot(page, `console-escalations-${lang}`);
      await page.goto(`${stack.apiUrl}/admin/checkpoints/yuyue-1`);
      await expectOneLanguage(page, lang, `console checkpoint (${lang})`, { ...extra, ids: ['channel'] });
      await context.close();
    }, 60_000);
  }
});
