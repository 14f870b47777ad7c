/**
 * Whatever a run starts is stopped when it ends, failed or not (issue 21 §5): a DynamoDB Local JVM dies
 * with the process that started it even when that process is killed outright and runs no code — a test
 * worker torn down, a CI job cancelled.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports';
import { dynamoJvmsOfRun, RUN_MARK } from '../helpers/jvms';

const ROOT = join(import.meta.dirname, '..', '..');
const MARK = 'CHECKPOINT_WATCH_ORPHAN_TEST';

describe.runIf(process.platform === 'linux')('a DynamoDB Local JVM', () => {
  it('is gone within seconds once the process that started it is killed with SIGKILL', async () => {
    // Prepare: a process that starts DynamoDB Local and would keep it forever.
    const mark = randomUUID();
    const port = await freePort();
    const starter = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `const { startDynamo } = await import(${JSON.stringify(join(ROOT, 'local', 'dynamodb.ts'))}); await startDynamo({ port: ${port} }); console.log('ready'); setInterval(() => {}, 1000);`],
      { cwd: ROOT, env: { ...process.env, [MARK]: mark }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    starter.stdout.on('data', (chunk) => (output += chunk));
    starter.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 240_000, interval: 200 }).toContain('ready');
      expect(dynamoJvmsOfRun(mark, MARK)).toHaveLength(1);
      // The run's own mark reaches the workers too, so the global teardown finds what they leave behind.
      expect(dynamoJvmsOfRun(process.env[RUN_MARK])).toEqual(expect.arrayContaining(dynamoJvmsOfRun(mark, MARK)));

      // Act: the starter dies without running a line of its own.
      starter.kill('SIGKILL');

      // Assess: its JVM follows it.
      await expect.poll(() => dynamoJvmsOfRun(mark, MARK), { timeout: 15_000, interval: 250 }).toEqual([]);
    } finally {
      starter.kill('SIGKILL');
      for (const pid of dynamoJvmsOfRun(mark, MARK)) process.kill(pid, 'SIGKILL');
    }
  });
});
