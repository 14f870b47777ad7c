/**
 * The whole system on one machine, out of real parts: DynamoDB Local, and the very Lambda handlers
 * behind the local gateway, using the real AWS SDK clients pointed at the emulators.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamo } from './dynamodb';
import { ensureTable } from './dynamodb';
import { startGateway } from './gateway';
import { assertPortFree } from './ports';
import { isSeeded, seedDemoCounty, type SeededForm } from './seed';

export const TABLE_NAME = 'checkpoint-watch';

export interface LocalStackOptions {
  port: number;
  dynamoPort: number;
  /** Where data persists; undefined keeps everything in memory. */
  dataDir?: string;
  /** Where the stack keeps its own files (admin key, demo tokens). */
  stateDir: string;
  adminKey?: string;
  seed: boolean;
  logLevel?: string;
}

export interface LocalStack {
  apiUrl: string;
  dynamoEndpoint: string;
  adminKey: string;
  /** Forms of the demo county, with their tokens (remembered from the first start). */
  forms: SeededForm[];
  stop(): Promise<void>;
}

const rememberedAdminKey = (stateDir: string): string => {
  const file = join(stateDir, 'admin-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
};

/** The environment a Lambda function gets from the CDK stack, with the endpoints of the emulators. */
const functionEnvironment = (options: { dynamoEndpoint: string; adminKey: string; logLevel: string; apiUrl: string }) => ({
  TABLE_NAME,
  ADMIN_KEY: options.adminKey,
  PUBLIC_BASE_URL: options.apiUrl,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
  POWERTOOLS_SERVICE_NAME: 'checkpoint-watch',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: options.logLevel,
});

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  mkdirSync(options.stateDir, { recursive: true });
  await assertPortFree(options.port, 'the API');
  const adminKey = options.adminKey ?? rememberedAdminKey(options.stateDir);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamo({ port: options.dynamoPort, ...(options.dataDir && { dataDir: options.dataDir }) });
    stops.push(dynamo.stop);
    await ensureTable(dynamo.client, TABLE_NAME);

    const apiUrl = `http://127.0.0.1:${options.port}`;
    Object.assign(process.env, functionEnvironment({ dynamoEndpoint: dynamo.endpoint, adminKey, logLevel: options.logLevel ?? 'WARN', apiUrl }));
    const gateway = await startGateway({ port: options.port });
    stops.push(gateway.close);

    const tokensFile = join(options.stateDir, options.dataDir ? 'demo-forms.json' : 'demo-forms.memory.json');
    let forms: SeededForm[] = existsSync(tokensFile) && options.dataDir ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as SeededForm[]) : [];
    if (options.seed && !(await isSeeded(apiUrl, adminKey))) {
      forms = await seedDemoCounty(apiUrl, adminKey);
      if (options.dataDir) writeFileSync(tokensFile, JSON.stringify(forms, null, 2), { mode: 0o600 });
    }
    return { apiUrl, dynamoEndpoint: dynamo.endpoint, adminKey, forms, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
