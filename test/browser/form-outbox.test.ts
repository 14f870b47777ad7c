/// <reference lib="dom" />
/**
 * The form keeps every reading it has not delivered, whatever the server answers: Debian's Chromium at
 * 360 px against the local stack `npm start` runs. The answers are the server's own (a real rate limit,
 * a real rotated token, a real 400 and a real 409); only the burst's 503s are injected, in the shape
 * the server gives them, because nothing in the stack makes it busy on demand. Service workers are
 * blocked in these phones so that every request of the page is the page's own (and visible to
 * page.route); the service worker's offline path has its own test in form-and-board.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, fillReading, launchBrowser, PHONE, seriousViolations } from '../helpers/browser';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

const SHOTS = 'test-results/screenshots';
const ZONE = 'Asia/Shanghai';
let stack: StartedStack;
let browser: Browser;

const admin = async (path: string, init: RequestInit = {}): Promise<any> =>
  (await fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...init.headers } })).json();

interface Stored { officer: string; submissionId: string; screened: number; maxTempC?: number; receivedAt: string }
const readingsOf = async (checkpointId: string) => (await admin(`/checkpoints/${checkpointId}/readings?limit=1000`)).items as Stored[];

const newCheckpoint = async (checkpointId: string) => {
  const created = await admin(`/checkpoints/${checkpointId}`, {
    method: 'PUT',
    body: JSON.stringify({ name: `${checkpointId} 卡点`, communityId: 'yuyue', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: `leader.${checkpointId}@example.org`, role: 'leader' }] }),
  });
  return { url: onStack(created.formUrl), token: created.formToken as string };
};

/** A form link on the stack under test: its path and fragment, whatever base URL the API put in front. */
const onStack = (formUrl: string) => {
  const link = new URL(formUrl);
  return `${stack.apiUrl}${link.pathname}${link.hash}`;
};

/** A post straight to the API, as another phone of the same checkpoint would make it. */
const postReading = (checkpointId: string, token: string, body: object) =>
  fetch(`${stack.apiUrl}/checkpoints/${checkpointId}/readings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ submissionId: randomUUID(), officer: '别的手机', screened: 1, entries: 1, exits: 0, feverCount: 0, ...body }),
  });

/** How the form writes a receipt time: month, day, hour and minute in the checkpoint's zone. */
const clockOf = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: ZONE }).format(new Date(iso)).replace(/\//g, '-');

const isReadingPost = (request: Request) => request.method() === 'POST' && /\/checkpoints\/[^/]+\/readings$/.test(new URL(request.url()).pathname);

const phone = (): Promise<BrowserContext> => browser.newContext({ ...PHONE, serviceWorkers: 'block' });

/** Opens a form link and waits until the page's script has run and the checkpoint's status is shown. */
const openForm = async (context: BrowserContext, url: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.body.classList.contains('js'));
  return page;
};

const send = async (page: Page, officer: string, figures: { screened?: string; maxTempC?: string } = {}) => {
  await fillReading(page, officer, figures);
  await page.click('button[type=submit]');
};

const outboxItems = (page: Page, kind: 'wait' | 'bad' | 'ok') => page.locator(`#outbox-list li.ob-${kind}`);
const waitingCount = (page: Page) => page.textContent('#waiting-count');

describe.skipIf(!browserTestsRun)('the form keeps every reading it has not delivered', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStackProcess(['--memory', '--no-seed', '--sweep-seconds', '0']);
    await admin('/communities/yuyue', {
      method: 'PUT',
      body: JSON.stringify({ name: '鱼岳社区', timezone: ZONE, contacts: [{ name: '书记', email: 'secretary.yuyue@example.org', role: 'secretary' }] }),
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('loses none of a burst sent from two phones while the server answers 503 busy, and stores each once', async () => {
    const { url } = await newCheckpoint('ob-burst');
    const busyFirst = 3;
    const phones = await Promise.all([phone(), phone()]);
    const attempts: { at: number; busy: boolean }[][] = [[], []];
    const pages = await Promise.all(phones.map((context) => openForm(context, url)));
    await Promise.all(
      pages.map((page, p) =>
        page.route('**/checkpoints/*/readings', async (route) => {
          if (route.request().method() !== 'POST') return route.continue();
          const busy = attempts[p]!.length < busyFirst;
          attempts[p]!.push({ at: Date.now(), busy });
          if (!busy) return route.continue();
          // What the API answers when DynamoDB cannot take the write (functions/runtime/errors.ts).
          return route.fulfill({
            status: 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2', 'cache-control': 'no-store' },
            body: JSON.stringify({ error: { code: 'unavailable', message: 'the service is briefly unavailable, and what you sent may have been stored: send it again unchanged (a reading with the same submissionId)', requestId: randomUUID() } }),
          });
        }),
      ),
    );
    const officers = (p: number) => Array.from({ length: 6 }, (_, i) => `机${p + 1}-${i + 1}`);
    await Promise.all(pages.map(async (page, p) => {
      for (const officer of officers(p)) await send(page, officer);
    }));
    // While the server is busy every reading is on the phone, listed as waiting with the reason.
    for (const page of pages) await page.waitForFunction(() => (document.getElementById('outbox-list')?.textContent ?? '').includes('服务器繁忙'));

    for (const page of pages) await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true, undefined, { timeout: 60_000 });
    const stored = await readingsOf('ob-burst');
    expect(stored.map((r) => r.officer).sort()).toEqual([...officers(0), ...officers(1)].sort());
    expect(new Set(stored.map((r) => r.submissionId)).size).toBe(12);
    for (const tries of attempts) {
      expect(tries.filter((t) => t.busy)).toHaveLength(busyFirst);
      // Retry-After: 2 is honoured: no attempt comes back sooner than two seconds after a busy answer.
      tries.forEach((t, i) => t.busy && i + 1 < tries.length && expect(tries[i + 1]!.at - t.at).toBeGreaterThanOrEqual(1950));
    }
    for (const page of pages) expect(await outboxItems(page, 'bad').count()).toBe(0);
    await Promise.all(phones.map((context) => context.close()));
  }, 90_000);

  it('waits out a real 429 for as long as its Retry-After says, then sends the reading once', async () => {
    const { url, token } = await newCheckpoint('ob-limit');
    const context = await phone();
    const page = await openForm(context, url);
    // Other phones use up the checkpoint's readings for this minute, with enough of the minute left to see the wait.
    let retryAfter = 0;
    while (retryAfter < 5) {
      if (retryAfter > 0) await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 300));
      for (let i = 0; i < 200; i += 1) {
        const answer = await postReading('ob-limit', token, {});
        if (answer.status === 429) {
          retryAfter = Number(answer.headers.get('retry-after'));
          break;
        }
        expect(answer.status).toBe(201);
      }
    }
    const before = (await readingsOf('ob-limit')).length;
    const posts: { at: number; request: Request }[] = [];
    page.on('request', (request) => isReadingPost(request) && posts.push({ at: Date.now(), request }));
    const limited = page.waitForResponse((response) => isReadingPost(response.request()) && response.status() === 429);
    await send(page, '限流');
    const refusal = await limited;
    const refusedAt = Date.now();
    const wait = Number(await refusal.headerValue('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(await waitingCount(page)).toBe('1');
    await page.waitForFunction(() => (document.getElementById('outbox-list')?.textContent ?? '').includes('限流'));

    const accepted = await page.waitForResponse((response) => isReadingPost(response.request()) && response.status() === 201, { timeout: (wait + 20) * 1000 });
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - refusedAt).toBeGreaterThanOrEqual(wait * 1000 - 100);
    expect(accepted.request()).toBe(posts[1]!.request);
    await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true);
    const stored = await readingsOf('ob-limit');
    expect(stored).toHaveLength(before + 1);
    expect(stored.filter((r) => r.officer === '限流')).toHaveLength(1);
    await context.close();
  }, 120_000);

  it('keeps the queue when the token was rotated, says the gate sheet has a new code, and sends it from the new link', async () => {
    const { url } = await newCheckpoint('ob-rotate');
    const context = await phone();
    let page = await openForm(context, url);
    await page.waitForFunction(() => document.getElementById('cp-name')?.textContent === 'ob-rotate 卡点');
    const rotated = onStack((await admin('/checkpoints/ob-rotate/rotate-token', { method: 'POST' })).formUrl);
    expect(rotated).not.toBe(url);

    const posts: string[] = [];
    page.on('request', (request) => isReadingPost(request) && posts.push(request.url()));
    const refused = page.waitForResponse((response) => isReadingPost(response.request()) && response.status() === 401);
    await send(page, '旧码一');
    await refused;
    await page.waitForSelector('#new-code:not([hidden])');
    expect(await page.textContent('#new-code')).toContain('卡点二维码已更换');
    await send(page, '旧码二');
    expect(await waitingCount(page)).toBe('2');
    await page.waitForTimeout(1500);
    expect(posts).toHaveLength(1); // the refused token is not tried again for the second reading
    expect(await outboxItems(page, 'wait').allTextContents()).toEqual([expect.stringContaining('旧码一'), expect.stringContaining('旧码二')]);
    expect(await readingsOf('ob-rotate')).toEqual([]);
    await page.close();

    // The phone scans the new gate sheet: a fresh page with the new token sends what was kept.
    page = await openForm(context, rotated);
    await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true, undefined, { timeout: 20_000 });
    expect(await page.isHidden('#new-code')).toBe(true);
    expect((await readingsOf('ob-rotate')).map((r) => r.officer).sort()).toEqual(['旧码一', '旧码二']);
    expect(await outboxItems(page, 'ok').count()).toBe(2);

    // Rotated again while this page stays open: the new link opened in the same tab (only its fragment changes).
    const again = onStack((await admin('/checkpoints/ob-rotate/rotate-token', { method: 'POST' })).formUrl);
    await send(page, '旧码三');
    await page.waitForSelector('#new-code:not([hidden])');
    await page.goto(again);
    await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true, undefined, { timeout: 20_000 });
    expect((await readingsOf('ob-rotate')).map((r) => r.officer).sort()).toEqual(['旧码一', '旧码三', '旧码二']);
    await context.close();
  }, 60_000);

  it('puts a reading the server refuses with 400 back into the fields, the error at its field', async () => {
    const { url } = await newCheckpoint('ob-invalid');
    const context = await phone();
    // A page kept from before the server tightened a rule: its copy of the schema still allows 45 °C.
    let loosened = false;
    await context.route((u) => u.pathname === '/f/ob-invalid', async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const old = html.replace(/(<script type="application\/json" id="cw-config">)(.*?)(<\/script>)/, (_, open: string, json: string, close: string) => {
        const config = JSON.parse(json);
        loosened = config.schema.properties.maxTempC.maximum === 43;
        delete config.schema.properties.maxTempC.maximum;
        return open + JSON.stringify(config).replace(/</g, '\\u003c') + close;
      });
      await route.fulfill({ response, body: old });
    });
    const page = await openForm(context, url);
    expect(loosened).toBe(true);
    const refused = page.waitForResponse((response) => isReadingPost(response.request()) && response.status() === 400);
    await send(page, '赵六', { screened: '31', maxTempC: '45' });
    // A fever's temperature with nobody counted with fever is only unlikely (the reading rules): the
    // first press marks it, the second sends it.
    await page.click('button[type=submit]');
    const answer = await (await refused).json();
    expect(answer.error.issues.map((i: { path: string }) => i.path)).toEqual(['maxTempC']);

    await page.waitForFunction(() => document.getElementById('err-maxTempC')?.textContent !== '');
    expect(await page.inputValue('#f-officer')).toBe('赵六');
    expect(await page.inputValue('#f-screened')).toBe('31');
    expect(await page.inputValue('#f-maxTempC')).toBe('45');
    expect(await page.textContent('#err-maxTempC')).toContain('43');
    expect(await page.getAttribute('#f-maxTempC', 'aria-invalid')).toBe('true');
    expect(await outboxItems(page, 'bad').textContent()).toContain('赵六');
    expect(await readingsOf('ob-invalid')).toEqual([]);

    await page.fill('#f-maxTempC', '38.5');
    await page.click('button[type=submit]');
    await page.click('button[type=submit]');
    await page.waitForSelector('#result.ok');
    expect(await outboxItems(page, 'bad').count()).toBe(0);
    expect((await readingsOf('ob-invalid')).map((r) => [r.officer, r.screened, r.maxTempC])).toEqual([['赵六', 31, 38.5]]);
    await context.close();
  });

  it('says at feverCount that 9 fevers among 5 screened cannot be and sends nothing; sends unlikely figures on a second press', async () => {
    const { url } = await newCheckpoint('ob-rules');
    const context = await phone();
    const page = await openForm(context, url);
    let posted = 0;
    page.on('request', (request) => { if (isReadingPost(request)) posted += 1; });
    await page.fill('#f-officer', '钱七');
    await page.fill('#f-screened', '5');
    await page.fill('#f-entries', '2');
    await page.fill('#f-exits', '3');
    await page.fill('#f-feverCount', '9');
    await page.click('button[type=submit]');
    expect(await page.textContent('#err-feverCount')).toBe('发热人数不能多于检测人数');
    expect(await page.getAttribute('#f-feverCount', 'aria-invalid')).toBe('true');

    await page.fill('#f-feverCount', '0');
    await page.fill('#f-entries', '4');
    await page.click('button[type=submit]');
    expect(await page.textContent('#err-screened')).toContain('进出人数之和多于检测人数');
    expect(await page.getAttribute('#err-screened', 'class')).toContain('warn');
    expect(posted).toBe(0);
    expect(await readingsOf('ob-rules')).toEqual([]);
    await page.click('button[type=submit]');
    await page.waitForSelector('#result.ok');
    expect((await readingsOf('ob-rules')).map((r) => [r.officer, r.screened])).toEqual([['钱七', 5]]);
    await context.close();
  });

  it('shows a 409 as refused with the reason, keeps its figures, and lets it be sent again as a new reading', async () => {
    const { url, token } = await newCheckpoint('ob-conflict');
    const taken = randomUUID();
    expect((await postReading('ob-conflict', token, { submissionId: taken, officer: '先到者', screened: 99 })).status).toBe(201);
    const context = await phone();
    // The form's next submission id is one another reading already used.
    await context.addInitScript((id) => {
      const own = crypto.randomUUID.bind(crypto);
      let first = true;
      crypto.randomUUID = () => (first ? ((first = false), id as ReturnType<Crypto['randomUUID']>) : own());
    }, taken);
    const page = await openForm(context, url);
    const posts: string[] = [];
    page.on('request', (request) => isReadingPost(request) && posts.push(request.url()));
    const refused = page.waitForResponse((response) => isReadingPost(response.request()) && response.status() === 409);
    await send(page, '李四', { screened: '12' });
    expect((await (await refused).json()).error.code).toBe('conflict');

    const item = outboxItems(page, 'bad');
    await item.waitFor();
    const text = await item.textContent();
    expect(text).toContain('未被接受');
    expect(text).toContain('此编号已用于另一条上报');
    expect(text).toContain('李四');
    expect(text).toContain('检测人数 12');
    expect(await page.isHidden('#waiting')).toBe(true);
    await page.waitForTimeout(2500);
    expect(posts).toHaveLength(1); // final: not retried
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/form-outbox-refused.png`, fullPage: true });

    await item.locator('button', { hasText: '改后重新提交' }).click();
    expect(await page.inputValue('#f-officer')).toBe('李四');
    expect(await page.inputValue('#f-screened')).toBe('12');
    await page.click('button[type=submit]');
    await page.waitForSelector('#result.ok');
    expect(await outboxItems(page, 'bad').count()).toBe(0);
    expect((await readingsOf('ob-conflict')).map((r) => r.officer).sort()).toEqual(['先到者', '李四']);
    await context.close();
  });

  it('lists waiting and accepted readings with their receipt times in an outbox that survives closing the page', async () => {
    const { url } = await newCheckpoint('ob-list');
    const context = await phone();
    let page = await openForm(context, url);
    await send(page, '孙七');
    await page.waitForSelector('#result.ok');
    const [first] = await readingsOf('ob-list');
    // Now the network is gone (the request fails as it does on a phone with no signal).
    await page.route('**/checkpoints/*/readings', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await send(page, '周八', { screened: '20' });
    await page.waitForFunction(() => (document.getElementById('outbox-list')?.textContent ?? '').includes('无网络'));
    expect(await outboxItems(page, 'wait').textContent()).toContain('周八');
    const done = await outboxItems(page, 'ok').textContent();
    expect(done).toContain('已收到');
    expect(done).toContain('孙七');
    expect(done).toContain(clockOf(first!.receivedAt));
    await page.screenshot({ path: `${SHOTS}/form-outbox.png`, fullPage: true });
    // The copy in docs/screenshots is refreshed only when asked: a test run leaves the work tree as it found it.
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/form-outbox.png`, 'docs/screenshots/form-outbox.png');
    await page.click('#lang');
    expect(await page.textContent('#outbox h2')).toBe('Outbox');
    expect(await outboxItems(page, 'ok').textContent()).toContain('Received');
    await page.screenshot({ path: `${SHOTS}/form-outbox-en.png`, fullPage: true });
    await page.click('#lang');
    await page.close();

    // Opened again with the network back: the waiting one goes out, and both are listed as received.
    page = await openForm(context, url);
    await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true, undefined, { timeout: 20_000 });
    const stored = await readingsOf('ob-list');
    expect(stored.map((r) => r.officer).sort()).toEqual(['周八', '孙七']);
    const second = stored.find((r) => r.officer === '周八')!;
    expect(await outboxItems(page, 'ok').allTextContents()).toEqual([
      expect.stringContaining(clockOf(second.receivedAt)),
      expect.stringContaining(clockOf(first!.receivedAt)),
    ]);
    expect(await outboxItems(page, 'ok').first().textContent()).toContain('周八');
    await context.close();
  }, 60_000);

  it('asks the browser to keep its storage (navigator.storage.persist)', async () => {
    const { url } = await newCheckpoint('ob-persist');
    const context = await phone();
    await context.addInitScript(() => {
      const w = window as unknown as { persistAsked: number };
      w.persistAsked = 0;
      const own = navigator.storage.persist.bind(navigator.storage);
      navigator.storage.persist = () => ((w.persistAsked += 1), own());
    });
    const page = await openForm(context, url);
    await page.waitForFunction(() => (window as unknown as { persistAsked: number }).persistAsked > 0);
    await context.close();
  });
});
