/**
 * One file through the import function's file work, in a process of its own (bench/imports.ts runs it
 * once per file): read and checked against the limits, its rows validated, and the faulty-cells copy
 * written — the most any import route does with a file (the console's and the API's apply read it
 * once; the copy reads it twice and writes it). Prints the peak resident memory before (the modules
 * loaded) and after, the seconds on the clock and of CPU (the clock counts the other work sharing the
 * machine's cores; the CPU does not), and what came of it, as one line of JSON.
 */
import { readFileSync } from 'node:fs';
import { faultyCellsCopy, readSheets } from '../functions/adapters/spreadsheet';
import { importCheckpointSheets } from '../functions/domain/checkpoint-sheet';
import { ImportLimitError } from '../functions/domain/import-limits';

const file = process.argv[2]!;
const format = file.endsWith('.csv') ? 'csv' : 'xlsx';
const bytes = readFileSync(file);
/** Linux gives maxRSS in KiB. */
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const baselineMB = peakMB();
const started = performance.now();
const cpuBefore = process.cpuUsage();
let outcome: string;
try {
  const sheets = await readSheets(bytes, format);
  const checked = importCheckpointSheets(sheets);
  const copy = await faultyCellsCopy(bytes, format, checked.errors);
  outcome = `read: ${checked.rows} checkpoint rows, ${checked.errors.length} errors, a copy of ${Math.round(copy.byteLength / 1024)} KB`;
} catch (error) {
  if (!(error instanceof ImportLimitError)) throw error;
  outcome = `refused (${error.limit}): ${error.en}`;
}
const cpu = process.cpuUsage(cpuBefore);
const round = (seconds: number) => Math.round(seconds * 100) / 100;
console.log(JSON.stringify({ baselineMB, peakMB: peakMB(), seconds: round((performance.now() - started) / 1000), cpuSeconds: round((cpu.user + cpu.system) / 1e6), outcome }));
