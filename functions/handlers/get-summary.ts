import { NotFoundError } from '../domain/errors';
import { communitiesListed } from '../domain/operators';
import { CSV_COLUMNS, narrowTo, operatorView, toCsv } from '../domain/summary';
import type { DaySummary } from '../domain/summary';
import { routes } from '../routes';
import { spreadsheetModule } from '../runtime/beside';
import { summaryDynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.getSummary, async ({ path, query, actor }) => {
  const scope = communitiesListed(actor, query.communityId);
  const stored = await summaryDynamoStore().summary(path.date);
  if (!stored) throw new NotFoundError(`the summary of ${path.date} has not been built yet; POST /summaries/${path.date} builds it`);
  // An operator key sees none of the county's own figures; the admin key narrowing with ?communityId= keeps them.
  const summary = actor.kind === 'operator' ? operatorView(stored, scope ?? []) : scope ? narrowTo(stored, scope) : stored;
  if (query.format === 'json') return { status: 200, json: summary };
  const headers = { 'content-disposition': `attachment; filename="checkpoint-watch-${path.date}${query.communityId ? `-${query.communityId}` : ''}.${query.format}"` };
  if (query.format === 'csv') return { status: 200, contentType: 'text/csv; charset=utf-8', headers, text: toCsv(summary) };
  // The CSV's rows in a workbook: one sheet, the same header and one row per checkpoint. exceljs is
  // loaded only here, from a file of its own where deployed, so that the JSON and CSV answers neither
  // start nor parse it.
  const { writeXlsx, XLSX_TYPE } = await spreadsheetModule();
  return { status: 200, contentType: XLSX_TYPE, headers, bytes: await writeXlsx([{ name: 'checkpoints', rows: summaryRows(summary) }]) };
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
