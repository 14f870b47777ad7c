/**
 * The cold path, as Lambda runs it: for every function of the synthesized stack, a fresh Node 24
 * process loads the bundle from cdk.out in a task folder where only the AWS SDK resolves, with its
 * template environment (test/bundles/deployed.ts does all of that), answers a first request against
 * DynamoDB Local, then a second. Each function is timed in turn with the baseline — a handler that
 * creates the DynamoDB client and does one PutItem (bench/baseline-handler.ts), bundled the same way —
 * so that the machine's drift weighs on both alike. Run before the local stack starts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { checkpointStore } from '../functions/adapters/store';
import { dynamoTable } from '../functions/adapters/table';
import { signLink } from '../functions/domain/links';
import { COUNTY_ADMIN } from '../functions/domain/operators';
import { CONSOLE_PASS, csrfTokenOf, passText, signPass } from '../functions/domain/passes';
import { planReading } from '../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../functions/domain/registry';
import { fingerprintOf } from '../functions/domain/secrets';
import { routeList } from '../functions/routes';
import { esbuildLikeCdk } from '../infra/constructs/function';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { secretGrantsOf, startSecretsStandIn } from '../local/secrets';
import { startSes } from '../local/ses';
import { ACCOUNT, REGION, resolver, startFunction, synthesize, tasksRoot, type Invocation } from '../test/bundles/deployed';

/** init + first invocation within this many times the baseline's: where people wait (the issue's list), and the rest. */
export const COLD_BUDGET = { felt: 1.3, other: 1.5 } as const;
export const FELT = ['post-reading', 'form-page', 'form-status', 'board'];

const ADMIN_KEY = 'bench-admin-key-0123456789';
const LINK_KEYS = { current: 'k1', k1: 'bench-link-key-k1-0123456789abcdef' };
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** An API Gateway payload 2.0 event for a route of the table, as the gateway sends it. */
const httpEvent = (routeKey: string, input: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown; bearer?: string } = {}) => {
  if (!routeList().some((route) => route.key === routeKey)) throw new Error(`no route ${routeKey}`);
  const [method, template] = routeKey.split(' ') as [string, string];
  const rawPath = template.replace(/\{(\w+)\}/g, (_, name: string) => input.path?.[name] ?? name);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: {
      host: 'bench.execute-api.us-east-1.amazonaws.com',
      'accept-encoding': 'gzip, br',
      ...(input.body !== undefined && { 'content-type': 'application/json' }),
      ...(input.bearer && { authorization: `Bearer ${input.bearer}` }),
    },
    ...(input.query && { queryStringParameters: input.query }),
    ...(input.path && { pathParameters: input.path }),
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(input.body !== undefined && { body: JSON.stringify(input.body) }),
    isBase64Encoded: false,
  };
};

export interface ColdRow {
  name: string;
  kb: number;
  initMs: number;
  firstMs: number;
  /** Of the first invocation, how long a request to a service (the emulators, the secrets stand-in) was open, and how many it made. */
  waitedMs: number;
  requests: number;
  secondMs: number;
  /** What the first request answered (status, or the error's type): a success where one is cheap to set up. */
  answered: string;
  /** (init + first) over the baseline's, medians of the rounds; and each part over the baseline's part. */
  ratio: number;
  /** The same with the time waiting on services taken out of both: what the function's own code costs. */
  ownRatio: number;
  initRatio: number;
  firstRatio: number;
  secondRatio: number;
  budget: number;
}

export interface ColdResults {
  tracing: boolean;
  rounds: number;
  baseline: { kb: number; initMs: number; firstMs: number; waitedMs: number; requests: number; secondMs: number };
  functions: ColdRow[];
  /** Warm, one at a time on the same emulator: the baseline's PutItem, and the reading route's own storage calls. */
  storage: { putItemMs: number; readingCallsMs: number };
  budget: string;
}

const folderKb = (dir: string): number => readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0) / 1024;

/**
 * @param tracing synthesizes the stack with X-Ray tracing on (the default) or off (`-c tracing=false`).
 * @param only measures these functions alone (for working on one).
 */
export const coldPath = async (options: { rounds: number; tracing?: boolean; only?: string[]; log?: (text: string) => void }): Promise<ColdResults> => {
  const log = options.log ?? ((text: string) => console.log(`[cold] ${text}`));
  const tracing = options.tracing ?? true;
  const id = randomUUID().slice(0, 8);
  log(`synthesizing the stack (tracing ${tracing ? 'on' : 'off'}), bundles included`);
  const synthesized = synthesize({ formOrigins: ['https://forms.county.example'], countySummaryEmails: [`county.${id}@example.org`], tracing });
  const { stack, template, logicalId } = synthesized;

  const baselineDir = mkdtempSync(join(tmpdir(), 'cw-cold-baseline-'));
  await build({
    entryPoints: [join(import.meta.dirname, 'baseline-handler.ts')],
    outfile: join(baselineDir, 'index.mjs'),
    ...esbuildLikeCdk(),
  });

  const dynamo = await startDynamo({ port: await freePort() });
  const ses = await startSes(await freePort());
  const tableName = `cold-${id}`;
  await ensureTable(dynamo.client, tableName);
  const resolve = resolver(
    {
      [logicalId(stack.table.table)]: tableName,
      [logicalId(stack.adminKey)]: secretArn('AdminKey'),
      [logicalId(stack.linkKeys)]: secretArn('LinkKeys'),
      [logicalId(stack.mail.configurationSet)]: `cold-${id}`,
      [logicalId(stack.escalation.flow.stateMachine)]: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:cold`,
      [logicalId(stack.api.httpApi)]: 'bench',
    },
    {
      [`${logicalId(stack.table.table)}.Arn`]: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`,
      [`${logicalId(stack.api.httpApi)}.ApiEndpoint`]: `https://bench.execute-api.${REGION}.amazonaws.com`,
    },
  );
  const accessKeyOf = (handler: string) => `AKIA${handler.toUpperCase().replace(/-/g, '')}`;
  const secrets = await startSecretsStandIn({
    secrets: [
      { arn: secretArn('AdminKey'), name: 'AdminKey', value: ADMIN_KEY },
      { arn: secretArn('LinkKeys'), name: 'LinkKeys', value: JSON.stringify(LINK_KEYS) },
    ],
    grants: new Map(synthesized.functions.map((f) => [accessKeyOf(f.handler), secretGrantsOf(template, f.logicalId, resolve)])),
  });
  const runtimeEnvironment = (handler: string, memorySize: string) => ({
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: accessKeyOf(handler),
    AWS_SECRET_ACCESS_KEY: 'not-checked',
    AWS_LAMBDA_FUNCTION_NAME: handler,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memorySize,
    TZ: 'UTC',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    // Where Lambda's X-Ray daemon listens (nothing here: segments go nowhere, as UDP does).
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    // `COLD_PROFILE_DIR=… tsx bench/cold.ts --only=…`: a CPU profile of every cold process, to see where its time goes.
    // (A stopped process exits normally, so that Node writes the profile.)
    ...(process.env.COLD_PROFILE_DIR && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.COLD_PROFILE_DIR} --import=data:text/javascript,process.on(%22SIGTERM%22,()=%3Eprocess.exit(0))` }),
  });
  const environmentOf = (f: (typeof synthesized.functions)[number]) => {
    const resource = template.Resources[f.logicalId]!.Properties!;
    const variables = Object.fromEntries(Object.entries(resource.Environment.Variables as Record<string, unknown>).map(([name, value]) => [name, resolve(value)]));
    return { ...variables, ...runtimeEnvironment(f.handler, String(resource.MemorySize)) };
  };

  // What the requests need: a community, a checkpoint and its form token, one to rotate, a board link.
  const store = checkpointStore(dynamoTable(DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } }), tableName));
  const keys = async () => ({ current: LINK_KEYS.current, keys: { k1: LINK_KEYS.k1 } });
  const community = `cold-${id}`;
  const checkpoint = `cold-cp-${id}`;
  const contacts = [{ name: '组长', email: `leader.${id}@example.org`, role: 'leader' as const }];
  await putCommunity(store, { communityId: community, now: new Date(), body: { name: '冷启动社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: `secretary.${id}@example.org`, role: 'secretary' }] } as never });
  const registration = { name: '冷启动卡点', communityId: community, schedule: { every: 'PT2H' }, grace: 'PT15M', contacts, active: true };
  const { formToken } = await putCheckpoint(store, { checkpointId: checkpoint, keys, now: new Date(), body: registration as never });
  await putCheckpoint(store, { checkpointId: `${checkpoint}-rotated`, keys, now: new Date(), body: registration as never });
  const link = signLink({ current: 'k1', keys: { k1: LINK_KEYS.k1 } }, 'board', 'county', 'read-only', new Date());
  const boardPass = `${link.r}.${link.exp}.${link.kid}.${link.sig}`;
  const consolePass = signPass({ current: 'k1', keys: { k1: LINK_KEYS.k1 } }, CONSOLE_PASS, COUNTY_ADMIN, new Date());
  const consoleCsrf = csrfTokenOf({ current: 'k1', keys: { k1: LINK_KEYS.k1 } }, consolePass);
  /** A console request: the pass as its cookie; a POST's form (with the CSRF token) base64-encoded as API Gateway hands it over. */
  const consoleEvent = (routeKey: string, input: { path?: Record<string, string>; query?: Record<string, string>; form?: string; multipart?: { body: string; boundary: string } }) => {
    const event = httpEvent(routeKey, { ...(input.path && { path: input.path }), ...(input.query && { query: input.query }) });
    const body = input.multipart?.body ?? (input.form !== undefined ? `csrf=${encodeURIComponent(consoleCsrf)}${input.form ? `&${input.form}` : ''}` : undefined);
    const type = input.multipart ? `multipart/form-data; boundary=${input.multipart.boundary}` : 'application/x-www-form-urlencoded';
    return {
      ...event,
      cookies: [`cw_admin=${passText(consolePass)}`],
      ...(body !== undefined && { headers: { ...event.headers, 'content-type': type, origin: `https://${event.headers.host}` }, body: Buffer.from(body).toString('base64'), isBase64Encoded: true }),
    };
  };
  const today = new Date().toISOString().slice(0, 10);
  const reading = () => ({ submissionId: randomUUID(), officer: '张三', screened: 40, entries: 22, exits: 18, feverCount: 0, staffOnDuty: 5 });
  const admin = ADMIN_KEY;
  const forged = { r: 'leader', exp: String(Date.now() + 3_600_000), kid: 'k1', sig: 'forged' };

  /** Each function's request: a success where it is cheap to set up; the escalation ones meet none open (404/403, still read). */
  const requests: Record<string, () => unknown> = {
    'put-community': () => httpEvent('PUT /communities/{communityId}', { path: { communityId: community }, body: { name: '冷启动社区', timezone: 'Asia/Shanghai', contacts: [] }, bearer: admin }),
    'list-communities': () => httpEvent('GET /communities', { bearer: admin }),
    'put-checkpoint': () => httpEvent('PUT /checkpoints/{checkpointId}', { path: { checkpointId: checkpoint }, body: registration, bearer: admin }),
    'list-checkpoints': () => httpEvent('GET /checkpoints', { query: { communityId: community }, bearer: admin }),
    'get-checkpoint': () => httpEvent('GET /checkpoints/{checkpointId}', { path: { checkpointId: checkpoint }, bearer: admin }),
    'rotate-token': () => httpEvent('POST /checkpoints/{checkpointId}/rotate-token', { path: { checkpointId: `${checkpoint}-rotated` }, bearer: admin }),
    'list-readings': () => httpEvent('GET /checkpoints/{checkpointId}/readings', { path: { checkpointId: checkpoint }, bearer: admin }),
    'checkpoint-history': () => httpEvent('GET /checkpoints/{checkpointId}/history', { path: { checkpointId: checkpoint }, bearer: admin }),
    'community-history': () => httpEvent('GET /communities/{communityId}/history', { path: { communityId: community }, bearer: admin }),
    'post-reading': () => httpEvent('POST /checkpoints/{checkpointId}/readings', { path: { checkpointId: checkpoint }, body: reading(), bearer: formToken! }),
    'list-escalations': () => httpEvent('GET /escalations', { query: { status: 'open' }, bearer: admin }),
    'get-escalation': () => httpEvent('GET /escalations/{escalationId}', { path: { escalationId: randomUUID() }, bearer: admin }),
    'ack-escalation': () => httpEvent('POST /escalations/{escalationId}/ack', { path: { escalationId: randomUUID() }, bearer: admin }),
    'ack-page': () => httpEvent('GET /ack/{escalationId}', { path: { escalationId: randomUUID() }, query: forged }),
    'ack-link': () => httpEvent('POST /ack/{escalationId}', { path: { escalationId: randomUUID() }, body: forged }),
    'fever-page': () => httpEvent('GET /fever/{alertId}', { path: { alertId: randomUUID() }, query: forged }),
    'fever-handle': () => httpEvent('POST /fever/{alertId}', { path: { alertId: randomUUID() }, body: { ...forged, by: '王五', action: 'isolated' } }),
    'build-summary': () => httpEvent('POST /summaries/{date}', { path: { date: today }, bearer: admin }),
    'get-summary': () => httpEvent('GET /summaries/{date}', { path: { date: today }, bearer: admin }),
    'summary-file': () => httpEvent('GET /summaries/{date}/file', { path: { date: today }, query: forged }),
    'form-page': () => httpEvent('GET /f/{checkpointId}', { path: { checkpointId: checkpoint } }),
    'form-status': () => httpEvent('GET /f/{checkpointId}/status', { path: { checkpointId: checkpoint }, bearer: formToken! }),
    board: () => httpEvent('GET /board', { query: { v: boardPass } }),
    'gate-sheet': () => httpEvent('GET /checkpoints/{checkpointId}/qr.svg', { path: { checkpointId: checkpoint }, bearer: admin }),
    openapi: () => httpEvent('GET /openapi.json'),
    'import-template': () => httpEvent('GET /imports/checkpoints/template', { query: { format: 'xlsx' }, bearer: admin }),
    // A dry run of a one-row CSV: exceljs and csv-parse loaded, the community read.
    'import-checkpoints': () => {
      const event = httpEvent('POST /imports/checkpoints', { bearer: admin });
      const csv = `卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule\r\n${checkpoint}-sheet,${community},表格卡点,PT2H\r\n`;
      return { ...event, headers: { ...event.headers, 'content-type': 'text/csv' }, body: Buffer.from(csv).toString('base64'), isBase64Encoded: true };
    },
    'export-checkpoints': () => httpEvent('GET /exports/checkpoints', { query: { format: 'xlsx', communityId: community }, bearer: admin }),
    'create-operator-key': () => httpEvent('POST /operator-keys', { body: { name: '冷启动书记', communityIds: [community] }, bearer: admin }),
    'list-operator-keys': () => httpEvent('GET /operator-keys', { bearer: admin }),
    // No such key: the delete still reads (a conditional delete), answering 404.
    'delete-operator-key': () => httpEvent('DELETE /operator-keys/{keyId}', { path: { keyId: '0123456789abcdef' }, bearer: admin }),
    // The community's partition of the trail: one consistent query.
    'list-audit': () => httpEvent('GET /audit', { query: { communityId: community }, bearer: admin }),
    // The console, with the admin's pass (and its CSRF token on a POST, from the console's own origin).
    console: () => consoleEvent('GET /admin/checkpoints/{checkpointId}', { path: { checkpointId: checkpoint } }),
    'console-save': () => consoleEvent('POST /admin/checkpoints/{checkpointId}/active', { path: { checkpointId: checkpoint }, form: 'active=true' }),
    // No such escalation: read, answered 404.
    'console-ack': () => consoleEvent('POST /admin/escalations/{escalationId}/ack', { path: { escalationId: randomUUID() }, form: '' }),
    'console-import': () => {
      const csv = `卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule\r\n${checkpoint}-sheet,${community},表格卡点,PT2H\r\n`;
      const part = (name: string, value: string) => `--cw\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body = `${part('csrf', consoleCsrf)}${part('action', 'check')}--cw\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--cw--\r\n`;
      return consoleEvent('POST /admin/import', { multipart: { body, boundary: 'cw' } });
    },
    'console-files': () => consoleEvent('GET /admin/import/template', { query: { format: 'xlsx' } }),
    sweep: () => ({}),
    'escalation-flow': () => ({ action: 'check', escalationId: randomUUID() }),
    'daily-summary': () => ({ timezone: 'Asia/Shanghai' }),
    'mail-events': () => ({
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `bounced.${id}@example.org` }], timestamp: new Date().toISOString() } },
    }),
  };
  const baselineRequest = () => httpEvent('POST /checkpoints/{checkpointId}/readings', { path: { checkpointId: checkpoint }, body: reading() });
  const answerOf = (answer: Invocation) => (answer.error ? answer.error.errorType : String(answer.result?.statusCode ?? 'ok'));

  /** One cold process: its init, first and second invocation. */
  const coldRun = async (root: string, fn: { handler: string; assetPath: string }, environment: Record<string, string>, request: () => unknown) => {
    const running = startFunction(root, fn, environment, environment.AWS_ACCESS_KEY_ID!);
    try {
      const first = await running.invoke(request());
      const second = await running.invoke(request());
      if (!first.timing || !second.timing) throw new Error(`${fn.handler}: no timing from the runtime: ${running.output().slice(-2000)}`);
      if (first.error?.errorType === 'Runtime.ExitError') throw new Error(`${fn.handler} exited: ${first.error.errorMessage}`);
      return { initMs: first.timing.initMs, firstMs: first.timing.ms, waitedMs: first.timing.waitedMs, requests: first.timing.requests, secondMs: second.timing.ms, answered: answerOf(first) };
    } finally {
      running.stop();
    }
  };

  const functions = synthesized.functions.filter((f) => !options.only || options.only.includes(f.handler));
  const baselineEnvironment = { TABLE_NAME: tableName, ...runtimeEnvironment('baseline', '512') };
  // DynamoDB Local's JVM is slow at a kind of request until its JIT has seen it (a first transaction
  // takes 100 ms more): round 0 runs every function once, unmeasured, so that no function pays for
  // the emulator's warm-up, which DynamoDB itself does not have.

  type Sample = Awaited<ReturnType<typeof coldRun>>;
  const storage = { putItemMs: 0, readingCallsMs: 0 };
  const kb = new Map(functions.map((f) => [f.handler, round(folderKb(f.assetPath))]));
  const own = new Map<string, Sample[]>(functions.map((f) => [f.handler, []]));
  const base = new Map<string, Sample[]>(functions.map((f) => [f.handler, []]));
  try {
    for (let pass = 0; pass <= options.rounds; pass += 1) {
      log(pass === 0 ? `round 0 (unmeasured): every function once, to warm the emulator` : `round ${pass} of ${options.rounds}: ${functions.length} functions, each beside the baseline`);
      const root = tasksRoot();
      for (const f of functions) {
        const request = requests[f.handler];
        if (!request) throw new Error(`the cold-path bench has no request for ${f.handler}`);
        mkdirSync(join(root, f.handler), { recursive: true });
        const baseline = await coldRun(join(root, f.handler), { handler: 'baseline', assetPath: baselineDir }, baselineEnvironment, baselineRequest);
        if (baseline.answered !== '201') throw new Error(`the baseline answered ${baseline.answered}, not 201`);
        const mine = await coldRun(root, f, environmentOf(f), request);
        if (pass === 0) continue;
        base.get(f.handler)!.push(baseline);
        own.get(f.handler)!.push(mine);
      }
      rmSync(root, { recursive: true, force: true });
    }
    // What the reading route's first request cannot go below here: its own storage calls (a consistent
    // GetItem and its transaction, DynamoStore as the handler uses it), against the
    // baseline's PutItem, from a warm client in this process, one at a time.
    const sequential = async (op: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        const started = performance.now();
        await op();
        times.push(performance.now() - started);
      }
      return round(median(times));
    };
    const baselineTable = DynamoDBDocumentClient.from(dynamo.client);
    storage.putItemMs = await sequential(() => baselineTable.send(new PutCommand({ TableName: tableName, Item: { pk: `BASELINE#${randomUUID()}`, sk: 'READING', ...reading() } })));
    storage.readingCallsMs = await sequential(async () => {
      const current = (await store.checkpoint(checkpoint))!;
      const body = reading();
      await store.record(planReading(current, body, { now: new Date(), readingId: randomUUID(), fingerprint: fingerprintOf(body) }));
    });
  } finally {
    await secrets.stop();
    await ses.stop();
    await dynamo.stop();
    rmSync(synthesized.outdir, { recursive: true, force: true });
  }

  const medianOf = (samples: Sample[], part: 'initMs' | 'firstMs' | 'secondMs' | 'waitedMs') => median(samples.map((s) => s[part]));
  // Against the baseline's medians over the whole run (every function's turn): on a machine others
  // share, three or five baseline runs beside one function move more than the function does.
  const all = [...base.values()].flat();
  const [baseInit, baseFirst, baseSecond] = [medianOf(all, 'initMs'), medianOf(all, 'firstMs'), medianOf(all, 'secondMs')];
  const baseTotal = median(all.map((s) => s.initMs + s.firstMs));
  const baseOwn = median(all.map((s) => s.initMs + s.firstMs - s.waitedMs));
  const rows: ColdRow[] = functions.map((f) => {
    const mine = own.get(f.handler)!;
    const [init, first, second, waited] = [medianOf(mine, 'initMs'), medianOf(mine, 'firstMs'), medianOf(mine, 'secondMs'), medianOf(mine, 'waitedMs')];
    return {
      name: f.handler,
      kb: kb.get(f.handler)!,
      initMs: round(init),
      firstMs: round(first),
      waitedMs: round(waited),
      requests: mine[0]!.requests,
      secondMs: round(second),
      answered: mine[0]!.answered,
      ratio: round(median(mine.map((s) => s.initMs + s.firstMs)) / baseTotal, 2),
      ownRatio: round(median(mine.map((s) => s.initMs + s.firstMs - s.waitedMs)) / baseOwn, 2),
      initRatio: round(init / baseInit, 2),
      firstRatio: round(first / baseFirst, 2),
      secondRatio: round(second / baseSecond, 2),
      budget: FELT.includes(f.handler) ? COLD_BUDGET.felt : COLD_BUDGET.other,
    };
  });
  const result: ColdResults = {
    tracing,
    rounds: options.rounds,
    baseline: { kb: round(folderKb(baselineDir)), initMs: round(baseInit), firstMs: round(baseFirst), waitedMs: round(medianOf(all, 'waitedMs')), requests: all[0]!.requests, secondMs: round(baseSecond) },
    functions: rows,
    storage,
    budget: `init + first invocation <= ${COLD_BUDGET.felt}x the baseline's for ${FELT.join(', ')}; <= ${COLD_BUDGET.other}x for the rest`,
  };
  rmSync(baselineDir, { recursive: true, force: true });
  return result;
};

const mark = (ok: boolean) => (ok ? 'within budget' : '**over budget**');
const requests = (n: number) => `${n} service request${n === 1 ? '' : 's'}`;

/** The section of bench/results.md. */
export const coldReport = (results: ColdResults[]): string[] =>
  results.flatMap((r) => {
    const over = r.functions.filter((f) => f.ratio > f.budget);
    return [
      `### Tracing ${r.tracing ? 'on (the default: X-Ray active)' : 'off (`-c tracing=false`)'}`,
      '',
      `Median of ${r.rounds} cold processes per function; ratios against the baseline's medians over the whole run (${r.rounds * r.functions.length} cold processes, one beside each function's). Baseline: ${r.baseline.kb} KB, init ${r.baseline.initMs} ms, first ${r.baseline.firstMs} ms (${r.baseline.waitedMs} ms of it waiting on DynamoDB Local, ${r.baseline.requests} request), second ${r.baseline.secondMs} ms. "Waiting" is the time an outgoing request to a service (DynamoDB Local, the Secrets Manager stand-in, the SES emulator) was open; "own" takes it out of both sides.`,
      '',
      '| function | bundle KB | init ms | first ms | of it waiting (requests) | second ms | first answered | init × | first × | second × | init + first × | budget | own × |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...r.functions.map((f) => `| ${f.name} | ${f.kb} | ${f.initMs} | ${f.firstMs} | ${f.waitedMs} (${f.requests}) | ${f.secondMs} | ${f.answered} | ${f.initRatio} | ${f.firstRatio} | ${f.secondRatio} | **${f.ratio}** | ≤ ${f.budget}: ${mark(f.ratio <= f.budget)} | ${f.ownRatio} |`),
      '',
      `Storage alone, warm, one at a time on the same emulator: the baseline's PutItem ${r.storage.putItemMs} ms; the reading route's own calls (a consistent GetItem and its transaction, DynamoStore as the handler calls it) ${r.storage.readingCallsMs} ms.`,
      '',
      over.length === 0
        ? `Every function within budget (${r.budget}).`
        : `Over budget: ${over.map((f) => `${f.name} ${f.ratio}× — ${f.ownRatio <= f.budget ? `its own code ${f.ownRatio}× (within); the rest is ${f.waitedMs} ms waiting on ${requests(f.requests)} against the baseline's ${r.baseline.waitedMs} ms on one` : `its own code ${f.ownRatio}× (init ${f.initRatio}×), ${f.waitedMs} ms waiting on ${requests(f.requests)}`}`).join('; ')}.`,
      '',
    ];
  });

if (process.argv[1] === import.meta.filename) {
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 5);
  const tracing = !process.argv.includes('--no-tracing');
  const results = await coldPath({ rounds, tracing, ...(only && { only }) });
  console.log(coldReport([results]).join('\n'));
  process.exit(0);
}
