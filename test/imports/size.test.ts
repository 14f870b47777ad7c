/**
 * The budget: the largest file the import takes — 1,000 checkpoints (IMPORT_LIMITS; 2,000 in
 * issue 13, before a file had to apply within the function's 29 s) — with contacts and shifts, in one
 * request, within API Gateway's payload limit (10 MB) and Lambda's synchronous one (6 MB for the whole
 * event; a binary body arrives base64-encoded, 4/3 of its size). Measures the xlsx and CSV of 1,000
 * checkpoints with 3 contacts and 3 shifts each, and the time to read and validate them; prints the
 * figures, asserts only the sizes (never a time: this machine is shared).
 */
import { describe, expect, it } from 'vitest';
import { exportCheckpoints, readSheets } from '../../functions/adapters/spreadsheet';
import { importCheckpointSheets, type ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';
import { countyFile } from '../helpers/county-file';

const COUNT = 1_000;
const LAMBDA_SYNC_PAYLOAD = 6 * 1024 * 1024;
/** What the rest of the event (headers, request context) may take of Lambda's 6 MB. */
const EVENT_MARGIN = 64 * 1024;

const county = (): ExportedCheckpoint[] =>
  countyFile({ count: COUNT, perCommunity: 76, checkpointId: (i) => `community-${Math.floor(i / 76)}-gate-${i % 76}`, communityId: (i) => `community-${Math.floor(i / 76)}` });

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
};

describe(`a file of ${COUNT} checkpoints with 3 contacts and 3 shifts each`, () => {
  const checkpoints = county();

  for (const format of ['csv', 'xlsx'] as const) {
    it(`as ${format} fits one request, base64-encoded, and validates`, async () => {
      const exported = await timed(() => exportCheckpoints(checkpoints, format));
      const bytes = exported.result;
      const base64 = Math.ceil(bytes.byteLength / 3) * 4;
      const runs: { read: number; validate: number }[] = [];
      let imported: ReturnType<typeof importCheckpointSheets> | undefined;
      for (let run = 0; run < 3; run += 1) {
        const read = await timed(() => readSheets(bytes, format));
        const validate = await timed(async () => importCheckpointSheets(read.result));
        imported = validate.result;
        runs.push({ read: read.ms, validate: validate.ms });
      }

      const ms = (values: number[]) => values.map((value) => value.toFixed(0)).join(' / ');
      console.log(
        [
          `${format}: ${kb(bytes.byteLength)} (${bytes.byteLength} bytes), base64 ${kb(base64)}; written in ${exported.ms.toFixed(0)} ms`,
          `  read ${ms(runs.map((r) => r.read))} ms, validate ${ms(runs.map((r) => r.validate))} ms, together ${ms(runs.map((r) => r.read + r.validate))} ms (3 runs)`,
        ].join('\n'),
      );

      expect(imported!.errors).toEqual([]);
      expect(imported!.registrations).toHaveLength(COUNT);
      expect(base64).toBeLessThan(LAMBDA_SYNC_PAYLOAD - EVENT_MARGIN);
    });
  }
});
