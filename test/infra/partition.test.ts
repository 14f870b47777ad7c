/**
 * The stack synthesizes for an AWS China region too: `-c region=cn-north-1`, or the region the CLI
 * takes from the profile (CDK_DEFAULT_REGION). No ARN may be written with the standard partition fixed
 * (`arn:aws:`): each must come from the partition of the stack's region (AWS::Partition, or the literal
 * CDK writes for a known region). The app runs as the CDK CLI runs it (context and output folder in
 * its environment), without bundling the functions, which a partition does not touch.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const projectContext = (JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** Runs infra/app.ts as `cdk synth` does and returns the stack's template as text. */
const synth = async (context: Record<string, unknown>, env: Record<string, string> = {}): Promise<string> => {
  const outdir = mkdtempSync(join(tmpdir(), 'cw-partition-'));
  try {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/app.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...projectContext, 'aws:cdk:bundling-stacks': [], ...context }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    return readFileSync(join(outdir, 'CheckpointWatch.template.json'), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

const fixedPartitions = (template: string) => [...new Set(template.match(/arn:aws:[^"]*/g) ?? [])];

describe('an AWS China region', () => {
  it('synthesizes with -c region=cn-north-1 or CDK_DEFAULT_REGION, and writes no ARN in the standard partition', { timeout: 300_000 }, async () => {
    const [byContext, byEnvironment] = await Promise.all([synth({ region: 'cn-north-1' }), synth({}, { CDK_DEFAULT_REGION: 'cn-northwest-1', CDK_DEFAULT_ACCOUNT: '123456789012' })]);
    for (const template of [byContext, byEnvironment]) {
      expect(fixedPartitions(template)).toEqual([]);
      // The ARNs the stack builds itself (SES identities, the managed policy) are in the China partition.
      expect(template).toContain('arn:aws-cn:');
      // Functions on x86_64 there, unless -c architecture says otherwise (test/infra/architecture.test.ts).
      const resources = Object.values((JSON.parse(template) as { Resources: Record<string, { Type: string; Properties: { Architectures?: string[] } }> }).Resources);
      const functions = resources.filter((resource) => resource.Type === 'AWS::Lambda::Function');
      expect(new Set(functions.flatMap((fn) => fn.Properties.Architectures))).toEqual(new Set(['x86_64']));
    }
  });
});
