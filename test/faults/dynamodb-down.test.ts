/// <reference lib="dom" />
/**
 * DynamoDB Local stopped in the middle of a run, then started again on its data: the API answers 503
 * with Retry-After (no stack, no 500), the form keeps the reading in its queue, and once DynamoDB is
 * back the reading is stored exactly once. The real emulator (its own process, on disk), the real
 * handlers behind the local gateway, and Debian's Chromium for the form.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamo, type RunningDynamo } from '../../local/dynamodb';
import { startGateway } from '../../local/gateway';
import { freePort } from '../../local/ports';
import { browserTestsRun, launchBrowser } from '../helpers/browser';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

let dynamo: RunningDynamo | undefined;
let dynamoPort: number;
let dataDir: string;
let gateway: Awaited<ReturnType<typeof startGateway>>;

const startOurDynamo = async () => {
  dynamo = await startDynamo({ port: dynamoPort, dataDir });
};
const stopOurDynamo = async () => {
  await dynamo?.stop();
  dynamo = undefined;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cw-fault-dynamo-'));
  dynamoPort = await freePort();
  await startOurDynamo();
  await useFreshTable({ dynamo: dynamo!.endpoint });
  gateway = await startGateway({ port: await freePort() });
  await registerCommunity();
});

afterAll(async () => {
  await gateway?.close();
  await stopOurDynamo();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (checkpointId: string, token: string, body: unknown) =>
  fetch(`${gateway.url}/checkpoints/${checkpointId}/readings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const readingsOf = async (checkpointId: string) => {
  const answer = await fetch(`${gateway.url}/checkpoints/${checkpointId}/readings`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return ((await answer.json()) as { items: { submissionId: string; officer: string }[] }).items;
};
const reading = (officer = '张三') => ({ submissionId: randomUUID(), officer, screened: 12, entries: 7, exits: 5, feverCount: 0 });

describe('DynamoDB stopped mid-run', () => {
  it('answers 503 with Retry-After while it is down, and stores the reading once when it is back', async () => {
    const { token } = await registerCheckpoint('gate-db-down');
    const body = reading();
    await stopOurDynamo();
    try {
      const refused = await post('gate-db-down', token, body);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      const text = await refused.text();
      expect(JSON.parse(text).error.code).toBe('unavailable');
      // No error's name or stack frame ("at handler (file.ts:1:2)"); the message's own words may say "what ... (".
      expect(text).not.toMatch(/ECONNREFUSED|\.ts:\d|\bat [\w.<>$]+ \(/);
    } finally {
      await startOurDynamo();
    }
    expect((await post('gate-db-down', token, body)).status).toBe(201);
    expect((await post('gate-db-down', token, body)).status).toBe(200);
    expect((await readingsOf('gate-db-down')).map((r) => r.submissionId)).toEqual([body.submissionId]);
  }, 60_000);

  it.skipIf(!browserTestsRun)('keeps the reading in the form\'s queue while DynamoDB is down and sends it once when it is back', async () => {
    const { token } = await registerCheckpoint('gate-db-form');
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
      await page.goto(`${gateway.url}/f/gate-db-form#token=${encodeURIComponent(token)}`);
      await page.waitForSelector('#reading');
      await stopOurDynamo();
      let restarted = false;
      try {
        await page.fill('#f-officer', '王五');
        await page.fill('#f-screened', '12');
        await page.fill('#f-entries', '7');
        await page.fill('#f-exits', '5');
        await page.fill('#f-feverCount', '0');
        const refused = page.waitForResponse((response) => response.request().method() === 'POST' && response.status() === 503);
        await page.click('button[type=submit]');
        await refused;
        expect(await page.textContent('#waiting-count')).toBe('1');
        expect(await page.evaluate(() => Object.keys(localStorage).some((key) => key.startsWith('cw:queue:') && localStorage.getItem(key)!.includes('王五')))).toBe(true);
        await startOurDynamo();
        restarted = true;
      } finally {
        if (!restarted) await startOurDynamo();
      }
      // The form retries on its own (backoff from 2 s); nothing is clicked again.
      await page.waitForFunction(() => document.getElementById('waiting')?.hidden === true, undefined, { timeout: 30_000 });
      expect((await readingsOf('gate-db-form')).map((r) => r.officer)).toEqual(['王五']);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
