/**
 * Modules a deployed function keeps in a file of their own beside its index.mjs, loaded on first use
 * (infra/constructs/function.ts, MODULES_BESIDE): the bundle names the file in a build-time constant.
 * Run from source (the local stack, tests) there is no such file and the module itself is imported.
 * What crosses into such a file is kept to plain data and functions: it holds its own copy of what it
 * imports (an error class thrown there would not be the bundle's).
 */

/** The spreadsheet adapter (exceljs), for a function that answers a spreadsheet only when asked for one. */
export const spreadsheetModule = (): Promise<typeof import('../adapters/spreadsheet')> =>
  process.env.CW_SPREADSHEET_MODULE ? import(new URL(process.env.CW_SPREADSHEET_MODULE, import.meta.url).href) : import('../adapters/spreadsheet');
