/**
 * The link a summary message carries (issue 18 §7): signed and expiring as acknowledge links are, it
 * opens without a key the CSV (or the xlsx) of exactly what its message was about — a community's mail
 * its community's checkpoints — and appears once in the message. Through the real handlers on DynamoDB
 * Local and the SES emulator.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { summaryFileUrl } from '../../functions/domain/summary-links';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as summaryFile } from '../../functions/handlers/summary-file';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { linkKeys } from '../../functions/runtime/admin-key';
import { senderDeps } from '../../functions/runtime/deps';
import { sendDue } from '../../functions/domain/delivery/sender';
import { storedMails } from '../../local/ses';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

const DATE = '2026-11-22';
const at = (iso: string) => vi.setSystemTime(new Date(iso));
let mailText: string;

/** Opens a link as its reader's browser would: the route and query of the URL, no key. */
const open = (url: string, extra: Record<string, string> = {}) => {
  const link = new URL(url);
  const date = /^\/summaries\/([^/]+)\/file$/.exec(link.pathname)?.[1];
  expect(date, link.pathname).toBeDefined();
  return invoke(summaryFile, { routeKey: 'GET /summaries/{date}/file', pathParameters: { date: date! }, query: { ...Object.fromEntries(link.searchParams), ...extra } });
};
const rowsOf = (csv: string) => csv.replace('\uFEFF', '').trim().split('\r\n').slice(1).map((row) => row.split(',')[0]);
const linksIn = (text: string) => text.match(/https?:\/\/\S+\/summaries\/\S+/g) ?? [];

beforeAll(async () => {
  await useFreshTable();
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-11-22T00:30:00Z');
  await registerCommunity('linka');
  await registerCommunity('linkb');
  const { token } = await registerCheckpoint('linka-gate', { communityId: 'linka' });
  await registerCheckpoint('linkb-gate', { communityId: 'linkb' });
  at('2026-11-22T02:30:00Z');
  const posted = await invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId: 'linka-gate' },
    token,
    body: { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 6, exits: 4, feverCount: 0 },
  });
  expect(posted.status, posted.text).toBe(201);
  at('2026-11-22T16:20:00Z');
  const built = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: DATE }, admin: true, query: { notify: 'true' } });
  expect(built.status, built.text).toBe(200);
  // The build writes its messages as notice rows; the one sender mails them.
  await sendDue(senderDeps());
  const mails = (await storedMails(inject('sesEndpoint'))).filter((m) => m.destination.to.includes('committee.linka@example.org') && m.subject.includes(DATE));
  expect(mails).toHaveLength(1);
  mailText = mails[0]!.body.text ?? '';
});
afterEach(() => at('2026-11-22T16:20:00Z'));

describe("a summary message's file link", () => {
  it('appears once in the mail and opens, with no key, the CSV of its community only', async () => {
    const links = linksIn(mailText);
    expect(links).toHaveLength(1);
    const csv = await open(links[0]!);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="checkpoint-watch-${DATE}-linka.csv"`);
    expect(rowsOf(csv.text)).toEqual(['linka-gate']);
    // Its reader's file, in its reader's language (the community's, Chinese here): no field names as headings.
    const headings = csv.text.replace('\uFEFF', '').split('\r\n')[0]!;
    expect(headings.startsWith('卡点编号,社区编号,卡点名称,')).toBe(true);
    expect(headings).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('opens the same rows as a workbook', async () => {
    const workbook = await open(linksIn(mailText)[0]!, { format: 'xlsx' });
    expect(workbook.status).toBe(200);
    expect(workbook.headers['content-disposition']).toBe(`attachment; filename="checkpoint-watch-${DATE}-linka.xlsx"`);
  });

  it("a county link opens every community's checkpoints", async () => {
    const county = await open(summaryFileUrl(await linkKeys(), 'https://api.test', DATE, { county: true }, new Date()));
    expect(county.status).toBe(200);
    expect(rowsOf(county.text)).toEqual(expect.arrayContaining(['linka-gate', 'linkb-gate']));
  });

  it('opens nothing once changed — another scope, another date, no signature — and nothing after 7 days', async () => {
    const link = new URL(linksIn(mailText)[0]!);
    const changes: Record<string, string>[] = [{ r: 'community:linkb' }, { r: 'county' }, { sig: 'x'.repeat(43) }, { exp: String(Number(link.searchParams.get('exp')) + 86_400) }];
    for (const change of changes) {
      const refused = await open(link.href, change);
      expect(refused.status, JSON.stringify(change)).toBe(403);
      expect(refused.text).toContain('链接无效');
      expect(refused.text).not.toContain('linka-gate');
    }
    const otherDate = await invoke(summaryFile, { routeKey: 'GET /summaries/{date}/file', pathParameters: { date: '2026-11-21' }, query: Object.fromEntries(link.searchParams) });
    expect(otherDate.status).toBe(403);
    const unsigned = await invoke(summaryFile, { routeKey: 'GET /summaries/{date}/file', pathParameters: { date: DATE }, query: { r: 'county' } });
    expect(unsigned.status).toBe(400);

    at('2026-11-29T16:19:00Z'); // within 7 days of the build
    expect((await open(link.href)).status).toBe(200);
    at('2026-11-29T16:21:00Z');
    const expired = await open(link.href);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('已过期');
  });
});
