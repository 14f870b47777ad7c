/// <reference lib="dom" />
/**
 * The operators' console in Chromium, on the local stack as `npm start` runs it (the demo county): a
 * community secretary signs in with an operator key, imports 50 checkpoints from a CSV — three faulty
 * rows shown at their cells and nothing written, then the fixed file applied —, edits a shift roster
 * and an escalation policy (a wrong mobile first, refused at its field), pauses a checkpoint and sees it
 * paused on the board. Another community's key gets 403 and sees none of it; a form posted from another
 * origin is refused; axe-core finds nothing serious or critical on any console page.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { browserTestsRun, launchBrowser, PHONE, seriousViolations } from '../helpers/browser';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

const SHOTS = 'test-results/screenshots';
// axe-core is injected as a script, which the console's CSP (no script at all) would block.
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, bypassCSP: true } as const;
let stack: StartedStack;
let browser: Browser;
let yuyueKey: string;
let nanmenKey: string;

const admin = async (path: string, init: RequestInit = {}): Promise<any> =>
  (await fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...init.headers } })).json();
const checkpointsOf = async (communityId: string) => (await admin(`/checkpoints?communityId=${communityId}&limit=1000`)).items as { checkpointId: string }[];

const HEADER = '卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,组长姓名 leaderName,组长手机 leaderMobile';
const gate = (n: number) => `gate-${String(n).padStart(2, '0')}`;
/** 50 checkpoints of 鱼岳; `faulty` puts three mistakes in rows 11, 26 and 41 (the header is row 1). */
const csvOf = (faulty: boolean): Buffer => {
  const rows = Array.from({ length: 50 }, (_, i) => {
    const n = i + 1;
    const mobile = faulty && n === 10 ? '1380013' : `1380013${String(8000 + n)}`;
    const schedule = faulty && n === 25 ? '每两小时' : 'PT2H';
    const community = faulty && n === 40 ? 'beimen' : 'yuyue';
    return `${gate(n)},${community},${n} 号门卡点,${schedule},组长${n},${mobile}`;
  });
  return Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
};

const signIn = async (context: BrowserContext, key: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${stack.apiUrl}/admin`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL(`${stack.apiUrl}/admin`), page.click('button[type=submit]')]);
  return page;
};

const expectAccessible = async (page: Page, what: string) => expect(await seriousViolations(page), what).toEqual([]);

const shoot = async (page: Page, name: string) => {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/${name}.png`, `docs/screenshots/${name}.png`);
};

describe.skipIf(!browserTestsRun)('the console in a real browser', () => {
  let operator: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStackProcess(['--memory', '--sweep-seconds', '5']);
    browser = await launchBrowser();
    const issue = async (communityId: string) => (await admin('/operator-keys', { method: 'POST', body: JSON.stringify({ name: `${communityId}社区书记`, communityIds: [communityId] }) })).key as string;
    yuyueKey = await issue('yuyue');
    nanmenKey = await issue('nanmen');
    operator = await browser.newContext(DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs an operator in: the sign-in page and the communities of its key only', async () => {
    const signInPage = await operator.newPage();
    await signInPage.goto(`${stack.apiUrl}/admin`);
    await expectAccessible(signInPage, 'the sign-in page');
    await signInPage.close();
    page = await signIn(operator, yuyueKey);
    expect(await page.textContent('main')).toContain('鱼岳社区');
    expect(await page.locator('main a[href="/admin/communities/nanmen"]').count()).toBe(0);
    await expectAccessible(page, 'the communities');
  });

  it('imports 50 checkpoints: three faulty rows at their cells and nothing written, then the fixed file', async () => {
    await page.goto(`${stack.apiUrl}/admin/import`);
    await expectAccessible(page, 'the spreadsheet page');
    const before = (await checkpointsOf('yuyue')).length;

    await page.setInputFiles('#f-file', { name: 'checkpoints.csv', mimeType: 'text/csv', buffer: csvOf(true) });
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/import`), page.click('button[value=apply]')]);
    const faulty = page.locator('td.faulty');
    expect(await faulty.evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-cell')))).toEqual(['F11', 'D26', 'B41']);
    expect(await page.locator('td.faulty[data-cell=F11]').textContent()).toContain('1380013');
    expect(await page.locator('td.faulty[data-cell=B41] .error').textContent()).toContain('beimen');
    expect(await page.locator('#import-errors li').count()).toBe(3);
    expect((await checkpointsOf('yuyue')).length).toBe(before);
    await expectAccessible(page, 'the import errors');
    await shoot(page, 'console-import-errors');

    await page.setInputFiles('#f-file', { name: 'checkpoints.csv', mimeType: 'text/csv', buffer: csvOf(false) });
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/import`), page.click('button[value=apply]')]);
    expect(await page.textContent('#result-h + .flash')).toContain('已导入');
    const after = await checkpointsOf('yuyue');
    expect(after.length).toBe(before + 50);

    await page.goto(`${stack.apiUrl}/admin/communities/yuyue`);
    for (const n of [1, 25, 50]) expect(await page.locator(`a[href="/admin/checkpoints/${gate(n)}"]`).count()).toBe(1);
    expect(await page.locator('table.list tbody tr').count()).toBe(before + 50);
    await expectAccessible(page, 'the community');
    await page.goto(`${stack.apiUrl}/board`);
    const board = await page.textContent('main');
    for (let n = 1; n <= 50; n += 1) expect(board).toContain(gate(n));
  });

  it('edits a shift roster and the escalation policy: a wrong mobile refused at its field, then saved', async () => {
    await page.goto(`${stack.apiUrl}/admin/checkpoints/${gate(7)}`);
    await expectAccessible(page, 'the checkpoint');
    await page.fill('#f-shifts-0-from', '08:00');
    await page.fill('#f-shifts-0-to', '20:00');
    await page.fill('#f-shifts-0-leader-name', '白班组长');
    await page.fill('#f-shifts-0-leader-mobile', '1390013');
    await page.fill('#f-shifts-1-from', '20:00');
    await page.fill('#f-shifts-1-to', '08:00');
    await page.fill('#f-shifts-1-leader-name', '夜班组长');
    await page.fill('#f-shifts-1-leader-mobile', '13900139002');
    await page.check('input[name="escalation.mode"][value=custom]');
    await page.fill('#f-escalation-levels-1-after', '45');
    await Promise.all([page.waitForLoadState('load'), page.click('#s-form button[type=submit]')]);
    expect(await page.getAttribute('#f-shifts-0-leader-mobile', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#e-f-shifts-0-leader-mobile')).toContain('11');
    expect(await page.inputValue('#f-shifts-1-leader-name')).toBe('夜班组长');
    expect((await admin(`/checkpoints/${gate(7)}`)).shifts).toBeUndefined();
    await expectAccessible(page, 'a refused checkpoint form');

    await page.fill('#f-shifts-0-leader-mobile', '13900139001');
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/checkpoints/${gate(7)}?saved=1`), page.click('#s-form button[type=submit]')]);
    const saved = await admin(`/checkpoints/${gate(7)}`);
    expect(saved.shifts).toEqual([
      { from: '08:00', to: '20:00', leader: { name: '白班组长', mobile: '13900139001' } },
      { from: '20:00', to: '08:00', leader: { name: '夜班组长', mobile: '13900139002' } },
    ]);
    expect(saved.escalation.levels.map((level: { after: string }) => level.after)).toEqual(['PT0S', 'PT45M', 'PT1H']);
    expect(await page.textContent('#s-escalation .policy')).toContain('45 分钟后 → 社区书记');
    await shoot(page, 'console');
  });

  it('pauses a checkpoint, and the board shows it paused', async () => {
    await page.goto(`${stack.apiUrl}/admin/checkpoints/${gate(8)}`);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/checkpoints/${gate(8)}?saved=paused`), page.click('form[action$="/active"] button')]);
    expect(await page.textContent('main .card .chip')).toContain('暂停');
    await page.goto(`${stack.apiUrl}/board`);
    const row = page.locator('tr', { has: page.locator('span.muted', { hasText: new RegExp(`^${gate(8)}$`) }) });
    expect(await row.locator('.chip').getAttribute('data-status')).toBe('paused');
  });

  it('rotates a gate code and shows the new gate sheet at once; the escalations page', async () => {
    await page.goto(`${stack.apiUrl}/admin/checkpoints/${gate(9)}`);
    await Promise.all([page.waitForURL(/\/sheet\?checkpointId=gate-09&rotated=1$/), page.click('form[action$="/rotate-token"] button')]);
    expect(await page.locator('.card svg').count()).toBe(1);
    expect(await page.textContent('.banner')).toContain('旧码已失效');
    await expectAccessible(page, 'the gate sheet');
    await page.goto(`${stack.apiUrl}/admin/escalations`);
    await expectAccessible(page, 'the escalations');
  });

  it('at phone width: the checkpoint page stacks its tables and passes axe-core, in English too', async () => {
    const phone = await browser.newContext({ ...PHONE, bypassCSP: true });
    await phone.addCookies(await operator.cookies());
    const small = await phone.newPage();
    await small.goto(`${stack.apiUrl}/admin/checkpoints/${gate(7)}?lang=en`);
    expect(await small.getAttribute('html', 'lang')).toBe('en');
    expect(await small.textContent('#s-shifts legend')).toBe('Shift roster');
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectAccessible(small, 'the checkpoint at 360 px');
    await small.screenshot({ path: `${SHOTS}/console-phone-en.png`, fullPage: true });
    // The language is remembered for the next page.
    await small.goto(`${stack.apiUrl}/admin/import`);
    expect(await small.textContent('h1')).toBe('Import & export');
    await phone.close();
  });

  it("refuses another community's operator key with 403 and shows it nothing of them", async () => {
    const other = await browser.newContext(DESKTOP);
    const otherPage = await signIn(other, nanmenKey);
    expect(await otherPage.textContent('main')).toContain('南门社区');
    expect(await otherPage.textContent('main')).not.toContain('鱼岳社区');
    for (const path of [`/admin/checkpoints/${gate(7)}`, '/admin/communities/yuyue', '/admin/communities/yuyue/sheet', '/admin/escalations?communityId=yuyue', '/admin/export?format=csv&communityId=yuyue']) {
      const response = await otherPage.goto(`${stack.apiUrl}${path}`);
      expect(response!.status(), path).toBe(403);
      expect(await otherPage.content(), path).not.toContain('白班组长');
    }
    await other.close();
  });

  it('refuses a form posted to the console from another origin, even one on the same site that the cookie goes with', async () => {
    const evilPort = await freePort();
    const target = `${stack.apiUrl}/admin/checkpoints/${gate(9)}/active`;
    const evil: Server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><form method="post" action="${target}"><input name="active" value="false"><input name="csrf" value="guessed"></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(evilPort, '127.0.0.1', resolve));
    try {
      const attacked = await operator.newPage();
      const [response] = await Promise.all([attacked.waitForResponse((r) => r.url() === target), attacked.goto(`http://127.0.0.1:${evilPort}/`)]);
      expect(response.status()).toBe(403);
      expect((await admin(`/checkpoints/${gate(9)}`)).active).toBe(true);
      await attacked.close();
    } finally {
      evil.close();
    }
  });
});
