/**
 * How much one spreadsheet import may hold (the figures: limits.ts IMPORT_LIMITS), and the refusal
 * that names the limit a file is over, in Chinese first. The adapter checks what only the bytes show
 * (an xlsx's parts and cells) before it builds the workbook; what the cells show is checked here, on
 * the sheets read, before a row is validated.
 */
import { SHEET_TITLES, type Sheet, type SheetError, type SheetName } from './checkpoint-sheet';
import { PayloadTooLargeError } from './errors';
import { IMPORT_LIMITS } from './limits';

export type ImportLimit = keyof typeof IMPORT_LIMITS;

/** Counts as each language writes them; made at the first refusal (a process's first Intl object starts ICU). */
const count = { zh: (n: number) => n.toLocaleString('zh-CN'), en: (n: number) => n.toLocaleString('en') };
const MB = 1024 * 1024;

/** A file over one of the limits: a 413 whose message says which, in Chinese and then in English. */
export class ImportLimitError extends PayloadTooLargeError {
  constructor(
    readonly limit: ImportLimit,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}（未写入任何内容）/ ${en} (nothing was written)`);
  }
}

/** What to do about a file too big: several smaller ones. */
const SPLIT = { zh: '：请按社区拆成几个文件分批导入', en: ': split it, by community, into several files' };

/** The sheet as each language names it: its tab's title (卡点), and in English its name (checkpoints). */
const zhOf = (sheet: SheetName) => SHEET_TITLES[sheet];
const enOf = (sheet: SheetName) => sheet;
const max = (limit: ImportLimit) => ({ zh: count.zh(IMPORT_LIMITS[limit]), en: count.en(IMPORT_LIMITS[limit]) });

/** The refusals, one per limit, each with what the file has where the reader can say it. */
export const overLimit = {
  checkpoints: (found: number) =>
    new ImportLimitError(
      'checkpoints',
      `文件有 ${count.zh(found)} 个卡点，一次最多导入 ${max('checkpoints').zh} 个${SPLIT.zh}`,
      `the file has ${count.en(found)} checkpoints and one import takes at most ${max('checkpoints').en}${SPLIT.en}`,
    ),
  /** A sheet's last row; a sheet not yet known by its name (an xlsx's part, before it is read) is "a sheet". */
  rows: (sheet: SheetName | undefined, row: number) =>
    new ImportLimitError(
      'rows',
      `${sheet ? `${zhOf(sheet)}表` : '一张工作表'}有第 ${count.zh(row)} 行，每张表最多 ${max('rows').zh} 行${SPLIT.zh}`,
      `${sheet ? `the ${enOf(sheet)} sheet` : 'a sheet'} has a row ${count.en(row)}; a sheet may have at most ${max('rows').en} rows${SPLIT.en}`,
    ),
  columns: (sheet: SheetName, column: number) =>
    new ImportLimitError('columns', `${zhOf(sheet)}表有第 ${column} 列，每张表最多 ${max('columns').zh} 列`, `the ${enOf(sheet)} sheet has a column ${column}; a sheet may have at most ${max('columns').en} columns`),
  cellChars: (sheet: SheetName, row: number, column: number, chars: number) =>
    new ImportLimitError(
      'cellChars',
      `${zhOf(sheet)}表第 ${row} 行第 ${column} 列有 ${count.zh(chars)} 个字符，每格最多 ${max('cellChars').zh} 个`,
      `the ${enOf(sheet)} sheet's cell at row ${row}, column ${column} has ${count.en(chars)} characters; a cell may have at most ${max('cellChars').en}`,
    ),
  cells: (found: number) =>
    new ImportLimitError(
      'cells',
      `工作簿有 ${count.zh(found)} 个单元格（行、文本、批注和链接也算，合并和数据验证的区域逐格算），最多 ${max('cells').zh} 个${SPLIT.zh}`,
      `the workbook has ${count.en(found)} cells (rows, texts, notes and links counted too, merged and validated ranges cell by cell); it may have at most ${max('cells').en}${SPLIT.en}`,
    ),
  mergedRanges: (found: number) =>
    new ImportLimitError('mergedRanges', `工作簿有 ${count.zh(found)} 个合并单元格区域，最多 ${max('mergedRanges').zh} 个`, `the workbook has ${count.en(found)} merged ranges; it may have at most ${max('mergedRanges').en}`),
  unzippedBytes: () =>
    new ImportLimitError('unzippedBytes', `xlsx 解压后超过 ${IMPORT_LIMITS.unzippedBytes / MB} MB${SPLIT.zh}`, `the xlsx is over ${IMPORT_LIMITS.unzippedBytes / MB} MB unzipped${SPLIT.en}`),
  zipParts: (found: number) =>
    new ImportLimitError('zipParts', `xlsx 有 ${count.zh(found)} 个部件，最多 ${max('zipParts').zh} 个`, `the xlsx has ${count.en(found)} parts; it may have at most ${max('zipParts').en}`),
};

/**
 * The sheets as read, within the limits on rows, columns, characters in a cell and checkpoints (the
 * checkpoints sheet's rows that are not blank, its header aside); the first one a sheet is over is thrown.
 */
export const checkSheetLimits = (sheets: readonly Sheet[]): void => {
  for (const sheet of sheets) {
    if (sheet.rows.length > IMPORT_LIMITS.rows) throw overLimit.rows(sheet.name, sheet.rows.length);
    sheet.rows.forEach((cells, index) => {
      if (cells.length > IMPORT_LIMITS.columns) throw overLimit.columns(sheet.name, cells.length);
      const long = cells.findIndex((cell) => cell.length > IMPORT_LIMITS.cellChars);
      if (long >= 0) throw overLimit.cellChars(sheet.name, index + 1, long + 1, cells[long]!.length);
    });
  }
  const checkpoints = sheets.find((sheet) => sheet.name === 'checkpoints');
  const filled = checkpoints ? checkpoints.rows.filter((cells) => cells.some((cell) => cell.trim() !== '')).length : 0;
  if (filled - 1 > IMPORT_LIMITS.checkpoints) throw overLimit.checkpoints(filled - 1);
};

/** An import's answer with its first errors listed, and how many more there are when some are not. */
export const withErrorsListed = <T extends { errors: SheetError[] }>(result: T): T & { errorsNotListed?: number } =>
  result.errors.length <= IMPORT_LIMITS.errorsListed ? result : { ...result, errors: result.errors.slice(0, IMPORT_LIMITS.errorsListed), errorsNotListed: result.errors.length - IMPORT_LIMITS.errorsListed };
