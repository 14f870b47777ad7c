/// <reference lib="dom" />
/**
 * The operators' console in Chromium, on the local stack as `npm start` runs it (the demo county): a
 * community secretary signs in with an operator key, imports 50 checkpoints from a CSV — three faulty
 * rows shown at their cells and nothing written, then the fixed file applied —, edits a shift roster
 * and an escalation policy (a wrong mobile first, refused at its field), pauses a checkpoint and sees it
 * paused on the board (with its reason); the audit trail lists the pause with its actor; a checkpoint is
 * created from the console and appears on the board; the county admin issues a key that signs in and
 * revokes it, after which it opens nothing; an operator gets 403 on the keys page and on creating a
 * community. Another community's key gets 403 and sees none of it; a form posted from another origin is
 * refused; axe-core finds nothing serious or critical on any console page, at phone width too.
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
    // People's words (2小时, times of day) beside the API's (PT2H); 每两小时 is none of them.
    const schedule = faulty && n === 25 ? '每两小时' : ['PT2H', '2小时', '08:00、12:00、18:00'][n % 3];
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
  });

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
    // The column as the file heads it, what is wrong in Chinese, and a value that would work.
    expect(await page.locator('#import-errors li', { hasText: 'D26' }).textContent()).toMatch(/报告周期 schedule：“每两小时”不是报告周期：写间隔如 2小时/);
    expect((await checkpointsOf('yuyue')).length).toBe(before);
    await expectAccessible(page, 'the import errors');
    await shoot(page, 'console-import-errors');

    // Checked first; then 导入 alone imports the file that was checked, not chosen again.
    await page.setInputFiles('#f-file', { name: 'checkpoints.csv', mimeType: 'text/csv', buffer: csvOf(false) });
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/import`), page.click('button[value=check]')]);
    expect(await page.textContent('#result-h + .flash')).toContain('检查通过');
    expect(await page.textContent('#checked-file')).toContain('checkpoints.csv');
    expect(await page.inputValue('#f-file')).toBe('');
    expect((await checkpointsOf('yuyue')).length).toBe(before);
    await expectAccessible(page, 'the file checked');
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/import`), page.click('button[value=apply]')]);
    expect(await page.textContent('#result-h + .flash')).toContain('已导入');
    const after = await checkpointsOf('yuyue');
    expect(after.length).toBe(before + 50);
    // The next step is the file's community's gate sheets, one click away.
    expect(await page.locator('ul.next a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['/admin/communities/yuyue/sheet', '/board']);
    await expectAccessible(page, 'the import applied');

    await page.goto(`${stack.apiUrl}/admin/communities/yuyue`);
    for (const n of [1, 25, 50]) expect(await page.locator(`a[href="/admin/checkpoints/${gate(n)}"]`).count()).toBe(1);
    expect(await page.locator('table.list tbody tr').count()).toBe(before + 50);
    await expectAccessible(page, 'the community');
    await page.goto(`${stack.apiUrl}/board`);
    // Each by its name (the board shows no ids; its rows carry them for a program).
    const board = await page.textContent('main');
    for (let n = 1; n <= 50; n += 1) {
      expect(board).toContain(`${n} 号门卡点`);
      expect(await page.locator(`tr#cp-${gate(n)}`).count()).toBe(1);
    }
    expect((await admin(`/checkpoints/${gate(2)}`)).schedule).toEqual({ cron: '0 8,12,18 * * *' });
    expect((await admin(`/checkpoints/${gate(4)}`)).schedule).toEqual({ every: 'PT2H' });
  });

  it('sets the schedule as times of day, the cron field shown only when the advanced choice is made, and grace in words', async () => {
    await page.goto(`${stack.apiUrl}/admin/checkpoints/${gate(4)}`);
    expect(await page.inputValue('#f-grace')).toBe('15分钟');
    expect(await page.isVisible('#f-schedule-every')).toBe(true);
    expect(await page.isVisible('#f-schedule-cron')).toBe(false);
    expect(await page.isVisible('#f-schedule-times')).toBe(false);
    await page.check('#f-schedule-kind-cron');
    expect(await page.isVisible('#f-schedule-cron')).toBe(true);
    expect(await page.isVisible('#f-schedule-every')).toBe(false);
    await page.check('#f-schedule-kind-times');
    expect(await page.isVisible('#f-schedule-times')).toBe(true);
    expect(await page.isVisible('#f-schedule-cron')).toBe(false);
    await page.fill('#f-schedule-times', '07:00，11:00，17:00');
    await page.fill('#f-grace', '5秒');
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/checkpoints/${gate(4)}?saved=1`), page.click('#s-form button[type=submit]')]);
    const saved = await admin(`/checkpoints/${gate(4)}`);
    expect(saved).toMatchObject({ schedule: { cron: '0 7,11,17 * * *' }, grace: 'PT5S' });
    expect(await page.inputValue('#f-schedule-times')).toBe('07:00、11:00、17:00');
    expect(await page.inputValue('#f-grace')).toBe('5秒');
    expect(await page.isVisible('#f-schedule-cron')).toBe(false);
    await expectAccessible(page, 'the schedule as times of day');
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
    expect(await page.textContent('#s-escalation .policy')).toContain('45分钟后 → 社区书记');
    await shoot(page, 'console');
  });

  it('pauses a checkpoint with a reason, and the board shows it paused with it', async () => {
    await page.goto(`${stack.apiUrl}/admin/checkpoints/${gate(8)}`);
    await page.fill('#f-pausedReason', '小区解封，卡点撤除');
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/checkpoints/${gate(8)}?saved=paused`), page.click('form[action$="/active"] button')]);
    expect(await page.textContent('main .card .chip')).toContain('暂停');
    expect(await page.textContent('#paused-reason')).toContain('小区解封，卡点撤除');
    await page.goto(`${stack.apiUrl}/admin/communities/yuyue`);
    expect(await page.locator('tr', { has: page.locator(`a[href="/admin/checkpoints/${gate(8)}"]`) }).textContent()).toContain('小区解封，卡点撤除');
    await page.goto(`${stack.apiUrl}/board`);
    const row = page.locator(`tr#cp-${gate(8)}`);
    expect(await row.locator('.chip').getAttribute('data-status')).toBe('paused');
    expect(await row.textContent()).toContain('小区解封，卡点撤除');
  });

  it('lists the pause on the audit trail page, newest first, with its actor and the field it changed', async () => {
    await page.goto(`${stack.apiUrl}/admin/audit`);
    const newest = page.locator('#audit-entries tbody tr').first();
    expect(await newest.getAttribute('data-action')).toBe('checkpoint.replaced');
    expect(await newest.textContent()).toContain('yuyue社区书记');
    expect(await newest.locator(`a[href="/admin/checkpoints/${gate(8)}"]`).count()).toBe(1);
    expect(await newest.locator('td[data-label="改动的项目"]').textContent()).toContain('暂停/恢复');
    // The import's own entry, with its counts, further down; the operator sees its community only.
    expect(await page.locator('#audit-entries tr[data-action="checkpoints.imported"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#audit-entries a[href^="/admin/communities/"]:not([href="/admin/communities/yuyue"])').count()).toBe(0);
    await expectAccessible(page, 'the audit trail');
    await page.screenshot({ path: `${SHOTS}/console-audit.png`, fullPage: true });
  });

  it('creates a checkpoint from the console: a taken id refused at its field, then its gate sheet offered and the board showing it', async () => {
    await page.goto(`${stack.apiUrl}/admin/communities/yuyue`);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/communities/yuyue/new-checkpoint`), page.click('a[href="/admin/communities/yuyue/new-checkpoint"]')]);
    await expectAccessible(page, 'the new checkpoint');
    await page.fill('#f-checkpointId', gate(7));
    await page.fill('#f-name', '西门新卡点');
    await page.fill('#f-contacts-0-name', '西门组长');
    await page.fill('#f-contacts-0-mobile', '13800139051');
    await Promise.all([page.waitForLoadState('load'), page.click('#s-form button[type=submit]')]);
    expect(await page.getAttribute('#f-checkpointId', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#e-f-checkpointId')).toContain('此编号已被占用');
    expect(await page.inputValue('#f-name')).toBe('西门新卡点');
    expect((await admin(`/checkpoints/${gate(7)}`)).name).not.toBe('西门新卡点');

    await page.fill('#f-checkpointId', 'yuyue-west');
    await Promise.all([page.waitForURL(`${stack.apiUrl}/admin/checkpoints/yuyue-west?saved=created`), page.click('#s-form button[type=submit]')]);
    expect(await page.textContent('main h1')).toContain('西门新卡点');
    await Promise.all([page.waitForURL(/\/sheet\?checkpointId=yuyue-west$/), page.click('main .flash a[href$="/sheet?checkpointId=yuyue-west"]')]);
    expect(await page.locator('.card svg').count()).toBe(1);
    await page.goto(`${stack.apiUrl}/board`);
    expect(await page.textContent('tr#cp-yuyue-west')).toContain('西门新卡点');
  });

  it('lets the county admin issue a key (shown once, in no URL), which signs in, and revoke it, after which it opens nothing', async () => {
    const county = await browser.newContext(DESKTOP);
    const adminPage = await signIn(county, stack.adminKey);
    await Promise.all([adminPage.waitForURL(`${stack.apiUrl}/admin/operator-keys`), adminPage.click('nav a[href="/admin/operator-keys"]')]);
    expect(await adminPage.locator('#operator-keys tbody tr').count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(adminPage, 'the operator keys');
    await adminPage.fill('#f-name', '鱼岳社区副书记');
    await adminPage.check('input[name=communityIds][value=yuyue]');
    const [answer] = await Promise.all([adminPage.waitForResponse((r) => r.request().method() === 'POST'), adminPage.click('#s-issue button[type=submit]')]);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('no-store');
    const key = (await adminPage.textContent('#new-key-value'))!.trim();
    expect(key).toMatch(/^op_[0-9a-f]{16}_/);
    expect(adminPage.url()).toBe(`${stack.apiUrl}/admin/operator-keys`);
    const keyId = key.slice(3, 19);
    expect(await adminPage.locator(`tr[data-key-id="${keyId}"]`).textContent()).toContain('县管理员');
    await expectAccessible(adminPage, 'a key issued');
    await adminPage.screenshot({ path: `${SHOTS}/console-operator-keys.png`, fullPage: true });
    // A reload of that page sends the form again: no second key, and the page says which one to revoke.
    const [again] = await Promise.all([adminPage.waitForResponse((r) => r.request().method() === 'POST'), adminPage.reload()]);
    expect(again.status()).toBe(409);
    expect(await adminPage.textContent('main')).toContain(`撤销 ${keyId}`);
    expect(await adminPage.locator('#new-key-value').count()).toBe(0);
    expect(await adminPage.locator('#operator-keys tbody tr', { hasText: '鱼岳社区副书记' }).count()).toBe(1);
    await expectAccessible(adminPage, 'a key form sent twice');

    const holderContext = await browser.newContext(DESKTOP);
    const holder = await signIn(holderContext, key);
    expect(await holder.textContent('.who')).toContain('鱼岳社区副书记');

    await Promise.all([adminPage.waitForURL(`${stack.apiUrl}/admin/operator-keys?saved=revoked`), adminPage.click(`tr[data-key-id="${keyId}"] button`)]);
    expect(await adminPage.locator(`tr[data-key-id="${keyId}"]`).count()).toBe(0);
    // The holder's pass opens nothing from the next request on, and the key signs in no more.
    await holder.goto(`${stack.apiUrl}/admin/communities/yuyue`);
    expect(await holder.locator('form[action="/admin/sign-in"]').count()).toBe(1);
    await holder.fill('#key', key);
    const [refused] = await Promise.all([holder.waitForResponse((r) => r.url().endsWith('/admin/sign-in')), holder.click('button[type=submit]')]);
    expect(refused.status()).toBe(401);
    await holderContext.close();
    await county.close();
  });

  it('refuses an operator the keys page and creating a community, with 403', async () => {
    expect(await page.locator('nav a[href="/admin/operator-keys"]').count()).toBe(0);
    for (const path of ['/admin/operator-keys', '/admin/new-community']) {
      const response = await page.goto(`${stack.apiUrl}${path}`);
      expect(response!.status(), path).toBe(403);
    }
    // A form posted with the operator's own pass and CSRF token, from the console's own origin: still 403.
    await page.goto(`${stack.apiUrl}/admin`);
    const csrf = await page.getAttribute('input[name=csrf]', 'value');
    const posted = await page.evaluate(
      async (body) => (await fetch('/admin/communities', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).status,
      new URLSearchParams({ csrf: csrf!, communityId: 'yuyue-new', name: '冒名社区', 'escalation.mode': 'inherit' }).toString(),
    );
    expect(posted).toBe(403);
    expect((await admin('/communities?limit=1000')).items.map((c: { communityId: string }) => c.communityId)).not.toContain('yuyue-new');
  });

  it('passes axe-core on every console page at phone width, with nothing wider than the phone', async () => {
    const phone = await browser.newContext({ ...PHONE, bypassCSP: true });
    const operatorPage = await phone.newPage();
    await phone.addCookies(await operator.cookies());
    const county = await browser.newContext({ ...PHONE, bypassCSP: true });
    const countyPage = await signIn(county, stack.adminKey);
    const pages: [Page, string][] = [
      [operatorPage, '/admin'],
      [operatorPage, '/admin/communities/yuyue'],
      [operatorPage, `/admin/checkpoints/${gate(7)}`],
      [operatorPage, `/admin/checkpoints/${gate(8)}`],
      [operatorPage, '/admin/communities/yuyue/sheet?checkpointId=yuyue-west'],
      [operatorPage, '/admin/communities/yuyue/new-checkpoint'],
      [operatorPage, '/admin/escalations'],
      [operatorPage, '/admin/import'],
      [operatorPage, '/admin/audit'],
      [operatorPage, '/admin/audit?from=yesterday'],
      [countyPage, '/admin'],
      [countyPage, '/admin/audit'],
      [countyPage, '/admin/operator-keys'],
      [countyPage, '/admin/new-community'],
      [countyPage, '/admin/communities/yuyue?lang=en'],
      [countyPage, '/admin/audit?lang=en'],
      [countyPage, '/admin/operator-keys'],
    ];
    for (const [shown, path] of pages) {
      await shown.goto(`${stack.apiUrl}${path}`);
      await expectAccessible(shown, `${path} at 360 px`);
      // The gate sheet is an A4 card to print, wider than a phone by design.
      if (!path.includes('/sheet')) expect(await shown.evaluate(() => document.documentElement.scrollWidth), `${path} at 360 px`).toBeLessThanOrEqual(360);
    }
    // The answer to a new community refused at its fields, and a key issued, at 360 px too.
    await countyPage.goto(`${stack.apiUrl}/admin/new-community`);
    await countyPage.fill('#f-communityId', 'yuyue');
    await countyPage.fill('#f-name', '重名社区');
    await Promise.all([countyPage.waitForLoadState('load'), countyPage.click('#s-form button[type=submit]')]);
    // In English now: the pages above switched the language, and it is remembered.
    expect(await countyPage.textContent('#e-f-communityId')).toContain('exists already');
    expect((await admin('/communities?limit=1000')).items.find((c: { communityId: string }) => c.communityId === 'yuyue').name).not.toBe('重名社区');
    await expectAccessible(countyPage, 'a refused new community at 360 px');
    await countyPage.goto(`${stack.apiUrl}/admin/operator-keys`);
    await countyPage.fill('#f-name', '手机签发');
    await countyPage.check('input[name=communityIds][value=nanmen]');
    await Promise.all([countyPage.waitForLoadState('load'), countyPage.click('#s-issue button[type=submit]')]);
    expect(await countyPage.locator('#new-key-value').count()).toBe(1);
    await expectAccessible(countyPage, 'a key issued at 360 px');
    expect(await countyPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await countyPage.screenshot({ path: `${SHOTS}/console-operator-keys-phone.png`, fullPage: true });
    await phone.close();
    await county.close();
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
