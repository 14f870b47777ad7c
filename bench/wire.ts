/**
 * Bytes on the wire and Lighthouse (issue 14): the form page (its script is inline), its service worker
 * and a repeat of each, as brotli, gzip and plain, counted as they cross the local gateway (body and
 * header bytes); then Lighthouse with its mobile settings (the default: a mid-range phone, simulated
 * slow 4G) in Debian's Chromium against the same page. On a stack of its own, in memory.
 *
 * `npx tsx bench/wire.ts` prints it; `npm run bench` runs it last (`wireSection`) and adds it to
 * bench/results.json and bench/results.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type RunnerResult } from 'lighthouse';
import { freePort } from '../local/ports';
import { startLocalStack } from '../local/stack';

/** The budget of issue 14: page, script and service worker together, compressed. */
export const WIRE_BUDGET_BYTES = 10_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

type Coding = 'br' | 'gzip' | 'identity';
interface Transfer {
  status: number;
  bodyBytes: number;
  headerBytes: number;
  etag?: string;
}

/** One GET through the gateway, counted as HTTP/1.1 sends it: the status line and headers, then the body as it came. */
const transfer = (url: string, headers: Record<string, string>) =>
  new Promise<Transfer>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let bodyBytes = 0;
      res.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
      res.on('end', () => {
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
        resolve({ status: res.statusCode!, bodyBytes, headerBytes, ...(res.headers.etag && { etag: res.headers.etag }) });
      });
    });
    req.on('error', reject);
    req.end();
  });

export interface WireResults {
  /** By coding: the page, the worker, and the two together (bodies; with headers). */
  bytes: Record<Coding, { page: number; worker: number; total: number; totalWithHeaders: number }>;
  /** A repeat of both with If-None-Match: 304s, headers only. */
  repeat: { statuses: number[]; totalWithHeaders: number };
  lighthouse:
    | { scores: Record<string, number>; runs: Record<string, number>[]; findings: string[]; transferBytes: number; lighthouseVersion: string }
    | { skipped: string };
}

/** Lighthouse's own advice on a noisy machine: several runs, the median. */
const LIGHTHOUSE_RUNS = 3;

const lighthouseRun = async (formUrl: string): Promise<WireResults['lighthouse']> => {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install chromium)` };
  const userDataDir = mkdtempSync(join(tmpdir(), 'cw-lighthouse-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, userDataDir, logLevel: 'silent' });
  try {
    const runs: RunnerResult['lhr'][] = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i += 1) {
      // Lighthouse clears the origin's storage and caches before each run: every run is a first visit.
      const run = await lighthouse(formUrl, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      if (!run) throw new Error('lighthouse gave no result');
      if (run.lhr.runtimeError) throw new Error(`lighthouse: ${run.lhr.runtimeError.code} ${run.lhr.runtimeError.message}`);
      runs.push(run.lhr);
    }
    const scoresOf = (lhr: (typeof runs)[number]) => Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
    const byPerformance = [...runs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
    const lhr = byPerformance[Math.floor(byPerformance.length / 2)]!;
    // Every audit that counts toward a score and did not pass, in how many runs: the reasons for a score under 100.
    const failed = new Map<string, number>();
    for (const run of runs) {
      for (const id of CATEGORIES) {
        for (const ref of run.categories[id]?.auditRefs ?? []) {
          const audit = run.audits[ref.id];
          if (ref.weight === 0 || !audit || audit.score === null || audit.score >= 1) continue;
          const finding = `${id}: ${audit.title}`;
          failed.set(finding, (failed.get(finding) ?? 0) + 1);
        }
      }
    }
    const findings = [...failed].map(([finding, times]) => `${finding} (in ${times} of ${runs.length} runs)`);
    const requests = (lhr.audits['network-requests']?.details as { items?: { url: string; transferSize?: number }[] } | undefined)?.items ?? [];
    const transferBytes = requests.filter((item) => item.url.startsWith('http')).reduce((sum, item) => sum + (item.transferSize ?? 0), 0);
    return { scores: scoresOf(lhr), runs: runs.map(scoresOf), findings, transferBytes, lighthouseVersion: lhr.lighthouseVersion };
  } finally {
    chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
};

export const measureWire = async (): Promise<WireResults> => {
  const [port, dynamoPort, sesPort, sfnPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stateDir = mkdtempSync(join(tmpdir(), 'cw-wire-'));
  const stack = await startLocalStack({ port, dynamoPort, sesPort, sfnPort, sweepSeconds: 0, stateDir, seed: false, logLevel: 'SILENT', adminKey: 'wire-admin-key-0123456789' });
  try {
    const admin = async (path: string, body: unknown) => {
      const answer = await fetch(`${stack.apiUrl}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
      return (await answer.json()) as { formUrl: string };
    };
    await admin('/communities/wire', { name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: 'secretary@example.org', role: 'secretary' }] });
    const { formUrl } = await admin('/checkpoints/wire-gate', {
      name: '鱼岳镇 1 号卡点',
      communityId: 'wire',
      schedule: { every: 'PT2H' },
      grace: 'PT15M',
      contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }],
    });
    const page = `${stack.apiUrl}/f/wire-gate`;
    const worker = `${stack.apiUrl}/f/sw.js`;
    const bytes = {} as WireResults['bytes'];
    for (const coding of ['br', 'gzip', 'identity'] as const) {
      const headers: Record<string, string> = coding === 'identity' ? {} : { 'accept-encoding': coding };
      const [p, w] = [await transfer(page, headers), await transfer(worker, headers)];
      bytes[coding] = { page: p.bodyBytes, worker: w.bodyBytes, total: p.bodyBytes + w.bodyBytes, totalWithHeaders: p.bodyBytes + p.headerBytes + w.bodyBytes + w.headerBytes };
    }
    const [p, w] = [await transfer(page, { 'accept-encoding': 'br' }), await transfer(worker, { 'accept-encoding': 'br' })];
    const again = [await transfer(page, { 'accept-encoding': 'br', 'if-none-match': p.etag ?? '' }), await transfer(worker, { 'accept-encoding': 'br', 'if-none-match': w.etag ?? '' })];
    const repeat = { statuses: again.map((t) => t.status), totalWithHeaders: again.reduce((sum, t) => sum + t.bodyBytes + t.headerBytes, 0) };
    // The form URL as the admin API gives it: the token in the fragment, so the page's script fetches the status too.
    const lighthouseResult = await lighthouseRun(formUrl.replace(/^https?:\/\/[^/]+/, stack.apiUrl)).catch((error: Error) => ({ skipped: `Lighthouse could not run: ${error.message}` }));
    return { bytes, repeat, lighthouse: lighthouseResult };
  } finally {
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
};

const mark = (ok: boolean) => (ok ? 'within budget' : '**over budget**');

export const wireReport = (r: WireResults): string => {
  const row = (coding: Coding) => `| ${coding} | ${r.bytes[coding].page} | ${r.bytes[coding].worker} | ${r.bytes[coding].total} | ${r.bytes[coding].totalWithHeaders} |`;
  const lh = r.lighthouse;
  const scoreLines =
    'skipped' in lh
      ? [`Lighthouse: not run — ${lh.skipped}`]
      : [
          `Lighthouse ${lh.lighthouseVersion}, mobile settings (simulated slow 4G, a mid-range phone), Debian's Chromium headless, median of ${lh.runs.length} runs by performance: ${CATEGORIES.map((id) => `${id} **${lh.scores[id]}**`).join(', ')} (budget 100 each: ${mark(CATEGORIES.every((id) => lh.scores[id] === 100))}); the runs: ${lh.runs.map((run) => CATEGORIES.map((id) => run[id]).join('/')).join(', ')}. The page load moved ${lh.transferBytes} bytes as Chromium counted them, headers included (the page, its manifest, the status its script fetches, the worker's copy of the page).`,
          ...(lh.findings.length ? ['', 'What kept a score under 100:', '', ...lh.findings.map((finding) => `- ${finding}`)] : []),
        ];
  const compressed = Math.max(r.bytes.br.total, r.bytes.gzip.total);
  return [
    '## 7. Bytes on the wire: the form page (script inline) and its service worker',
    '',
    '| coding | page bytes | worker bytes | together | with headers |',
    '|---|---|---|---|---|',
    row('br'),
    row('gzip'),
    row('identity'),
    '',
    `compressed, brotli and gzip alike: at most ${compressed} bytes (budget ≤ ${WIRE_BUDGET_BYTES}: ${mark(compressed <= WIRE_BUDGET_BYTES)}). A repeat with If-None-Match: ${r.repeat.statuses.join(' and ')}, ${r.repeat.totalWithHeaders} bytes for both${r.repeat.statuses.every((status) => status === 304) ? ', headers only' : ''}.`,
    '',
    ...scoreLines,
    '',
  ].join('\n');
};

/** The hook of `npm run bench`: measures, then adds `wire` to results.json and section 7 to results.md. */
export const wireSection = async (benchDir: string): Promise<void> => {
  const results = await measureWire();
  console.log(wireReport(results));
  const jsonFile = join(benchDir, 'results.json');
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(jsonFile, `${JSON.stringify({ ...json, wire: results }, null, 2)}\n`);
  appendFileSync(join(benchDir, 'results.md'), `\n${wireReport(results)}`);
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(wireReport(await measureWire()));
  process.exit(0);
}
