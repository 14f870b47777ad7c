/// <reference lib="dom" />
/**
 * Debian's Chromium driven by playwright-core (no browser download). On a machine without it the browser
 * tests are skipped with a note; in CI (.ci/run installs it) they always run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!browserTestsRun) console.warn(`[browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/**
 * Playwright's waits default to 30 s, a wall clock that a busy machine outruns (a page waiting out a
 * 503 took longer at a load average of 25): every context waits 2 minutes unless a test says otherwise.
 */
const WAIT_MS = 120_000;

export const launchBrowser = async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // browser.newPage makes its context through newContext too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(WAIT_MS);
    return context;
  };
  return browser;
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it stands. */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes})`);
};

/** A phone as the form tests hold it: 360 px wide. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 } as const;

/** Fills the form's fields with a plain reading (no fever case). */
export const fillReading = async (page: Page, officer: string, figures: { screened?: string; maxTempC?: string } = {}): Promise<void> => {
  await page.fill('#f-officer', officer);
  await page.fill('#f-screened', figures.screened ?? '12');
  await page.fill('#f-entries', '7');
  await page.fill('#f-exits', '5');
  await page.fill('#f-feverCount', '0');
  if (figures.maxTempC) await page.fill('#f-maxTempC', figures.maxTempC);
};
