/**
 * The whole system on one machine, out of real parts: DynamoDB Local, and the very Lambda handlers
 * behind the local gateway, using the real AWS SDK clients pointed at the emulators.
 */
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTable, startDynamo } from './dynamodb';
import { fakeContext, startGateway } from './gateway';
import { assertPortFree } from './ports';
import { isSeeded, seedDemoCounty, type SeededForm } from './seed';
import { startSes } from './ses';
import { LOCAL_STATE_MACHINE_ARN, startLocalStepFunctions } from './stepfunctions';

export const TABLE_NAME = 'checkpoint-watch';

export interface LocalStackOptions {
  port: number;
  dynamoPort: number;
  sesPort: number;
  sfnPort: number;
  /** How often the sweep runs (on AWS: every minute). 0 turns it off. */
  sweepSeconds: number;
  /** Where data persists; undefined keeps everything in memory. */
  dataDir?: string;
  /** Where the stack keeps its own files (admin key, demo tokens). */
  stateDir: string;
  adminKey?: string;
  /** Link-signing keys as JSON; generated once and kept in the state folder when not given. */
  linkKeys?: string;
  seed: boolean;
  logLevel?: string;
}

export interface LocalStack {
  apiUrl: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** Open escalations whose flows were started again (they carry on from their level). */
  resumed: number;
  adminKey: string;
  /** Forms of the demo county, with their tokens (remembered from the first start). */
  forms: SeededForm[];
  stop(): Promise<void>;
}

/** A local secret: made once, then read back from the state folder on every start. */
const remembered = (file: string, make: () => string): string => {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
};

/** The environment a Lambda function gets from the CDK stack, with the endpoints of the emulators. */
const functionEnvironment = (options: { dynamoEndpoint: string; sesEndpoint: string; sfnEndpoint: string; adminKey: string; linkKeys: string; logLevel: string; apiUrl: string }) => ({
  TABLE_NAME,
  ADMIN_KEY: options.adminKey,
  LINK_KEYS: options.linkKeys,
  PUBLIC_BASE_URL: options.apiUrl,
  SENDER_EMAIL: 'checkpoint-watch@example.org',
  COUNTY_SUMMARY_EMAILS: 'county.summary@example.org',
  STATE_MACHINE_ARN: LOCAL_STATE_MACHINE_ARN,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
  AWS_ENDPOINT_URL_SESV2: options.sesEndpoint,
  AWS_ENDPOINT_URL_SFN: options.sfnEndpoint,
  POWERTOOLS_SERVICE_NAME: 'checkpoint-watch',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: options.logLevel,
});

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  mkdirSync(options.stateDir, { recursive: true });
  await assertPortFree(options.port, 'the API');
  const adminKey = options.adminKey ?? remembered(join(options.stateDir, 'admin-key'), () => randomBytes(24).toString('base64url'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamo({ port: options.dynamoPort, ...(options.dataDir && { dataDir: options.dataDir }) });
    stops.push(dynamo.stop);
    await ensureTable(dynamo.client, TABLE_NAME);
    const ses = await startSes(options.sesPort);
    stops.push(ses.stop);
    await assertPortFree(options.sfnPort, 'the local Step Functions endpoint');
    // The flow's tasks run the very handler Lambda runs, imported once the environment is set.
    const flowTasks = async (input: unknown) => {
      const { handler } = await import('../functions/handlers/escalation-flow');
      return handler(input as never, fakeContext('escalation-flow'));
    };
    const sfn = await startLocalStepFunctions({ port: options.sfnPort, run: flowTasks, onError: (error) => console.error('[flow] execution failed:', error) });
    stops.push(sfn.stop);

    const apiUrl = `http://127.0.0.1:${options.port}`;
    Object.assign(
      process.env,
      functionEnvironment({
        dynamoEndpoint: dynamo.endpoint,
        sesEndpoint: ses.endpoint,
        sfnEndpoint: sfn.endpoint,
        adminKey,
        linkKeys: options.linkKeys ?? remembered(join(options.stateDir, 'link-keys.json'), () => JSON.stringify({ current: 'k1', k1: randomBytes(32).toString('base64url') })),
        logLevel: options.logLevel ?? 'WARN',
        apiUrl,
      }),
    );
    const gateway = await startGateway({ port: options.port });
    stops.push(gateway.close);

    // Escalations still open from an earlier run carry on from where they stood.
    const { resumeFlows } = await import('../functions/domain/escalations');
    const { escalationDeps } = await import('../functions/runtime/deps');
    const resumed = await resumeFlows(escalationDeps(apiUrl));
    if (options.sweepSeconds > 0) stops.push(startSweeping(options.sweepSeconds));
    stops.push(await startDailySummaries());

    const tokensFile = join(options.stateDir, options.dataDir ? 'demo-forms.json' : 'demo-forms.memory.json');
    let forms: SeededForm[] = existsSync(tokensFile) && options.dataDir ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as SeededForm[]) : [];
    if (options.seed && !(await isSeeded(apiUrl, adminKey))) {
      forms = await seedDemoCounty(apiUrl, adminKey);
      if (options.dataDir) writeFileSync(tokensFile, JSON.stringify(forms, null, 2), { mode: 0o600 });
    }
    return { apiUrl, dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.endpoint, resumed, adminKey, forms, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** EventBridge Scheduler's part, locally: the sweep handler on an interval, one run at a time. */
const startSweeping = (seconds: number): (() => Promise<void>) => {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = import('../functions/handlers/sweep')
      .then(({ handler }) => handler({}, fakeContext('sweep')))
      .catch((error: unknown) => console.error('[sweep] failed:', (error as Error).message))
      .finally(() => {
        running = undefined;
      });
  }, seconds * 1000);
  return async () => {
    clearInterval(timer);
    await running;
  };
};

/** EventBridge Scheduler's other part: the daily summary at 00:10 in each zone the communities use. */
const startDailySummaries = async (): Promise<() => Promise<void>> => {
  const { summaryDynamoStore } = await import('../functions/runtime/deps');
  const zones = new Set(['Asia/Shanghai', ...(await summaryDynamoStore().allCommunities()).map((c) => c.timezone)]);
  const jobs = [...zones].map(
    (timezone) =>
      new Cron('10 0 * * *', { timezone, protect: true }, async () => {
        const { handler } = await import('../functions/handlers/daily-summary');
        await handler({ timezone }, fakeContext('daily-summary')).catch((error: unknown) => console.error('[daily summary] failed:', (error as Error).message));
      }),
  );
  return async () => jobs.forEach((job) => job.stop());
};
