/**
 * The default limits, in one place with no imports: the domain applies them and the runtime's
 * configuration falls back to them, without every function bundling the modules that apply them.
 */

/** Readings a checkpoint (its one current form token) may post per minute. */
export const DEFAULT_READINGS_PER_MINUTE = 60;
/** Notices one recipient is sent in one clock hour before the rest wait for the digest. */
export const DEFAULT_NOTICES_PER_HOUR = 20;
/** Escalations of one community opened in one sweep from which their notices go out grouped. */
export const DEFAULT_GROUP_THRESHOLD = 3;

/**
 * What one spreadsheet import may hold (docs/security.md, "Import limits"). Each bounds work the
 * upload's own cap (MAX_UPLOAD_BYTES) does not: an xlsx is a zip, and a few KB of it can inflate to
 * gigabytes or name millions of rows. A file over any of them is refused before it is read further,
 * with a 413 that names the limit; nothing is written.
 */
export const IMPORT_LIMITS = {
  /**
   * Checkpoint rows in one file: what one request applies within the function's 29 s (API Gateway's
   * limit), with room for a slow table. On the local stack (bench/imports.ts) 2,000 created took 16.5 s
   * on a quiet machine and ran past 29 s three times on a busy one; 1,000 took 19.6-25.4 s there. A larger
   * file is split, by community.
   */
  checkpoints: 1_000,
  /** Rows of any sheet, by the number of its last row (blank rows included: they are numbered). */
  rows: 20_000,
  /** Columns of any sheet, by the letter of its last cell (CV). */
  columns: 100,
  /** Characters in one cell. */
  cellChars: 1_000,
  /**
   * Cells in a workbook, with the other things exceljs makes an object of each (rows, shared strings,
   * notes, links) and every cell a merged or validated range covers (exceljs makes each one). 1,000
   * checkpoints with 3 contacts and 3 shifts are about 70,000.
   */
  cells: 300_000,
  /** Merged ranges in a workbook: exceljs compares each with every other as it reads them. */
  mergedRanges: 5_000,
  /** The xlsx's parts inflated, all together. */
  unzippedBytes: 32 * 1024 * 1024,
  /** Parts in the xlsx's zip. */
  zipParts: 1_000,
  /** Errors listed in an answer and marked in the faulty-cells copy; the count says how many there are. */
  errorsListed: 1_000,
  /** Characters of what was sent that an answer repeats (an unknown header). */
  echoChars: 40,
} as const;

/** A fever case at or above this (°C) alerts the community, unless the community sets its own (fever/rule.ts). */
export const DEFAULT_FEVER_THRESHOLD_C = 37.3;
/**
 * Readings in a row with the same figures (screened, entries, exits, fevers) from which a checkpoint
 * is flagged 疑似重复上报 (fever/copied.ts): three repeats can be a quiet gate, four look copied.
 */
export const COPIED_RUN = 4;
