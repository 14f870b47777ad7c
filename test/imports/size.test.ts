/**
 * The budget: a file of 2,000 checkpoints with contacts and shifts, in one request, within
 * API Gateway's payload limit (10 MB) and Lambda's synchronous one (6 MB for the whole event; a
 * binary body arrives base64-encoded, 4/3 of its size). Measures the xlsx and CSV of 2,000
 * checkpoints with 3 contacts and 3 shifts each, and the time to read and validate them; prints the
 * figures, asserts only the sizes (never a time: this machine is shared).
 */
import { describe, expect, it } from 'vitest';
import { exportCheckpoints, readSheets } from '../../functions/adapters/spreadsheet';
import { importCheckpointSheets, type ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';

const COUNT = 2_000;
const LAMBDA_SYNC_PAYLOAD = 6 * 1024 * 1024;
/** What the rest of the event (headers, request context) may take of Lambda's 6 MB. */
const EVENT_MARGIN = 64 * 1024;

const surnames = [...'张王李赵刘陈杨黄周吴'];
const person = (i: number, k: number) => ({
  name: `${surnames[(i + k) % surnames.length]}${['伟', '芳', '娜', '敏', '静'][k % 5]}${k}`,
  mobile: `13${String(800_000_000 + i * 10 + k).padStart(9, '0')}`,
  email: `p${i}.${k}@jiayu.example.org`,
});

const county = (): ExportedCheckpoint[] =>
  Array.from({ length: COUNT }, (_, i) => ({
    checkpointId: `community-${Math.floor(i / 76)}-gate-${i % 76}`,
    timezone: 'Asia/Shanghai',
    input: {
      name: `第${Math.floor(i / 76) + 1}社区 幸福家园${(i % 76) + 1}号门卡点`,
      communityId: `community-${Math.floor(i / 76)}`,
      schedule: i % 4 === 3 ? { cron: '0 8,12,18 * * *' } : { every: 'PT2H' },
      grace: 'PT15M',
      active: true,
      contacts: [0, 1, 2].map((k) => ({ ...person(i, k), role: 'leader' as const })),
      shifts: [
        { from: '00:00', to: '08:00', leader: person(i, 0) },
        { from: '08:00', to: '16:00', leader: person(i, 1) },
        { from: '16:00', to: '00:00', leader: person(i, 2) },
      ],
      ...(i % 10 === 0 && { escalation: { levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }], repeatEvery: 'PT1H', maxRepeats: 3 } }),
    },
  }));

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
