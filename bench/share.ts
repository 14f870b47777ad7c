/**
 * The handler's share of a reading: the reading function's handler, invoked as Lambda invokes it (an
 * API Gateway event, no HTTP), against the rate of its own storage calls alone — DynamoStore.checkpoint
 * and DynamoStore.record of the reading the domain plans, with the real items — on one DynamoDB Local,
 * 16 at a time, each of the 16 on a checkpoint of its own. The two alternate in short phases, so that
 * the emulator's JIT and the machine's drift weigh on both alike. Everything the handler adds shows in
 * the ratio: middleware, authentication, validation, the slot rule, logging, metrics, the SDK's
 * middleware on its two calls.
 *
 * Run by the bench in a process of its own (`tsx bench/share.ts <result.json>`), with the function's
 * deployed settings: log level INFO, metrics on (EMF lines on stdout, as on Lambda: the bench discards
 * them), tracing off (there is no X-Ray daemon). `--profile-dir=DIR` writes a CPU profile of the
 * handler phases alone.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { checkpointStore } from '../functions/adapters/store';
import { dynamoTable } from '../functions/adapters/table';
import { planReading } from '../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../functions/domain/registry';
import { fingerprintOf } from '../functions/domain/secrets';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { freePort } from '../local/ports';

const WORKERS = 16;
const PHASE_MS = Number(process.env.SHARE_PHASE_MS ?? 3000);
const PAIRS = Number(process.env.SHARE_PAIRS ?? 4);
const [resultFile] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const profileDir = process.argv.find((arg) => arg.startsWith('--profile-dir='))?.slice('--profile-dir='.length);

const dynamo = await startDynamo({ port: await freePort() });
const TABLE = 'share';
await ensureTable(dynamo.client, TABLE);
// The reading function's environment as the stack deploys it, pointed at this emulator.
Object.assign(process.env, {
  TABLE_NAME: TABLE,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_LAMBDA_FUNCTION_NAME: 'post-reading',
  POWERTOOLS_SERVICE_NAME: 'checkpoint-watch',
  POWERTOOLS_METRICS_NAMESPACE: 'CheckpointWatch',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_TRACE_ENABLED: 'false',
  // 16 workers post far more than a gate does: lift the per-token limit (its check still runs).
  READINGS_PER_MINUTE: '1000000',
});
const { handler } = await import('../functions/handlers/post-reading');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});
const store = checkpointStore(dynamoTable(db, TABLE));
const keys = async () => ({ current: 'k1', keys: { k1: 'share-link-key-0123456789abcdef' } });
await putCommunity(store, { communityId: 'share', now: new Date(), body: { name: '基准社区', timezone: 'Asia/Shanghai', contacts: [] } as never });
const registration = (worker: number) =>
  ({ name: `压测卡点 ${worker}`, communityId: 'share', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: `leader.${worker}@example.org`, role: 'leader' }], active: true }) as never;
const tokens: string[] = [];
for (let worker = 0; worker < WORKERS; worker += 1) {
  // Separate checkpoints for the two sides, so that neither finds the other's version moved.
  await putCheckpoint(store, { checkpointId: `store-${worker}`, keys, now: new Date(), body: registration(worker) });
  tokens.push((await putCheckpoint(store, { checkpointId: `handler-${worker}`, keys, now: new Date(), body: registration(worker) })).formToken!);
}

const reading = () => ({ submissionId: randomUUID(), officer: '张三', screened: 40, entries: 22, exits: 18, feverCount: 0, staffOnDuty: 5 });
const context = { functionName: 'post-reading', awsRequestId: '', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const event = (worker: number) => {
  const checkpointId = `handler-${worker}`;
  const rawPath = `/checkpoints/${checkpointId}/readings`;
  return {
    version: '2.0',
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    rawPath,
    rawQueryString: '',
    headers: { host: 'api.example', 'content-type': 'application/json', authorization: `Bearer ${tokens[worker]}` },
    pathParameters: { checkpointId },
    requestContext: { http: { method: 'POST', path: rawPath }, requestId: randomUUID(), routeKey: 'POST /checkpoints/{checkpointId}/readings', domainName: 'api.example' },
    body: JSON.stringify(reading()),
    isBase64Encoded: false,
  } as never;
};

const sides = {
  /** The storage calls alone: what the handler would cost if everything of ours were free. */
  store: async (worker: number) => {
    const checkpoint = (await store.checkpoint(`store-${worker}`))!;
    const body = reading();
    const outcome = await store.record(planReading(checkpoint, body, { now: new Date(), readingId: randomUUID(), fingerprint: fingerprintOf(body) }));
    if (outcome !== 'stored') throw new Error(`the store side's reading was ${outcome}`);
  },
  handler: async (worker: number) => {
    const answer = await handler(event(worker), context);
    if (answer.statusCode !== 201) throw new Error(`the handler answered ${answer.statusCode}: ${answer.body}`);
  },
};

/** CPU this process spent per reading, by side (ms): what the handler adds shows here even where the emulator hides it in the rate. */
const cpuPerReading = { store: [] as number[], handler: [] as number[] };

const phase = async (side: keyof typeof sides, ms: number): Promise<number> => {
  let done = 0;
  const cpu = process.cpuUsage();
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (Date.now() < end) {
        await sides[side](worker);
        done += 1;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  cpuPerReading[side].push((used.user + used.system) / 1000 / done);
  return done / (ms / 1000);
};

// A fresh JVM is slow until its JIT has warmed: both sides unmeasured first.
await phase('store', 2000);
await phase('handler', 2000);
cpuPerReading.store.length = 0;
cpuPerReading.handler.length = 0;
const session = profileDir ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
}
const pairs: { store: number; handler: number }[] = [];
const handlerPhase = async (i: number) => {
  if (session) await session.post('Profiler.start');
  const rate = await phase('handler', PHASE_MS);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(profileDir!, `share-handler-${i}.cpuprofile`), JSON.stringify(profile));
  }
  return rate;
};
for (let i = 0; i < PAIRS; i += 1) {
  // Store first, then handler first: the emulator warms as the run goes on, and neither side may gain by going last.
  let storeRate: number;
  let handlerRate: number;
  if (i % 2 === 0) {
    storeRate = await phase('store', PHASE_MS);
    handlerRate = await handlerPhase(i);
  } else {
    handlerRate = await handlerPhase(i);
    storeRate = await phase('store', PHASE_MS);
  }
  pairs.push({ store: Math.round(storeRate), handler: Math.round(handlerRate) });
}
const ratios = pairs.map((pair) => pair.handler / pair.store).sort((a, b) => a - b);
const result = {
  pairs,
  storeCallsPerSecond: Math.round(pairs.reduce((sum, pair) => sum + pair.store, 0) / pairs.length),
  handlerPerSecond: Math.round(pairs.reduce((sum, pair) => sum + pair.handler, 0) / pairs.length),
  share: Math.round((pairs.reduce((sum, pair) => sum + pair.handler, 0) / pairs.reduce((sum, pair) => sum + pair.store, 0)) * 100) / 100,
  spread: [Math.round(ratios[0]! * 100) / 100, Math.round(ratios.at(-1)! * 100) / 100],
  cpuMsPerReading: {
    store: Math.round((cpuPerReading.store.reduce((a, b) => a + b, 0) / cpuPerReading.store.length) * 100) / 100,
    handler: Math.round((cpuPerReading.handler.reduce((a, b) => a + b, 0) / cpuPerReading.handler.length) * 100) / 100,
  },
  budget: '>= 0.85',
};
if (resultFile) writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
else process.stderr.write(`${JSON.stringify(result)}\n`);
await dynamo.stop();
process.exit(0);
