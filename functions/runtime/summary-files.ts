/**
 * A stored summary's checkpoints as a file: what GET /summaries/{date}?format= (an API key) and the
 * signed link of a summary message (GET /summaries/{date}/file) both answer, from two functions.
 */
import { NotFoundError } from '../domain/errors';
import { checkpointRow, csvHeadings, toCsv, type DaySummary } from '../domain/summary';
import { spreadsheetModule } from './beside';
import { summaryDynamoStore } from './deps';

export const storedSummary = async (date: string): Promise<DaySummary> => {
  const stored = await summaryDynamoStore().summary(date);
  if (!stored) throw new NotFoundError(`the summary of ${date} has not been built yet; POST /summaries/${date} builds it`);
  return stored;
};

/** One row per checkpoint, as CSV or as a workbook, as an attachment named `<name>.<format>`; `zh`: headed in Chinese, for a person. */
export const summaryFile = async (summary: Pick<DaySummary, 'checkpoints'>, format: 'csv' | 'xlsx', name: string, zh = false) => {
  const headers = { 'content-disposition': `attachment; filename="${name}.${format}"` };
  if (format === 'csv') return { status: 200, contentType: 'text/csv; charset=utf-8', headers, text: toCsv(summary, csvHeadings(zh)) };
  // The CSV's rows in a workbook: one sheet, the same header and one row per checkpoint. exceljs is
  // loaded only here, from a file of its own where deployed, so that the JSON and CSV answers neither
  // start nor parse it.
  const { writeXlsx, XLSX_TYPE } = await spreadsheetModule();
  return { status: 200, contentType: XLSX_TYPE, headers, bytes: await writeXlsx([{ name: 'checkpoints', rows: summaryRows(summary, csvHeadings(zh)) }]) };
};

const summaryRows = (summary: Pick<DaySummary, 'checkpoints'>, headings: string[]): string[][] => [
  headings,
  ...summary.checkpoints.map((checkpoint) => checkpointRow(checkpoint).map((cell) => (cell === null || cell === undefined ? '' : String(cell)))),
];
