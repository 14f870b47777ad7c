/**
 * The generated OpenAPI document passes Redocly's lint (recommended rules, redocly.yaml): no error, and
 * every warning reported. One CLI run lints the document and a copy with a known fault, so the test
 * also sees that the linter runs with our configuration and would catch one.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi';

const root = join(import.meta.dirname, '../..');
/** Where .redocly.lint-ignore.yaml expects the document (its entries are keyed by this path). */
const DOCUMENT = 'test-results/contract/openapi.json';
const FAULTY = 'test-results/contract/openapi-without-security.json';
const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { source: { ref: string }; pointer: string }[];
}
interface Report {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Problem[];
}

/** `--format=json` prints one report per file, one after the other. */
const reportsOf = (stdout: string): Report[] => stdout.split(/(?<=\})\s*(?=\{\s*"totals")/).map((part) => JSON.parse(part) as Report);

describe('the OpenAPI document under redocly lint (recommended rules)', () => {
  it('has no error and no warning; a copy with an operation lacking security gets the error', async () => {
    const document = openApiDocument('https://api.test');
    const faulty = structuredClone(document);
    delete (faulty.paths['/board']!.get as { security?: unknown }).security;
    mkdirSync(join(root, 'test-results/contract'), { recursive: true });
    writeFileSync(join(root, DOCUMENT), JSON.stringify(document, null, 2));
    writeFileSync(join(root, FAULTY), JSON.stringify(faulty, null, 2));

    const run = await promisify(execFile)(process.execPath, [cli, 'lint', DOCUMENT, FAULTY, '--format=json'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((failed: { stdout?: string; stderr?: string }) => ({ stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }));

    const [ours, control] = reportsOf(run.stdout);
    const lines = (report: Report | undefined) => (report?.problems ?? []).map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    if (ours && ours.problems.length > 0) console.warn(`redocly lint:\n${lines(ours).join('\n')}`);
    expect(ours, run.stderr).toBeDefined();
    expect(lines(ours).filter((line) => line.startsWith('error'))).toEqual([]);
    expect(ours!.totals.warnings).toBe(0);
    // The operations listed in .redocly.lint-ignore.yaml, each with its reason: the ignore file was read.
    expect(ours!.totals.ignored).toBe(13);
    expect(control!.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)).toEqual(['security-defined #/paths/~1board/get']);
  });
});
