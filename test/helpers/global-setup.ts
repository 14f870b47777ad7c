/**
 * One DynamoDB Local and one SES emulator for the whole run, on free ports; each test file makes its own
 * table. Whatever the run starts is stopped when it ends, failed or not: every JVM dies with the
 * process that started it (local/reaper.ts), and the teardown checks that none of this run's is left.
 */
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startDynamo, type RunningDynamo } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { startSes } from '../../local/ses';
import { dynamoJvmsOfRun, RUN_MARK } from './jvms';

let dynamo: RunningDynamo | undefined;
let ses: Awaited<ReturnType<typeof startSes>> | undefined;

/** How long the workers' JVMs get to go after the last worker has (their watchdogs poll once a second). */
const LEFTOVER_GRACE_MS = 15_000;

const stopAll = async () => {
  await ses?.stop().catch(() => undefined);
  await dynamo?.stop();
};

export default async function setup(project: TestProject) {
  // Inherited by the workers, the stacks they start and every JVM below them: how the teardown knows this run's.
  process.env[RUN_MARK] ??= randomUUID();
  const run = process.env[RUN_MARK];
  try {
    dynamo = await startDynamo({ port: await freePort() });
    ses = await startSes(await freePort());
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await stopAll();
    const deadline = Date.now() + LEFTOVER_GRACE_MS;
    let left = dynamoJvmsOfRun(run);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      left = dynamoJvmsOfRun(run);
    }
    if (left.length > 0) {
      for (const pid of left) process.kill(pid, 'SIGKILL');
      throw new Error(`the run left ${left.length} DynamoDB Local JVM(s) running ${LEFTOVER_GRACE_MS / 1000} s after it ended (pids ${left.join(', ')}); killed them`);
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}
