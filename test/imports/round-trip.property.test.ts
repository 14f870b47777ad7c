/**
 * The issue: "GET /exports/checkpoints: everything the import takes, so export → import is
 * unchanged". For any valid registrations, the exported file read back gives the very same bodies
 * (and community zones), in xlsx and in CSV.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportCheckpoints, readSheets } from '../../functions/adapters/spreadsheet';
import { checkpointSheets, importCheckpointSheets } from '../../functions/domain/checkpoint-sheet';
import { asExported, exportedCheckpoints } from './arbitraries';

describe('export → import', () => {
  it('gives back the same registrations from the sheets, in both layouts', () => {
    fc.assert(
      fc.property(exportedCheckpoints, fc.constantFrom('workbook' as const, 'csv' as const), (checkpoints, layout) => {
        const imported = importCheckpointSheets(checkpointSheets(checkpoints, layout));
        expect(imported.errors).toEqual([]);
        expect(imported.rows).toBe(checkpoints.length);
        expect(asExported(imported.registrations)).toEqual(checkpoints);
      }),
      { numRuns: 400 },
    );
  });

  it('gives back the same registrations from a CSV file', async () => {
    await fc.assert(
      fc.asyncProperty(exportedCheckpoints, async (checkpoints) => {
        const imported = importCheckpointSheets(await readSheets(await exportCheckpoints(checkpoints, 'csv'), 'csv'));
        expect(imported.errors).toEqual([]);
        expect(asExported(imported.registrations)).toEqual(checkpoints);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back the same registrations from an xlsx file', async () => {
    await fc.assert(
      fc.asyncProperty(exportedCheckpoints, async (checkpoints) => {
        const imported = importCheckpointSheets(await readSheets(await exportCheckpoints(checkpoints, 'xlsx'), 'xlsx'));
        expect(imported.errors).toEqual([]);
        expect(asExported(imported.registrations)).toEqual(checkpoints);
      }),
      { numRuns: 60 },
    );
  });

  it('gives each registration its id and community beside the body', () => {
    fc.assert(
      fc.property(exportedCheckpoints, (checkpoints) => {
        const { registrations } = importCheckpointSheets(checkpointSheets(checkpoints, 'csv'));
        expect(registrations.map(({ checkpointId, communityId }) => ({ checkpointId, communityId }))).toEqual(
          checkpoints.map(({ checkpointId, input }) => ({ checkpointId, communityId: input.communityId })),
        );
      }),
      { numRuns: 50 },
    );
  });
});
