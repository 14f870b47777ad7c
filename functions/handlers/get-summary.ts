import { NotFoundError } from '../domain/errors';
import { communitiesListed } from '../domain/operators';
import { CSV_COLUMNS, narrowTo, operatorView, toCsv } from '../domain/summary';
import type { DaySummary } from '../domain/summary';
import { checkSummaryLink } from '../domain/summary-links';
import { summaryLinkRefusedPage } from '../pages/summary-link';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { spreadsheetModule } from '../runtime/beside';
import { summaryDynamoStore } from '../runtime/deps';
import { byRouteKey, routeHandler } from '../runtime/route';
import { scopedRouteHandler } from '../runtime/scoped-route';

const storedSummary = async (date: string): Promise<DaySummary> => {
  const stored = await summaryDynamoStore().summary(date);
  if (!stored) throw new NotFoundError(`the summary of ${date} has not been built yet; POST /summaries/${date} builds it`);
  return stored;
};

/** One row per checkpoint, as CSV or as a workbook, as an attachment. */
const fileAnswer = async (summary: Pick<DaySummary, 'checkpoints'>, format: 'csv' | 'xlsx', name: string) => {
  const headers = { 'content-disposition': `attachment; filename="${name}.${format}"` };
  if (format === 'csv') return { status: 200, contentType: 'text/csv; charset=utf-8', headers, text: toCsv(summary) };
  // The CSV's rows in a workbook: one sheet, the same header and one row per checkpoint. exceljs is
  // loaded only here, from a file of its own where deployed, so that the JSON and CSV answers neither
  // start nor parse it.
  const { writeXlsx, XLSX_TYPE } = await spreadsheetModule();
  return { status: 200, contentType: XLSX_TYPE, headers, bytes: await writeXlsx([{ name: 'checkpoints', rows: summaryRows(summary) }]) };
};

export const handler = byRouteKey({
  [routes.getSummary.key]: scopedRouteHandler(routes.getSummary, async ({ path, query, actor }) => {
    const scope = communitiesListed(actor, query.communityId);
    const stored = await storedSummary(path.date);
    // An operator key sees none of the county's own figures; the admin key narrowing with ?communityId= keeps them.
    const summary = actor.kind === 'operator' ? operatorView(stored, scope ?? []) : scope ? narrowTo(stored, scope) : stored;
    if (query.format === 'json') return { status: 200, json: summary };
    return fileAnswer(summary, query.format, `checkpoint-watch-${path.date}${query.communityId ? `-${query.communityId}` : ''}`);
  }),
  // The link a summary's message carries: no key, the signature instead; exactly the scope it was sent for.
  [routes.summaryFile.key]: routeHandler(routes.summaryFile, async ({ path, query, now }) => {
    const link = checkSummaryLink(await linkKeys(), path.date, query, now);
    if (link.check !== 'valid') return { status: 403, contentType: 'text/html; charset=utf-8', text: summaryLinkRefusedPage(link.check) };
    const stored = await storedSummary(path.date);
    const summary = 'county' in link.scope ? stored : narrowTo(stored, link.scope.communityId);
    const answer = await fileAnswer(summary, query.format, `checkpoint-watch-${path.date}${'county' in link.scope ? '' : `-${link.scope.communityId}`}`);
    return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
  }),
});

const summaryRows = (summary: Pick<DaySummary, 'checkpoints'>): string[][] => [
  [...CSV_COLUMNS],
  ...summary.checkpoints.map((checkpoint) =>
    CSV_COLUMNS.map((column) => {
      const [head, tail] = column.split('.') as [string, string | undefined];
      const value = (checkpoint as unknown as Record<string, unknown>)[head];
      const cell = tail ? (value as Record<string, unknown>)[tail] : value;
      return cell === null || cell === undefined ? '' : String(cell);
    }),
  ),
];
