/**
 * Spreadsheet import at county scale (issue 13): a file of 2,000 checkpoints with 3 contacts and 3
 * shifts each (a tenth with an escalation policy, a quarter on a cron), in 27 communities, posted in
 * one request each to the local stack — the local gateway, the very import handler in its own
 * function's environment, DynamoDB Local — and timed as a client sees it:
 *
 * - **validate**: a dry run (read, check every row against the store, count), as CSV and as xlsx;
 * - **apply**: the xlsx applied on an empty registry (2,000 created);
 * - **apply unchanged**: the CSV of the same content applied again (nothing written);
 * - **apply changed**: every checkpoint renamed (2,000 updated).
 *
 * Budgets (the issue's): validate under 10 s, apply under 60 s. Both files and their base64 are set
 * against the route's cap (MAX_UPLOAD_BYTES: Lambda's 6 MiB once base64-encoded). On a stack of its
 * own, in memory, the sweep off. `npx tsx bench/imports.ts` prints it; `npm run bench` adds it to
 * bench/results.json and bench/results.md.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportCheckpoints, XLSX_TYPE } from '../functions/adapters/spreadsheet';
import { MAX_UPLOAD_BYTES } from '../functions/contract/schemas';
import type { ExportedCheckpoint } from '../functions/domain/checkpoint-sheet';
import { freePort } from '../local/ports';
import { startLocalStack } from '../local/stack';
import { countyFile } from '../test/helpers/county-file';

export const IMPORT_BUDGETS = { validateSeconds: 10, applySeconds: 60 } as const;
const COUNT = 2_000;
const PER_COMMUNITY = 76;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (text: string) => console.log(`[bench] ${text}`);

const communityOf = (i: number) => `bench-community-${Math.floor(i / PER_COMMUNITY)}`;

/** The county's 2,000 checkpoints as a file carries them; `renamed` changes every name. */
const county = (renamed = false): ExportedCheckpoint[] =>
  countyFile({ count: COUNT, perCommunity: PER_COMMUNITY, checkpointId: (i) => `bench-gate-${i}`, communityId: communityOf, renamed });

export interface ImportRun {
  name: string;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  seconds: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
  budgetSeconds: number;
}

export interface ImportResults {
  checkpoints: number;
  files: { format: 'csv' | 'xlsx'; bytes: number; base64Bytes: number }[];
  capBytes: number;
  runs: ImportRun[];
  budget: string;
}

export const importsBench = async (): Promise<ImportResults> => {
  const [port, dynamoPort, sesPort, sfnPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stack = await startLocalStack({ port, dynamoPort, sesPort, sfnPort, sweepSeconds: 0, stateDir: mkdtempSync(join(tmpdir(), 'cw-imports-')), seed: false, logLevel: 'SILENT', adminKey: 'imports-admin-key-0123456789' });
  try {
    const authorization = `Bearer ${stack.adminKey}`;
    const communities = [...new Set(county().map((checkpoint) => checkpoint.input.communityId))];
    for (const communityId of communities) {
      const answer = await fetch(`${stack.apiUrl}/communities/${communityId}`, {
        method: 'PUT',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `社区 ${communityId}`, timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: `secretary.${communityId}@example.org`, role: 'secretary' }] }),
      });
      if (answer.status >= 300) throw new Error(`community ${communityId}: ${answer.status} ${await answer.text()}`);
    }
    const files = { csv: await exportCheckpoints(county(), 'csv'), xlsx: await exportCheckpoints(county(), 'xlsx'), renamed: await exportCheckpoints(county(true), 'xlsx') };

    const post = async (name: string, file: Buffer, format: 'csv' | 'xlsx', dryRun: boolean): Promise<ImportRun> => {
      log(`imports: ${name}`);
      const started = performance.now();
      const answer = await fetch(`${stack.apiUrl}/imports/checkpoints?dryRun=${dryRun}`, { method: 'POST', headers: { authorization, 'content-type': format === 'csv' ? 'text/csv' : XLSX_TYPE }, body: new Uint8Array(file) });
      const seconds = (performance.now() - started) / 1000;
      const result = (await answer.json()) as { created: number; updated: number; unchanged: number; errors: unknown[]; applied: boolean };
      if (answer.status !== 200 || result.errors.length > 0 || result.applied === dryRun) throw new Error(`${name}: ${answer.status} ${JSON.stringify(result).slice(0, 1000)}`);
      return {
        name,
        format,
        dryRun,
        seconds: round(seconds),
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        errors: result.errors.length,
        budgetSeconds: dryRun ? IMPORT_BUDGETS.validateSeconds : IMPORT_BUDGETS.applySeconds,
      };
    };
    const runs = [
      await post('validate (dry run)', files.csv, 'csv', true),
      await post('validate (dry run)', files.xlsx, 'xlsx', true),
      await post('apply: 2,000 created', files.xlsx, 'xlsx', false),
      await post('apply again: nothing written', files.csv, 'csv', false),
      await post('apply: 2,000 renamed', files.renamed, 'xlsx', false),
    ];
    return {
      checkpoints: COUNT,
      files: (['csv', 'xlsx'] as const).map((format) => ({ format, bytes: files[format].byteLength, base64Bytes: Math.ceil(files[format].byteLength / 3) * 4 })),
      capBytes: MAX_UPLOAD_BYTES,
      runs,
      budget: `validate < ${IMPORT_BUDGETS.validateSeconds} s, apply < ${IMPORT_BUDGETS.applySeconds} s, one request each; files within the cap`,
    };
  } finally {
    await stack.stop();
  }
};

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

export const importsReport = (r: ImportResults): string[] => [
  `## Spreadsheet import (POST /imports/checkpoints: ${r.checkpoints.toLocaleString('en')} checkpoints, 3 contacts and 3 shifts each, one request each)`,
  '',
  `Files: ${r.files.map((f) => `${f.format} ${kb(f.bytes)} (base64 ${kb(f.base64Bytes)})`).join(', ')}; the route's cap ${kb(r.capBytes)} (${r.files.every((f) => f.bytes <= r.capBytes) ? 'within' : '**over**'}).`,
  '',
  '| request | file | seconds | created | updated | unchanged | budget |',
  '|---|---|---|---|---|---|---|',
  ...r.runs.map((run) => `| ${run.name} | ${run.format} | ${run.seconds} | ${run.created} | ${run.updated} | ${run.unchanged} | < ${run.budgetSeconds} s: ${run.seconds < run.budgetSeconds ? 'within budget' : '**over budget**'} |`),
  '',
];

// Alone: a stack of its own, as `npm run bench` runs it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await importsBench();
  console.log(JSON.stringify(results, null, 2));
  console.log(importsReport(results).join('\n'));
  process.exit(0);
}
