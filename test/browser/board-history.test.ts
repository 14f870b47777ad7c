/// <reference lib="dom" />
/**
 * The board's history at a glance in Debian's Chromium at phone width: each checkpoint's strip of
 * today's slots and each community's 14-day chart, drawn by the server (no chart script), with their
 * words for screen readers and no serious or critical axe-core finding. The county's past is written
 * into the local stack's DynamoDB as ingest leaves it — checkpoints registered two weeks ago, a day
 * counters item per day — since no request can post a reading in the past.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addLocalDays, localDateOf, localDayBounds } from '../../functions/domain/time';
import { TABLE_NAME } from '../../local/stack';
import { freePort } from '../../local/ports';
import { browserTestsRun, launchBrowser, PHONE, seriousViolations } from '../helpers/browser';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

const SHOTS = 'test-results/screenshots';
const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
let stack: StartedStack;
let browser: Browser;
let db: DynamoDBDocumentClient;

const admin = async (path: string, init: RequestInit = {}): Promise<any> =>
  (await fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...init.headers } })).json();

/** The gates of one community: a PT2H gate, an hourly one, and a PT2H one closed every night. */
const GATES = [
  { id: 'hx-east', name: '东门卡点', schedule: { every: 'PT2H' } },
  { id: 'hx-south', name: '南门卡点', schedule: { every: 'PT1H' } },
  { id: 'hx-north', name: '北门卡点', schedule: { every: 'PT2H' }, closures: [{ daily: { from: '22:00', to: '06:00' } }] },
] as const;

/** Slot starts of a day for an `every` schedule, epoch ms. */
const startsOf = (date: string, everyMs: number) => {
  const { start, end } = localDayBounds(date, ZONE);
  return Array.from({ length: Math.ceil((end.getTime() - start.getTime()) / everyMs) }, (_, k) => start.getTime() + k * everyMs);
};

/** A day's counters as ingest writes them (slot starts as a string set, as readings.ts adds them). */
const putDay = async (checkpointId: string, date: string, onTime: number[], late: number[]) => {
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        pk: `CHECKPOINT#${checkpointId}`,
        sk: `DAY#${date}`,
        checkpointId,
        communityId: 'hx',
        date,
        readings: onTime.length + late.length,
        screened: 40 * (onTime.length + late.length),
        entries: 0,
        exits: 0,
        feverCount: 0,
        ...(onTime.length > 0 && { onTimeSlots: new Set(onTime.map(String)) }),
        ...(late.length > 0 && { lateSlots: new Set(late.map(String)) }),
      },
    }),
  );
};

describe.skipIf(!browserTestsRun)("the board's history at a glance, in a real browser", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dynamoPort = await freePort();
    stack = await startStackProcess(['--memory', '--no-seed'], { DYNAMODB_PORT: String(dynamoPort) });
    browser = await launchBrowser();
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: `http://127.0.0.1:${dynamoPort}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

    await admin('/communities/hx', { method: 'PUT', body: JSON.stringify({ name: '鱼岳社区', timezone: ZONE, contacts: [{ name: '书记', email: 'secretary.hx@example.org', role: 'secretary' }] }) });
    const tokens = new Map<string, string>();
    for (const gate of GATES) {
      const { id, ...rest } = gate;
      const created = await admin(`/checkpoints/${id}`, {
        method: 'PUT',
        body: JSON.stringify({ ...rest, communityId: 'hx', grace: 'PT15M', contacts: [{ name: '组长', email: `leader.${id}@example.org`, role: 'leader' }] }),
      });
      tokens.set(id, created.formToken);
    }
    // Registered two weeks ago; thirteen days of counters, a few slots late or missed, one bad day.
    // Seeding and the page fall on one local day: a test begun just before Shanghai's midnight waits for it.
    const untilMidnight = localDayBounds(localDateOf(new Date(), ZONE), ZONE).end.getTime() - Date.now();
    if (untilMidnight < 3 * 60_000) await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1_000));
    const now = Date.now();
    const today = localDateOf(new Date(now), ZONE);
    const registered = new Date(localDayBounds(addLocalDays(today, -14), ZONE).start.getTime()).toISOString();
    for (const gate of GATES) {
      await db.send(new UpdateCommand({ TableName: TABLE_NAME, Key: { pk: `CHECKPOINT#${gate.id}`, sk: 'CHECKPOINT' }, UpdateExpression: 'SET createdAt = :at, activeSince = :at', ExpressionAttributeValues: { ':at': registered } }));
      const everyMs = gate.schedule.every === 'PT1H' ? HOUR : 2 * HOUR;
      for (let back = 13; back >= 0; back -= 1) {
        const date = addLocalDays(today, -back);
        const starts = startsOf(date, everyMs).filter((start) => start + everyMs <= now - HOUR && (!('closures' in gate) || (start >= localDayBounds(date, ZONE).start.getTime() + 6 * HOUR && start < localDayBounds(date, ZONE).start.getTime() + 22 * HOUR)));
        const bad = back === 9 && gate.id === 'hx-south';
        const late = starts.filter((_, k) => (k * 7 + back) % 11 === 3);
        const onTime = starts.filter((start, k) => !late.includes(start) && (bad ? k % 2 === 1 : (k * 5 + back) % 13 !== 4));
        await putDay(gate.id, date, onTime, late);
      }
    }
    // And a reading now at two of them, through the API.
    for (const id of ['hx-east', 'hx-north']) {
      const posted = await fetch(`${stack.apiUrl}/checkpoints/${id}/readings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.get(id)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: randomUUID(), officer: '张三', screened: 40, entries: 20, exits: 18, feverCount: 0, staffOnDuty: 5 }),
      });
      expect(posted.status).toBe(201);
    }
  }, 330_000);

  afterAll(async () => {
    db?.destroy();
    await browser?.close();
    await stack?.stop();
  });

  it("shows each checkpoint's slots today and the community's 14 days at phone width, with nothing serious for axe-core", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await page.goto(`${stack.apiUrl}/board`);
    await page.fill('#key', stack.adminKey);
    await Promise.all([page.waitForURL(/\/board$/), page.click('button[type=submit]')]);

    for (const gate of GATES) {
      const strip = page.locator(`ol.strip[aria-labelledby="s-${gate.id}"]`);
      await expect.poll(() => strip.isVisible()).toBe(true);
      const summary = await page.textContent(`#s-${gate.id}`);
      expect(summary).toMatch(new RegExp(`今日 ${gate.schedule.every === 'PT1H' ? 24 : 12} 个时段`));
      // Every cell run has its words: a time span and what it holds.
      const words = await strip.locator('li .vh').allTextContents();
      expect(words.length).toBeGreaterThan(0);
      for (const text of words) expect(text).toMatch(/^\d\d:\d\d–\d\d:\d\d (准时|迟报|漏报|未到截止|暂停|闭卡|登记前) /);
      const box = (await strip.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(360);
      expect(box.height).toBeGreaterThan(10);
    }
    expect(await page.textContent('#s-hx-north')).toMatch(/闭卡 \d/);

    const chart = page.locator('figure.chart svg[role="img"]');
    expect(await chart.count()).toBe(1);
    expect(await page.textContent('#h-hx-t')).toContain('近14天完整率与及时率');
    expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(360);
    // The bars are drawn: fourteen of them on time, in one path (today's too: the readings just posted are on time,
    // even in the first hours of the day, when no slot of today is seeded).
    expect((await page.getAttribute('figure.chart path.on-time', 'd'))!.match(/M/g)).toHaveLength(14);
    await page.click('figure.chart + details summary');
    const rows = page.locator('table.days tbody tr');
    expect(await rows.count()).toBe(14);
    expect(await rows.last().textContent()).toContain('今日');
    // No horizontal scrolling at 360 px, and no script but the page's own refresh.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(scripts).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.screenshot({ path: `${SHOTS}/board-history.png`, fullPage: true });
    // The copy in docs/screenshots is refreshed only when asked: a test run leaves the work tree as it found it.
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(`${SHOTS}/board-history.png`, 'docs/screenshots/board-history.png');
    await context.close();
  }, 90_000);
});
