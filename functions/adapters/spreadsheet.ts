/**
 * Spreadsheet files ⇄ sheets of cell strings (domain/checkpoint-sheet.ts reads and writes the
 * cells): xlsx through exceljs, CSV through csv-parse and csv-stringify, GB18030 through iconv-lite.
 *
 * Reading gives every cell as the text a person typed: numbers as they are written (`13800138000`),
 * dates and times in ISO order (`08:00`, `2026-03-01`), rich text and hyperlinks as their text, a
 * formula as its cached result. A CSV is UTF-8, with or without a BOM, or — when its bytes are not
 * UTF-8 — GB18030 (what Chinese Excel's "CSV (逗号分隔)" saves; GBK and GB2312 are subsets); it is
 * comma-separated, and it is one sheet, the checkpoints.
 *
 * Formula injection: a cell written here that starts with `= + - @`, a tab or a CR gets a leading
 * `'` (as OWASP's CSV-injection guidance says), in CSV and xlsx alike, so no spreadsheet program runs
 * it as a formula. Reading strips that one `'` again from a cell that starts with `'` and then one of
 * those characters, so export → import gives back what was exported. To keep that exact for text that
 * itself starts with `'=` (or `''=`…), such text gets one `'` more on export.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import {
  checkpointSheets,
  columnLetter,
  columnPositions,
  hintOf,
  SHEET_NAMES,
  SHEET_TITLES,
  sheetNameOf,
  templateSheets,
  type ExportedCheckpoint,
  type Sheet,
  type SheetError,
  type SheetName,
} from '../domain/checkpoint-sheet';
import { ValidationError } from '../domain/errors';
import { checkSheetLimits, overLimit } from '../domain/import-limits';
import { IMPORT_LIMITS } from '../domain/limits';
import { echoed } from '../domain/echo';
import { inflatePart, zipParts, type ZipPart } from './zip-parts';

export type SpreadsheetFormat = 'xlsx' | 'csv';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * The format of an upload: by its content type, else by its first bytes (an xlsx is a zip). Browsers
 * on Windows with Office installed send a .csv as `application/vnd.ms-excel`, the legacy .xls type,
 * so that one is told by its bytes too; an .xls itself (an OLE2 file) is not read: undefined.
 */
export const formatOf = (contentType: string | undefined, bytes: Uint8Array): SpreadsheetFormat | undefined => {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === XLSX_TYPE) return 'xlsx';
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') return 'csv';
  if (type === '' || type === 'application/octet-stream' || type === 'application/vnd.ms-excel') return isZip(bytes) ? 'xlsx' : isOle2(bytes) ? undefined : 'csv';
  return undefined;
};

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
const isOle2 = (bytes: Uint8Array) => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]);

// ---------------------------------------------------------------------------------------------
// Formula injection

const TRIGGER = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** A cell as written: `'` before what a spreadsheet program would take for a formula. */
export const neutralise = (cell: string): string => (TRIGGER.test(cell) ? `'${cell}` : cell);

/** A cell as read: the `'` that neutralise put there taken off again. */
export const restore = (cell: string): string => (NEUTRALISED.test(cell) ? cell.slice(1) : cell);

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * The sheets of an uploaded file, within the import's limits (domain/import-limits.ts): a file over
 * one is an ImportLimitError, found before the rest of it is read. A file that is not the format it
 * claims is a ValidationError.
 */
export const readSheets = async (bytes: Uint8Array, format: SpreadsheetFormat): Promise<Sheet[]> => {
  const sheets: Sheet[] =
    format === 'csv'
      ? [{ name: 'checkpoints', rows: readCsvRows(bytes) }]
      : [...sheetsOf(await loadWorkbook(bytes))].map(([name, worksheet]) => ({ name, rows: worksheetRows(worksheet, name) }));
  checkSheetLimits(sheets);
  return sheets;
};

/** UTF-8 (its BOM dropped) when the bytes are UTF-8, else GB18030. */
export const decodeText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  }
};

const readCsvRows = (bytes: Uint8Array): string[][] => {
  try {
    // Blank lines stay (as ['']): the row numbers are the ones a spreadsheet program shows. One
    // record past the limit is enough to refuse the file; the rest is not parsed.
    const records: string[][] = parse(decodeText(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false, to: IMPORT_LIMITS.rows + 1 });
    if (records.length > IMPORT_LIMITS.rows) throw overLimit.rows('checkpoints', records.length);
    return records.map((record) => record.map(restore));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_'))) throw error;
    const line = (error as { lines?: number }).lines;
    throw new ValidationError('the file is not a readable CSV', [{ path: 'body', message: `${line ? `line ${line}: ` : ''}${(error as Error).message}` }]);
  }
};

const loadWorkbook = async (bytes: Uint8Array): Promise<ExcelJS.Workbook> => {
  checkWorkbookSize(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new ValidationError('the file is not a readable xlsx workbook', [{ path: 'body', message: (error as Error).message }]);
  }
  return workbook;
};

/**
 * An xlsx within the limits before exceljs builds it: exceljs inflates every part whole and makes an
 * object of each row, each cell, and each cell of a merged or validated range — so a few KB can ask
 * for gigabytes, and compares each merged range with every other. Here each part is inflated no
 * further than its declared size (one that inflates to more is refused), the declared sizes are held to
 * the limit together, and the objects are counted in the XML, ranges by their area, before exceljs
 * reads a byte. Bytes that are not a zip are left to exceljs.
 */
const checkWorkbookSize = (bytes: Uint8Array): void => {
  let parts: ZipPart[] | undefined;
  try {
    parts = zipParts(bytes);
  } catch (error) {
    throw new ValidationError('the file is not a readable xlsx workbook', [{ path: 'body', message: (error as Error).message }]);
  }
  if (!parts) return;
  if (parts.length > IMPORT_LIMITS.zipParts) throw overLimit.zipParts(parts.length);
  if (parts.reduce((sum, part) => sum + part.uncompressedSize, 0) > IMPORT_LIMITS.unzippedBytes) throw overLimit.unzippedBytes();
  let cells = 0;
  let merged = 0;
  for (const part of parts) {
    let xml: string;
    try {
      xml = inflatePart(bytes, part).toString('latin1');
    } catch (error) {
      throw new ValidationError('the file is not a readable xlsx workbook', [{ path: 'body', message: `${echoed(part.name)}: ${(error as Error).message}` }]);
    }
    const rows = xml.match(ROW)?.length ?? 0;
    if (rows > IMPORT_LIMITS.rows) throw overLimit.rows(undefined, rows);
    merged += xml.match(MERGED)?.length ?? 0;
    if (merged > IMPORT_LIMITS.mergedRanges) throw overLimit.mergedRanges(merged);
    cells += (xml.match(OBJECT)?.length ?? 0) + areaOf(xml, MERGED) + areaOf(xml, VALIDATED);
    if (cells > IMPORT_LIMITS.cells) throw overLimit.cells(cells);
  }
};

// The elements exceljs makes an object of (a row, a cell, a shared string, a note, a link), with or
// without a namespace prefix; ASCII, so latin1 reads them.
const ROW = /<(?:[\w.-]+:)?row[\s/>]/g;
const OBJECT = /<(?:[\w.-]+:)?(?:row|c|si|comment|hyperlink)[\s/>]/g;
const MERGED = /<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref="([^"]*)"/g;
const VALIDATED = /<(?:[\w.-]+:)?dataValidation\s[^>]*?\bsqref="([^"]*)"/g;
const REFERENCE = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i;

/** Cells the ranges of one attribute cover (`A1:B3 D5`: 7). */
const areaOf = (xml: string, ranges: RegExp): number => {
  let area = 0;
  for (const [, sqref] of xml.matchAll(ranges)) {
    for (const range of sqref!.split(/\s+/).filter(Boolean)) {
      const [from, to = from] = range.split(':').map((reference) => REFERENCE.exec(reference!));
      area += from && to ? (Math.abs(Number(to[2]) - Number(from[2])) + 1) * (Math.abs(columnNumber(to[1]!) - columnNumber(from[1]!)) + 1) : 1;
    }
  }
  return area;
};

const columnNumber = (letters: string): number => [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);

/**
 * The workbook's tabs that are sheets of the import, by title (`卡点 checkpoints`, or either part).
 * When no tab is called checkpoints, the first other one is (a workbook of one "Sheet1").
 */
const sheetsOf = (workbook: ExcelJS.Workbook): Map<SheetName, ExcelJS.Worksheet> => {
  const found = new Map<SheetName, ExcelJS.Worksheet>();
  for (const worksheet of workbook.worksheets) {
    const name = sheetNameOf(worksheet.name);
    if (name && !found.has(name)) found.set(name, worksheet);
  }
  if (!found.has('checkpoints')) {
    const first = workbook.worksheets.find((worksheet) => ![...found.values()].includes(worksheet));
    if (first) found.set('checkpoints', first);
  }
  return new Map(SHEET_NAMES.flatMap((name) => (found.has(name) ? [[name, found.get(name)!] as const] : [])));
};

/** A worksheet's cells as text; a row or column past the limits is refused before the rows are laid out. */
const worksheetRows = (worksheet: ExcelJS.Worksheet, name: SheetName): string[][] => {
  const rows: string[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber > IMPORT_LIMITS.rows) throw overLimit.rows(name, rowNumber);
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > IMPORT_LIMITS.columns) throw overLimit.columns(name, column);
      cells[column - 1] = restore(cellText(cell.value, cell.numFmt));
    });
    rows[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  return Array.from(rows, (row) => row ?? []);
};

/** A cell's value as the text a person typed (or sees, for a formula's result). */
const cellText = (value: ExcelJS.CellValue | undefined, numFmt: string | undefined): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, numFmt);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue | undefined, numFmt);
  return '';
};

/**
 * A date or time cell in the order the import reads (exceljs gives them as UTC instants of the
 * serial number): a time alone as `08:00`, a date as `2026-03-01`, both as `2026-03-01 08:00`.
 */
const dateText = (value: Date, numFmt: string | undefined): string => {
  // Serial numbers are fractions of a day: 08:00 comes back as 07:59:59.9999.
  const at = new Date(Math.round(value.getTime() / 1000) * 1000).toISOString();
  const format = (numFmt ?? '').replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  const hasTime = /[hs]/i.test(format);
  const hasDate = /[yd]/i.test(format) || !hasTime;
  const time = /s/i.test(format) ? at.slice(11, 19) : at.slice(11, 16);
  if (!hasDate) return time;
  return hasTime ? `${at.slice(0, 10)} ${time}` : at.slice(0, 10);
};

// ---------------------------------------------------------------------------------------------
// Writing

/** A CSV of one sheet, UTF-8 with a BOM (Excel then opens it as UTF-8), CRLF line ends. */
export const writeCsv = (sheet: Sheet): Buffer =>
  Buffer.from(stringify(sheet.rows.map((row) => row.map(neutralise)), { bom: true, record_delimiter: 'windows' }), 'utf8');

/** An xlsx of the sheets: titles in Chinese and English, header bold and frozen, widths to fit, cells as text. */
export const writeXlsx = async (sheets: readonly Sheet[]): Promise<Buffer> => toBuffer(workbookOf(sheets));

const workbookOf = (sheets: readonly Sheet[]): ExcelJS.Workbook => {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(SHEET_TITLES[sheet.name], { views: [{ state: 'frozen', ySplit: 1 }] });
    const width = Math.max(0, ...sheet.rows.map((row) => row.length));
    // Text format, so that what people type later stays as typed (a mobile, 08:00) rather than a number.
    worksheet.columns = Array.from({ length: width }, (_, index) => ({
      width: Math.min(40, Math.max(10, ...sheet.rows.map((row) => displayWidth(row[index] ?? '') + 2))),
      style: { numFmt: '@' },
    }));
    for (const row of sheet.rows) worksheet.addRow(row.map(neutralise));
    worksheet.getRow(1).font = { bold: true };
  }
  return workbook;
};

/** Columns a text takes in a spreadsheet: Chinese characters count two. */
const displayWidth = (text: string): number => [...text].reduce((width, char) => width + (char.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

const toBuffer = async (workbook: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await workbook.xlsx.writeBuffer());

/** `GET /exports/checkpoints`: everything the import takes. */
export const exportCheckpoints = async (checkpoints: readonly ExportedCheckpoint[], format: SpreadsheetFormat): Promise<Buffer> =>
  format === 'csv' ? writeCsv(checkpointSheets(checkpoints, 'csv')[0]!) : writeXlsx(checkpointSheets(checkpoints, 'workbook'));

export const EXAMPLE_NOTE = '示例行：导入前请改成你的卡点，或删除。\nAn example: replace it with your checkpoints, or delete it, before importing.';

/** `GET /imports/checkpoints/template`: the headers, an example row; in the xlsx each header says what goes there. */
export const templateFile = async (format: SpreadsheetFormat): Promise<Buffer> => {
  if (format === 'csv') return writeCsv(templateSheets('csv')[0]!);
  const sheets = templateSheets('workbook');
  const workbook = workbookOf(sheets);
  for (const sheet of sheets) {
    const worksheet = workbook.getWorksheet(SHEET_TITLES[sheet.name])!;
    sheet.rows[0]?.forEach((header, index) => {
      const hint = hintOf(sheet.name, header);
      if (hint) worksheet.getCell(1, index + 1).note = hint;
    });
    if (sheet.rows.length > 1) worksheet.getCell(2, 1).note = EXAMPLE_NOTE;
  }
  return toBuffer(workbook);
};

// ---------------------------------------------------------------------------------------------
// The faulty-cells copy

/** Excel's own "bad" look: light red fill, dark red text. */
export const FAULT_FILL = 'FFFFC7CE';
const FAULT_FONT = 'FF9C0006';

/**
 * The uploaded file back as an xlsx with each faulty cell filled red and its messages as the cell's
 * note (the first IMPORT_LIMITS.errorsListed errors, as the answer lists them). An xlsx keeps
 * everything else it had but its formulas, which become their results as text, formula-like text
 * neutralised as an export writes it (the copy comes from this server: it runs nothing); a CSV becomes
 * a one-sheet workbook of its cells, written the same way. An error whose column the sheet lacks (a
 * missing column) is noted on the sheet's first header cell; a workbook with no sheet at all gets an
 * empty checkpoints sheet to carry the note.
 */
export const faultyCellsCopy = async (bytes: Uint8Array, format: SpreadsheetFormat, errors: readonly SheetError[]): Promise<Buffer> => {
  const read = format === 'csv' ? workbookOf(await readSheets(bytes, 'csv')) : await loadWorkbook(bytes);
  // A zip with no sheet loads as a workbook exceljs cannot write (it has no workbook part): a new one.
  const workbook = read.worksheets.length > 0 ? read : workbookOf([{ name: 'checkpoints', rows: [] }]);
  if (format === 'xlsx') neutraliseWorkbook(workbook);
  const worksheets = format === 'csv' ? new Map([['checkpoints' as SheetName, workbook.worksheets[0]!]]) : sheetsOf(workbook);
  const positions = new Map<ExcelJS.Worksheet, { header: string[]; columns: Map<string, number>; headerRow: number }>();
  const positionsIn = (worksheet: ExcelJS.Worksheet, name: SheetName) => {
    if (!positions.has(worksheet)) {
      const sheet = { name, rows: worksheetRows(worksheet, name) };
      const { headerRow, columns } = columnPositions(sheet);
      positions.set(worksheet, { header: sheet.rows[headerRow - 1] ?? [], columns, headerRow });
    }
    return positions.get(worksheet)!;
  };
  const notes = new Map<string, { cell: ExcelJS.Cell; messages: string[] }>();
  for (const error of errors.slice(0, IMPORT_LIMITS.errorsListed)) {
    const worksheet = worksheets.get(error.sheet) ?? workbook.worksheets[0];
    if (!worksheet) continue;
    const { header, columns, headerRow } = positionsIn(worksheet, error.sheet);
    const index = columns.get(error.column) ?? header.findIndex((text) => text.trim() !== '' && echoed(text.trim()) === error.column);
    const cell = index >= 0 ? worksheet.getCell(error.row, index + 1) : worksheet.getCell(Math.max(1, headerRow), 1);
    const key = `${worksheet.id}!${cell.address}`;
    const note = notes.get(key) ?? { cell, messages: [] };
    note.messages.push(index >= 0 || error.column === '' ? error.message : `${error.column}: ${error.message}`);
    notes.set(key, note);
  }
  for (const { cell, messages } of notes.values()) {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FAULT_FILL } };
    cell.font = { ...cell.font, color: { argb: FAULT_FONT } };
    cell.note = messages.join('\n');
  }
  return toBuffer(workbook);
};

/** Every formula in the workbook as its result, and every text that looks like one, as an export writes them. */
const neutraliseWorkbook = (workbook: ExcelJS.Workbook): void => {
  for (const worksheet of workbook.worksheets) {
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value = cell.value;
        if (typeof value === 'string') cell.value = neutralise(restore(value));
        else if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) cell.value = neutralise(restore(cellText(value, cell.numFmt)));
      });
    });
  }
};

/** Where an error is, as a spreadsheet names it (`B7`), for a table of errors beside the file. */
export const cellAddress = (sheet: Sheet, error: SheetError): string | undefined => {
  const index = columnPositions(sheet).columns.get(error.column);
  return index === undefined ? undefined : `${columnLetter(index)}${error.row}`;
};
