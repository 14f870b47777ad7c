/**
 * What is tested is what is deployed: every function of the synthesized stack, loaded from its cdk.out
 * bundle on Node 24 with nothing but the AWS SDK resolvable and exactly its template environment,
 * against DynamoDB Local, the SES emulator, a Secrets Manager stand-in that hands a function only the
 * secrets its IAM policy in the template grants, and the local Step Functions endpoint running the
 * deployed flow definition with the flow function's bundle. One success and one refusal per route, then
 * the sweep, the flow's tasks, the sender, the daily summary and the mail events. A variable or grant a function
 * lacks on AWS makes its success case fail here.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { checkpointStore } from '../../functions/adapters/store';
import { dynamoTable } from '../../functions/adapters/table';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functionEnv } from '../../functions/function-env';
import { routeList } from '../../functions/routes';
import { ensureTable } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { secretGrantsOf, startSecretsStandIn, type SecretsStandIn } from '../../local/secrets';
import { storedMails } from '../../local/ses';
import { LOCAL_STATE_MACHINE_ARN, startLocalStepFunctions } from '../../local/stepfunctions';
import { newOperatorKeyId } from '../../functions/domain/operators';
import { ackPurpose, linkQuery, signLink } from '../../functions/domain/links';
import { httpEvent, type EventInput } from '../helpers/events';
import { ADMIN_KEY } from '../helpers/table';
import { ACCOUNT, bundledPackages, REGION, resolver, startFunction, synthesize, tasksRoot, type RunningFunction, type Synthesized } from './deployed';

const id = randomUUID().slice(0, 8);
const FORM_ORIGIN = 'https://forms.county.example';
const COUNTY_MAIL = `county.${id}@example.org`;
const LINK_KEYS = JSON.stringify({ current: 'k1', k1: `bundle-test-link-key-${id}-0123456789` });
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;

let synthesized: Synthesized;
let secrets: SecretsStandIn;
let stopFlows: () => Promise<void>;
let root: string;
const running = new Map<string, RunningFunction>();
const timings: Record<string, number> = {};

const fn = (handler: string): RunningFunction => {
  const found = running.get(handler);
  if (!found) throw new Error(`no deployed function ${handler}`);
  return found;
};

interface Answer {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  text: string;
  json: any;
}

/** An API Gateway request to the route's deployed function; a function error is what API Gateway answers then: 500. */
const call = async (input: EventInput & { cookies?: string[] }): Promise<Answer> => {
  const route = routeList().find((candidate) => candidate.key === input.routeKey);
  if (!route) throw new Error(`no route ${input.routeKey}`);
  const target = fn(route.handler);
  // Payload 2.0 carries cookies in their own field, as API Gateway passes them.
  const answer = await target.invoke({ ...httpEvent(input), ...(input.cookies && { cookies: input.cookies }) });
  if (answer.error) return { status: 500, headers: {}, cookies: [], text: `${answer.error.errorType}: ${answer.error.errorMessage}\n${target.output().slice(-3000)}`, json: undefined };
  const result = answer.result as { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean };
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, headers: result.headers ?? {}, cookies: result.cookies ?? [], text, json };
};

/** A status, with the function's own words and log when it is not the one expected. */
const expectStatus = (answer: Answer, status: number) => expect(answer.status, `${answer.text.slice(0, 3000)}\n${''}`).toBe(status);

const mailsTo = async (address: string) => (await storedMails(inject('sesEndpoint'))).filter((mail) => mail.destination.to.includes(address));
const waitFor = async <T>(what: string, find: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${ms / 1000} s`);
};

/** The sender's bundle, invoked as its minute schedule invokes it: what rows are due go out. */
const sendDue = async () => {
  const run = await fn('notice-sender').invoke({ run: 'due' });
  expect(run.error, fn('notice-sender').output().slice(-3000)).toBeUndefined();
};

const COMMUNITY = `bt-${id}`;
const CHECKPOINT = `bt-cp-${id}`;
const LATE = [`bt-late-a-${id}`, `bt-late-b-${id}`];
const email = (role: string) => `${role}.${id}@example.org`;
const admin = { admin: true } as const;

beforeAll(async () => {
  let started = Date.now();
  synthesized = synthesize({ formOrigins: [FORM_ORIGIN], countySummaryEmails: [COUNTY_MAIL] });
  timings.synthMs = Date.now() - started;
  started = Date.now();
  const { stack, template, logicalId } = synthesized;

  const tableName = `bundles-${id}`;
  const dynamoEndpoint = inject('dynamoEndpoint');
  await ensureTable(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), tableName);

  const resolve = resolver(
    {
      [logicalId(stack.table.table)]: tableName,
      [logicalId(stack.adminKey)]: secretArn('AdminKey'),
      [logicalId(stack.linkKeys)]: secretArn('LinkKeys'),
      [logicalId(stack.mail.configurationSet)]: `bundle-test-${id}`,
      [logicalId(stack.escalation.flow.stateMachine)]: LOCAL_STATE_MACHINE_ARN,
      [logicalId(stack.api.httpApi)]: 'bundletest',
    },
    {
      [`${logicalId(stack.table.table)}.Arn`]: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`,
      [`${logicalId(stack.api.httpApi)}.ApiEndpoint`]: `https://bundletest.execute-api.${REGION}.amazonaws.com`,
    },
  );

  const grants = new Map(synthesized.functions.map((f) => [`AKIA${f.handler.toUpperCase().replace(/-/g, '')}`, secretGrantsOf(template, f.logicalId, resolve)]));
  secrets = await startSecretsStandIn({
    secrets: [
      { arn: secretArn('AdminKey'), name: 'AdminKey', value: ADMIN_KEY },
      { arn: secretArn('LinkKeys'), name: 'LinkKeys', value: LINK_KEYS },
    ],
    grants,
  });
  const sfn = await startLocalStepFunctions({
    port: await freePort(),
    run: async (input) => {
      const answer = await fn('escalation-flow').invoke(input);
      if (answer.error) throw Object.assign(new Error(answer.error.errorMessage), { name: answer.error.errorType });
      return answer.result;
    },
    onError: () => undefined,
  });
  stopFlows = sfn.stop;

  root = tasksRoot();
  for (const f of synthesized.functions) {
    const accessKeyId = `AKIA${f.handler.toUpperCase().replace(/-/g, '')}`;
    const resource = template.Resources[f.logicalId]!.Properties!;
    const variables = Object.fromEntries(Object.entries(resource.Environment.Variables as Record<string, unknown>).map(([name, value]) => [name, resolve(value)]));
    running.set(
      f.handler,
      startFunction(
        root,
        { ...f, timeoutSeconds: Number(resource.Timeout) },
        {
          ...variables,
          // What the Lambda runtime sets, and where the emulators are.
          AWS_REGION: REGION,
          AWS_DEFAULT_REGION: REGION,
          AWS_ACCESS_KEY_ID: accessKeyId,
          AWS_SECRET_ACCESS_KEY: 'not-checked',
          AWS_LAMBDA_FUNCTION_NAME: f.handler,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(resource.MemorySize),
          TZ: 'UTC',
          AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
          AWS_ENDPOINT_URL_SESV2: inject('sesEndpoint'),
          AWS_ENDPOINT_URL_SFN: sfn.endpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
          // There is no X-Ray daemon here.
          POWERTOOLS_TRACE_ENABLED: 'false',
        },
        accessKeyId,
      ),
    );
  }

  // Checkpoints already overdue, for the sweep: registered five hours ago (the clock is the domain's input), so a whole
  // PT2H slot has ended since.
  const store = checkpointStore(dynamoTable(DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } }), tableName));
  const past = new Date(Date.now() - 5 * 3600_000);
  const keys = async () => ({ current: 'k1', keys: { k1: JSON.parse(LINK_KEYS).k1 as string } });
  await putCommunity(store, { communityId: `${COMMUNITY}-late`, body: { name: '逾期社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: email('late-secretary'), role: 'secretary' }] } as never, now: past });
  for (const checkpointId of LATE) {
    await putCheckpoint(store, {
      checkpointId,
      body: {
        name: `逾期卡点 ${checkpointId}`,
        communityId: `${COMMUNITY}-late`,
        schedule: { every: 'PT2H' },
        grace: 'PT0S',
        active: true,
        contacts: [{ name: '组长', email: email(`leader-${checkpointId}`), role: 'leader' }],
        escalation: { levels: [{ notify: ['leader'], after: 'PT0S' }, { notify: ['secretary'], after: 'PT1H' }], repeatEvery: 'PT1H', maxRepeats: 0 },
      } as never,
      now: past,
      keys,
    });
  }
  timings.startMs = Date.now() - started;
});

afterAll(async () => {
  for (const f of running.values()) f.stop();
  await stopFlows?.();
  await secrets?.stop();
  if (synthesized) rmSync(synthesized.outdir, { recursive: true, force: true });
  if (root) rmSync(root, { recursive: true, force: true });
  console.info(`deployed bundles: ${synthesized?.functions.length} functions, ${routeList().length} routes; synth ${timings.synthMs} ms, start ${timings.startMs} ms`);
});

describe('the deployed functions, as Lambda loads them', () => {
  it('are every Lambda function of the template, each an entry of functions/function-env.ts', () => {
    const lambdas = Object.entries(synthesized.template.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    expect(synthesized.functions.map((f) => f.logicalId).sort()).toEqual(lambdas.map(([logicalId]) => logicalId).sort());
    expect(synthesized.functions.map((f) => f.handler).sort()).toEqual(Object.keys(functionEnv).sort());
  });

  it('run on Node 24 and can resolve the AWS SDK and nothing else of the project', async () => {
    const packages = bundledPackages();
    expect(packages).toContain('zod');
    for (const f of running.values()) {
      const { node, resolvable } = await f.probe(['@aws-sdk/client-dynamodb', ...packages]);
      expect(node, f.handler).toMatch(/^v24\./);
      expect(resolvable['@aws-sdk/client-dynamodb'], f.handler).toBe(true);
      expect(Object.entries(resolvable).filter(([name, found]) => found && !name.startsWith('@aws-sdk/')), f.handler).toEqual([]);
    }
  });
});

describe('one success and one refusal per route', () => {
  const covered = new Set<string>();
  const route = (key: string) => {
    covered.add(key);
    return key;
  };
  let formToken = '';
  let boardCookie = '';
  let consoleCookie = '';
  let consoleCsrf = '';

  it('PUT /communities/{communityId}', async () => {
    const key = route('PUT /communities/{communityId}');
    const body = { name: '测试社区', timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: email('secretary'), role: 'secretary' }] };
    expectStatus(await call({ routeKey: key, pathParameters: { communityId: COMMUNITY }, body, ...admin }), 201);
    expectStatus(await call({ routeKey: key, pathParameters: { communityId: COMMUNITY }, body }), 401);
  });

  it('GET /communities', async () => {
    const key = route('GET /communities');
    const listed = await call({ routeKey: key, ...admin });
    expectStatus(listed, 200);
    expect(JSON.stringify(listed.json)).toContain(COMMUNITY);
    expectStatus(await call({ routeKey: key, headers: { authorization: 'Bearer wrong-key-0123456789' } }), 401);
  });

  it('PUT /checkpoints/{checkpointId}', async () => {
    const key = route('PUT /checkpoints/{checkpointId}');
    const body = { name: '测试卡点', communityId: COMMUNITY, schedule: { every: 'PT2H' }, contacts: [{ name: '组长', email: email('leader'), role: 'leader' }] };
    const created = await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, body, ...admin });
    expectStatus(created, 201);
    expect(created.json.formToken).toEqual(expect.any(String));
    formToken = created.json.formToken;
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: `${CHECKPOINT}-x` }, body: { ...body, communityId: 'no-such-community' }, ...admin }), 400);
  });

  it('GET /checkpoints', async () => {
    const key = route('GET /checkpoints');
    expectStatus(await call({ routeKey: key, query: { communityId: COMMUNITY }, ...admin }), 200);
    expectStatus(await call({ routeKey: key }), 401);
  });

  it('GET /checkpoints/{checkpointId}', async () => {
    const key = route('GET /checkpoints/{checkpointId}');
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, ...admin }), 200);
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: 'no-such-checkpoint' }, ...admin }), 404);
  });

  it('POST /checkpoints/{checkpointId}/rotate-token', async () => {
    const key = route('POST /checkpoints/{checkpointId}/rotate-token');
    const rotated = await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, ...admin });
    expectStatus(rotated, 200);
    formToken = rotated.json.formToken;
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: 'no-such-checkpoint' }, ...admin }), 404);
  });

  it('POST /checkpoints/{checkpointId}/readings and its preflight', async () => {
    const key = route('POST /checkpoints/{checkpointId}/readings');
    const reading = { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 5, exits: 5, feverCount: 0, staffOnDuty: 2 };
    const posted = await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, body: reading, token: formToken, headers: { origin: FORM_ORIGIN } });
    expectStatus(posted, 201);
    expect(posted.headers['access-control-allow-origin']).toBe(FORM_ORIGIN);
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, body: { ...reading, submissionId: randomUUID() }, token: 'not-the-token' }), 401);

    const preflight = route('OPTIONS /checkpoints/{checkpointId}/readings');
    const allowed = await call({ routeKey: preflight, pathParameters: { checkpointId: CHECKPOINT }, headers: { origin: FORM_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe(FORM_ORIGIN);
    const other = await call({ routeKey: preflight, pathParameters: { checkpointId: CHECKPOINT }, headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(other.status).toBeLessThan(500);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a fever reading opens its alert and starts its flow (post-reading: the state machine and its grant), whose Step tells level 1; GET, HEAD and POST /fever/{alertId}', async () => {
    const reading = { submissionId: randomUUID(), officer: '张三', screened: 10, entries: 5, exits: 5, feverCount: 1, maxTempC: 38.3, feverCases: [{ tempC: 38.3, direction: 'in' }] };
    const posted = await call({ routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: CHECKPOINT }, body: reading, token: formToken });
    expectStatus(posted, 201);
    expect(posted.json.feverAlert).toBe(true);
    const listed = await call({ routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: CHECKPOINT }, ...admin });
    const alertId = (listed.json.items as { submissionId: string; feverAlertId?: string }[]).find((r) => r.submissionId === reading.submissionId)!.feverAlertId!;
    // Started by post-reading itself (no sweep here): the flow's Step opens level 1 at once.
    await waitFor('the fever alert at level 1', async () => {
      const shown = await call({ routeKey: 'GET /escalations/{escalationId}', pathParameters: { escalationId: alertId }, ...admin });
      return shown.json?.level === 1 ? shown : undefined;
    });
    const keys = { current: 'k1', keys: { k1: JSON.parse(LINK_KEYS).k1 as string } };
    const query = Object.fromEntries(new URLSearchParams(linkQuery(signLink(keys, ackPurpose('fever'), alertId, email('leader'), new Date()))));
    for (const key of ['GET /fever/{alertId}', 'HEAD /fever/{alertId}']) {
      expectStatus(await call({ routeKey: route(key), pathParameters: { alertId }, query }), 200);
      expectStatus(await call({ routeKey: key, pathParameters: { alertId }, query: { ...query, sig: 'forged' } }), 403);
    }
    const key = route('POST /fever/{alertId}');
    expectStatus(await call({ routeKey: key, pathParameters: { alertId }, body: { ...query, by: '王丽' } }), 400);
    const handled = await call({ routeKey: key, pathParameters: { alertId }, body: { ...query, by: '王丽', action: 'isolated' } });
    expectStatus(handled, 200);
    const shown = await call({ routeKey: 'GET /escalations/{escalationId}', pathParameters: { escalationId: alertId }, ...admin });
    expect(shown.json).toMatchObject({ status: 'acknowledged', handling: { action: 'isolated' } });
  });

  it('GET /checkpoints/{checkpointId}/readings', async () => {
    const key = route('GET /checkpoints/{checkpointId}/readings');
    const listed = await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, ...admin });
    expectStatus(listed, 200);
    expect(JSON.stringify(listed.json)).toContain('张三');
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT } }), 401);
  });

  it('GET /checkpoints/{checkpointId}/history and GET /communities/{communityId}/history', async () => {
    const own = await call({ routeKey: route('GET /checkpoints/{checkpointId}/history'), pathParameters: { checkpointId: CHECKPOINT }, ...admin });
    expectStatus(own, 200);
    expect(own.json.days).toHaveLength(14);
    expect(own.json.days.at(-1).partial).toBe(true);
    // The reading above, and the fever reading.
    expect(own.json.days.reduce((n: number, day: { readings: number }) => n + day.readings, 0)).toBe(2);
    expectStatus(await call({ routeKey: 'GET /checkpoints/{checkpointId}/history', pathParameters: { checkpointId: CHECKPOINT }, query: { days: '0' }, ...admin }), 400);
    const community = await call({ routeKey: route('GET /communities/{communityId}/history'), pathParameters: { communityId: COMMUNITY }, query: { days: '3' }, ...admin });
    expectStatus(community, 200);
    expect(community.json.days).toHaveLength(3);
    expectStatus(await call({ routeKey: 'GET /communities/{communityId}/history', pathParameters: { communityId: COMMUNITY } }), 401);
  });

  it('GET /f/{checkpointId}/status and its preflight', async () => {
    const key = route('GET /f/{checkpointId}/status');
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, token: formToken }), 200);
    expectStatus(await call({ routeKey: key, pathParameters: { checkpointId: CHECKPOINT }, token: 'not-the-token' }), 401);
    const preflight = route('OPTIONS /f/{checkpointId}/status');
    const allowed = await call({ routeKey: preflight, pathParameters: { checkpointId: CHECKPOINT }, headers: { origin: FORM_ORIGIN, 'access-control-request-method': 'GET' } });
    expect(allowed.headers['access-control-allow-origin']).toBe(FORM_ORIGIN);
    const other = await call({ routeKey: preflight, pathParameters: { checkpointId: CHECKPOINT }, headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } });
    expect(other.status).toBeLessThan(500);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the form pages: GET /f/sw.js, /f/{checkpointId}, its manifest and done page', async () => {
    expectStatus(await call({ routeKey: route('GET /f/sw.js') }), 200);
    for (const key of ['GET /f/{checkpointId}', 'GET /f/{checkpointId}/manifest.webmanifest', 'GET /f/{checkpointId}/done']) {
      expectStatus(await call({ routeKey: route(key), pathParameters: { checkpointId: CHECKPOINT } }), 200);
      // An id the contract refuses.
      expect((await call({ routeKey: key, pathParameters: { checkpointId: 'bad id!' } })).status, key).toBe(400);
    }
  });

  it('POST /board/sign-in — the admin key from Secrets Manager; GET /board with the pass it sets', async () => {
    const signIn = route('POST /board/sign-in');
    const signed = await call({ routeKey: signIn, body: { key: ADMIN_KEY } });
    expectStatus(signed, 303);
    boardCookie = signed.cookies[0]!.split(';')[0]!;
    expectStatus(await call({ routeKey: signIn, body: { key: 'not-the-admin-key' } }), 401);

    const board = route('GET /board');
    const shown = await call({ routeKey: board, cookies: [boardCookie] });
    expectStatus(shown, 200);
    expect(shown.text).toContain('测试卡点');
    const refused = await call({ routeKey: board, query: { v: 'admin.1.k1.forged' } });
    expectStatus(refused, 200);
    expect(refused.text).not.toContain('测试卡点');
  });

  it('GET /checkpoints/{checkpointId}/qr.svg and GET /communities/{communityId}/sheet', async () => {
    const qr = await call({ routeKey: route('GET /checkpoints/{checkpointId}/qr.svg'), pathParameters: { checkpointId: CHECKPOINT }, ...admin });
    expectStatus(qr, 200);
    expect(qr.text).toContain('<svg');
    expectStatus(await call({ routeKey: 'GET /checkpoints/{checkpointId}/qr.svg', pathParameters: { checkpointId: 'no-such-checkpoint' }, ...admin }), 404);
    expectStatus(await call({ routeKey: route('GET /communities/{communityId}/sheet'), pathParameters: { communityId: COMMUNITY }, ...admin }), 200);
    expectStatus(await call({ routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: COMMUNITY } }), 401);
  });

  it('the spreadsheet routes: the template, an import (a binary body, base64-encoded as API Gateway sends it), its faulty-cells copy and the export', async () => {
    const template = await call({ routeKey: route('GET /imports/checkpoints/template'), query: { format: 'xlsx' }, ...admin });
    expectStatus(template, 200);
    expect(template.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expectStatus(await call({ routeKey: 'GET /imports/checkpoints/template' }), 401);

    const csv = `卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,组长姓名 leaderName,组长手机 leaderMobile\r\n${CHECKPOINT}-sheet,${COMMUNITY},表格卡点,PT2H,组长,13800138000\r\n`;
    const file = { rawBody: csv, base64: true, headers: { 'content-type': 'text/csv' } };
    const imported = await call({ routeKey: route('POST /imports/checkpoints'), query: { dryRun: 'false' }, ...file, ...admin });
    expectStatus(imported, 200);
    expect(imported.json).toEqual({ rows: 1, created: 1, updated: 0, unchanged: 0, applied: true, errors: [] });
    expectStatus(await call({ routeKey: 'POST /imports/checkpoints', query: { dryRun: 'false' }, rawBody: csv, headers: { 'content-type': 'application/json' }, ...admin }), 415);

    const faulty = await call({ routeKey: route('POST /imports/checkpoints/faulty-cells'), ...file, ...admin });
    expectStatus(faulty, 200);
    expect(faulty.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expectStatus(await call({ routeKey: 'POST /imports/checkpoints/faulty-cells', ...file }), 401);

    const exported = await call({ routeKey: route('GET /exports/checkpoints'), query: { format: 'csv', communityId: COMMUNITY }, ...admin });
    expectStatus(exported, 200);
    expect(exported.text).toContain(`${CHECKPOINT}-sheet`);
    expectStatus(await call({ routeKey: 'GET /exports/checkpoints', query: { format: 'ods' }, ...admin }), 400);
  });

  it('POST, GET and DELETE /operator-keys; an operator key on the routes and the board that take one, looked up with their own grants', async () => {
    const create = route('POST /operator-keys');
    const issued = await call({ routeKey: create, body: { name: '测试社区书记', communityIds: [COMMUNITY] }, ...admin });
    expectStatus(issued, 201);
    const { keyId, key } = issued.json as { keyId: string; key: string };
    expectStatus(await call({ routeKey: create, body: { name: '自封', communityIds: [COMMUNITY] }, token: key }), 403);
    const list = route('GET /operator-keys');
    const listed = await call({ routeKey: list, ...admin });
    expectStatus(listed, 200);
    expect(listed.text).toContain(keyId);
    expect(listed.text).not.toContain(key);
    expectStatus(await call({ routeKey: list }), 401);

    const checkpoint = (checkpointId: string) => call({ routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId }, token: key });
    expectStatus(await checkpoint(CHECKPOINT), 200);
    expectStatus(await checkpoint(LATE[0]!), 403);
    const signed = await call({ routeKey: 'POST /board/sign-in', body: { key } });
    expectStatus(signed, 303);
    const shown = await call({ routeKey: 'GET /board', cookies: [signed.cookies[0]!.split(';')[0]!] });
    expect(shown.text).toContain('测试卡点');
    expect(shown.text).not.toContain('逾期卡点');

    const revoke = route('DELETE /operator-keys/{keyId}');
    expectStatus(await call({ routeKey: revoke, pathParameters: { keyId }, ...admin }), 204);
    expectStatus(await call({ routeKey: revoke, pathParameters: { keyId }, ...admin }), 404);
    expectStatus(await checkpoint(CHECKPOINT), 401);
  });

  it("the console: sign-in with the admin key from Secrets Manager, its pages with the pass, its forms with the pass's CSRF token from its own origin", async () => {
    const signIn = route('POST /admin/sign-in');
    const signed = await call({ routeKey: signIn, body: { key: ADMIN_KEY } });
    expectStatus(signed, 303);
    expectStatus(await call({ routeKey: signIn, body: { key: 'not-the-admin-key' } }), 401);
    consoleCookie = signed.cookies.find((cookie) => cookie.startsWith('cw_admin='))!.split(';')[0]!;
    const page = (routeKey: string, input: Partial<EventInput> = {}) => call({ routeKey: route(routeKey), cookies: [consoleCookie], ...input });

    const home = await page('GET /admin');
    expectStatus(home, 200);
    expect(home.text).toContain(COMMUNITY);
    consoleCsrf = /name="csrf" value="([^"]+)"/.exec(home.text)![1]!;
    // Without the pass a console page is the sign-in page.
    expect((await call({ routeKey: 'GET /admin' })).text).toContain('action="/admin/sign-in"');
    for (const [key, pathParameters, query] of [
      ['GET /admin/communities/{communityId}', { communityId: COMMUNITY }, undefined],
      ['GET /admin/checkpoints/{checkpointId}', { checkpointId: CHECKPOINT }, undefined],
      ['GET /admin/communities/{communityId}/sheet', { communityId: COMMUNITY }, { checkpointId: CHECKPOINT }],
      ['GET /admin/escalations', undefined, undefined],
      ['GET /admin/import', undefined, undefined],
      ['GET /admin/import/template', undefined, { format: 'csv' }],
      ['GET /admin/export', undefined, { format: 'csv', communityId: COMMUNITY }],
      ['GET /admin/audit', undefined, { communityId: COMMUNITY }],
      ['GET /admin/operator-keys', undefined, undefined],
      ['GET /admin/new-community', undefined, undefined],
      ['GET /admin/communities/{communityId}/new-checkpoint', { communityId: COMMUNITY }, undefined],
    ] as const) {
      expectStatus(await page(key, { ...(pathParameters && { pathParameters }), ...(query && { query }) }), 200);
      expectStatus(await call({ routeKey: key, ...(pathParameters && { pathParameters }), ...(query && { query }) }), 401);
    }

    const form = (fields: Record<string, string>, origin = 'https://api.test') => ({
      rawBody: new URLSearchParams({ csrf: consoleCsrf, ...fields }).toString(),
      base64: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      cookies: [consoleCookie],
    });
    const posts: [string, Record<string, string>, Record<string, string>][] = [
      ['POST /admin/communities/{communityId}', { communityId: COMMUNITY }, { name: '测试社区', timezone: 'Asia/Shanghai', 'contacts.0.name': '书记', 'contacts.0.email': email('secretary'), 'contacts.0.role': 'secretary' }],
      ['POST /admin/checkpoints/{checkpointId}', { checkpointId: CHECKPOINT }, { name: '测试卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.email': email('leader') }],
      ['POST /admin/checkpoints/{checkpointId}/active', { checkpointId: CHECKPOINT }, { active: 'true' }],
      ['POST /admin/checkpoints/{checkpointId}/rotate-token', { checkpointId: `${CHECKPOINT}-sheet` }, {}],
      ['POST /admin/communities', {}, { communityId: `${COMMUNITY}-new`, name: '新社区', timezone: 'Asia/Shanghai', 'contacts.0.name': '书记', 'contacts.0.email': email('secretary'), 'contacts.0.role': 'secretary' }],
      ['POST /admin/communities/{communityId}/checkpoints', { communityId: COMMUNITY }, { checkpointId: `${CHECKPOINT}-new`, name: '新卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.email': email('leader') }],
    ];
    for (const [key, pathParameters, fields] of posts) {
      expectStatus(await call({ routeKey: route(key), pathParameters, ...form(fields) }), 303);
      expectStatus(await call({ routeKey: key, pathParameters, ...form(fields, 'https://elsewhere.example') }), 403);
    }
    // A key issued from the console is shown on its answer page (written with console-save's grants), then revoked.
    const issueKey = route('POST /admin/operator-keys');
    const issued = await call({ routeKey: issueKey, ...form({ keyId: newOperatorKeyId(), name: '控制台签发', communityIds: COMMUNITY }) });
    expectStatus(issued, 200);
    const issuedId = /<output id="new-key-value"[^>]*>op_([0-9a-f]{16})_/.exec(issued.text)![1]!;
    expectStatus(await call({ routeKey: issueKey, ...form({ keyId: newOperatorKeyId(), name: '控制台签发', communityIds: COMMUNITY }, 'https://elsewhere.example') }), 403);
    const revokeKey = route('POST /admin/operator-keys/{keyId}/revoke');
    expectStatus(await call({ routeKey: revokeKey, pathParameters: { keyId: issuedId }, ...form({}) }), 303);
    expectStatus(await call({ routeKey: revokeKey, pathParameters: { keyId: issuedId }, ...form({}) }), 404);
    const boundary = 'cw-bundle';
    const csv = `卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,组长姓名 leaderName,组长手机 leaderMobile\r\n${CHECKPOINT}-sheet,${COMMUNITY},表格卡点,PT2H,组长,13800138000\r\n`;
    const upload = (csrf: string) => ({
      rawBody: `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\ncheck\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      base64: true,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: 'https://api.test' },
      cookies: [consoleCookie],
    });
    const checked = await call({ routeKey: route('POST /admin/import'), ...upload(consoleCsrf) });
    expectStatus(checked, 200);
    expect(checked.text).toContain('<!doctype html>');
    expectStatus(await call({ routeKey: 'POST /admin/import', ...upload('forged') }), 403);

    const signOut = route('POST /admin/sign-out');
    expectStatus(await call({ routeKey: signOut, ...form({}, 'https://elsewhere.example') }), 403);
    expectStatus(await call({ routeKey: signOut, ...form({}) }), 303);
  });

  it('GET /openapi.json', async () => {
    const key = route('GET /openapi.json');
    const document = await call({ routeKey: key });
    expectStatus(document, 200);
    expect(document.json.openapi).toMatch(/^3\.1/);
  });

  describe('escalation: the sweep, the flow, and the escalation routes', () => {
    let escalations: string[] = [];
    let acknowledgedByLink = '';

    it('the sweep opens an escalation per overdue checkpoint and starts its flow, whose tasks mail the first level with a signed link', async () => {
      const swept = await fn('sweep').invoke({});
      expect(swept.error, fn('sweep').output().slice(-3000)).toBeUndefined();
      // The sweep reports a checkpoint it could not handle rather than failing: nothing may be there.
      expect(swept.result.failed, fn('sweep').output().slice(-3000)).toEqual([]);
      expect(swept.result.opened, JSON.stringify(swept.result)).toHaveLength(2);
      const listed = await call({ routeKey: route('GET /escalations'), query: { status: 'open', communityId: `${COMMUNITY}-late` }, ...admin });
      expectStatus(listed, 200);
      escalations = (listed.json.items ?? listed.json.escalations ?? listed.json).map((e: { escalationId: string }) => e.escalationId);
      expect(escalations).toHaveLength(2);
      for (const checkpointId of LATE) {
        const [mail] = await waitFor(`the level-1 notice for ${checkpointId}`, async () => {
          // The flow's Step wrote the level's rows; the sender's bundle sends them (its minute run, as the stream would).
          await sendDue();
          const mails = await mailsTo(email(`leader-${checkpointId}`));
          return mails.length > 0 ? mails : undefined;
        });
        expect(mail!.body.text ?? mail!.body.html).toMatch(/\/ack\/[^?\s]+\?r=/);
      }
      expectStatus(await call({ routeKey: 'GET /escalations', query: { status: 'no-such-status' }, ...admin }), 400);
    });

    it('GET /escalations/{escalationId}', async () => {
      const key = route('GET /escalations/{escalationId}');
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId: escalations[0]! }, ...admin }), 200);
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId: escalations[0]! } }), 401);
    });

    it('the acknowledge link from the notice: GET, HEAD and POST /ack/{escalationId}', async () => {
      const [mail] = await mailsTo(email(`leader-${LATE[0]}`));
      const link = new URL(/https?:\/\/[^\s"<>]+\/ack\/[^\s"<>]+/.exec(mail!.body.text ?? mail!.body.html ?? '')![0].replace(/&amp;/g, '&'));
      const escalationId = decodeURIComponent(link.pathname.split('/').pop()!);
      const query = Object.fromEntries(link.searchParams);
      for (const key of ['GET /ack/{escalationId}', 'HEAD /ack/{escalationId}']) {
        expectStatus(await call({ routeKey: route(key), pathParameters: { escalationId }, query }), 200);
        expectStatus(await call({ routeKey: key, pathParameters: { escalationId }, query: { ...query, sig: 'forged' } }), 403);
      }
      const key = route('POST /ack/{escalationId}');
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId }, body: { ...query, sig: 'forged' } }), 403);
      const acknowledged = await call({ routeKey: key, pathParameters: { escalationId }, body: query });
      expect(acknowledged.status, acknowledged.text.slice(0, 2000)).toBeLessThan(400);
      acknowledgedByLink = escalationId;
    });

    it('POST /escalations/{escalationId}/ack', async () => {
      const key = route('POST /escalations/{escalationId}/ack');
      const other = escalations.find((escalationId) => escalationId !== acknowledgedByLink)!;
      const acknowledged = await call({ routeKey: key, pathParameters: { escalationId: other }, ...admin });
      expect(acknowledged.status, acknowledged.text.slice(0, 2000)).toBe(200);
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId: randomUUID() }, ...admin }), 404);
    });

    it('POST /admin/escalations/{escalationId}/ack: the console acknowledges with its pass (its rows for the others told written with its own grants)', async () => {
      const key = route('POST /admin/escalations/{escalationId}/ack');
      const form = (origin: string) => ({ rawBody: new URLSearchParams({ csrf: consoleCsrf }).toString(), base64: true, headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, cookies: [consoleCookie] });
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId: escalations[0]! }, ...form('https://elsewhere.example') }), 403);
      expectStatus(await call({ routeKey: key, pathParameters: { escalationId: escalations[0]! }, ...form('https://api.test') }), 303);
    });

    it('the flow function: a Step of an escalation that does not exist ends it', async () => {
      const refused = await fn('escalation-flow').invoke({ action: 'step', escalationId: 'no-such-escalation' });
      expect(refused.error ?? refused.result).toBeDefined();
      expect(refused.error?.errorType === 'Runtime.ExitError').toBe(false);
    });
  });

  describe('summaries', () => {
    const today = new Date().toISOString().slice(0, 10);

    it('POST /summaries/{date}?notify=true builds and mails it', async () => {
      const key = route('POST /summaries/{date}');
      const built = await call({ routeKey: key, pathParameters: { date: today }, query: { notify: 'true' }, ...admin });
      expect(built.status, built.text.slice(0, 2000)).toBeLessThan(300);
      // The build writes the messages as rows; the sender sends them (here its minute run, as the stream would).
      await sendDue();
      await waitFor('the county summary mail', async () => ((await mailsTo(COUNTY_MAIL)).length > 0 ? true : undefined));
      expectStatus(await call({ routeKey: key, pathParameters: { date: today } }), 401);
    });

    it('GET /summaries/{date}', async () => {
      const key = route('GET /summaries/{date}');
      expectStatus(await call({ routeKey: key, pathParameters: { date: today }, ...admin }), 200);
      expectStatus(await call({ routeKey: key, pathParameters: { date: '2001-01-01' }, ...admin }), 404);
      // The workbook: exceljs, loaded only for it, is deployed beside the bundle as a file of its own
      // (the JSON and CSV answers do not parse it), and found there.
      const asset = synthesized.functions.find((f) => f.handler === 'get-summary')!.assetPath;
      expect(readdirSync(asset).sort()).toEqual(['index.mjs', 'spreadsheet.mjs']);
      expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).not.toContain('exceljs');
      const workbook = await call({ routeKey: key, pathParameters: { date: today }, query: { format: 'xlsx' }, ...admin });
      expectStatus(workbook, 200);
      expect(workbook.text.slice(0, 2)).toBe('PK');
    });

    it("GET /summaries/{date}/file: the county mail's link, signed by the build with the link keys from Secrets Manager, checked by summary-file with its own", async () => {
      const [mail] = await mailsTo(COUNTY_MAIL);
      const link = new URL(/https?:\/\/[^\s"<>]+\/summaries\/[^\s"<>]+\/file\?[^\s"<>]+/.exec(mail!.body.text ?? '')![0]);
      const date = link.pathname.split('/')[2]!;
      const query = Object.fromEntries(link.searchParams);
      const key = route('GET /summaries/{date}/file');
      const file = await call({ routeKey: key, pathParameters: { date }, query });
      expectStatus(file, 200);
      expect(file.text.charCodeAt(0)).toBe(0xfeff);
      expectStatus(await call({ routeKey: key, pathParameters: { date }, query: { ...query, sig: 'forged' } }), 403);
    });

    it('the daily summary function builds and mails the day for its zone, and refuses a zone that is not one', async () => {
      const before = (await mailsTo(COUNTY_MAIL)).length;
      const daily = await fn('daily-summary').invoke({ timezone: 'Asia/Shanghai' });
      expect(daily.error, fn('daily-summary').output().slice(-3000)).toBeUndefined();
      await sendDue();
      await waitFor('the daily summary mail', async () => ((await mailsTo(COUNTY_MAIL)).length > before ? true : undefined));
      expect((await fn('daily-summary').invoke({ timezone: 'Not/AZone' })).error).toBeDefined();
    });
  });

  it('GET /audit: the changes made above, each with its actor, written by the functions that made them with their own grants', async () => {
    const key = route('GET /audit');
    const actions = async (query: Record<string, string>) => {
      const page = await call({ routeKey: key, query, ...admin });
      expectStatus(page, 200);
      return (page.json.items as { action: string; actor: { kind: string } }[]).map((entry) => `${entry.actor.kind} ${entry.action}`);
    };
    expect(await actions({ communityId: COMMUNITY })).toEqual(
      expect.arrayContaining(['admin community.created', 'admin checkpoint.created', 'admin checkpoint.token-rotated', 'admin checkpoints.imported']),
    );
    // One acknowledgement from the notice's link, one by the admin key.
    expect(await actions({ communityId: `${COMMUNITY}-late` })).toEqual(expect.arrayContaining(['link escalation.acknowledged', 'admin escalation.acknowledged']));
    expect(await actions({})).toEqual(expect.arrayContaining(['admin operator-key.created', 'admin operator-key.revoked']));
    expectStatus(await call({ routeKey: key, query: { from: 'yesterday' }, ...admin }), 400);
  });

  it('the mail-events function marks a bounced address, and refuses what is not an SES event', async () => {
    const bounce = {
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email('bounced') }], timestamp: new Date().toISOString() } },
    };
    const marked = await fn('mail-events').invoke(bounce);
    expect(marked.error, fn('mail-events').output().slice(-3000)).toBeUndefined();
    expect(marked.result).toEqual({ unreachable: 1 });
    expect((await fn('mail-events').invoke({ source: 'aws.s3' })).error).toBeDefined();
  });

  it('the sender function takes its minute run and a stream batch of a notice row, as its schedule and the stream send them, with its own grants', async () => {
    const isResult = (result: unknown) => typeof (result as { messages?: unknown }).messages === 'number';
    const due = await fn('notice-sender').invoke({ run: 'due' });
    expect(due.error, fn('notice-sender').output().slice(-3000)).toBeUndefined();
    expect((due.result as unknown[]).every(isResult)).toBe(true);
    const recipient = email('nobody-waits');
    const keys = { pk: { S: `ESCALATION#bt-${id}` }, sk: { S: `NOTICE#level#01#00#${recipient}` } };
    const batch = await fn('notice-sender').invoke({
      Records: [{ eventID: '1', eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: REGION, eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t/stream/x`, dynamodb: { ApproximateCreationDateTime: Math.floor(Date.now() / 1000), Keys: keys, NewImage: { ...keys, recipient: { S: recipient } }, SequenceNumber: '1', SizeBytes: 1, StreamViewType: 'NEW_IMAGE' } }],
    });
    expect(batch.error, fn('notice-sender').output().slice(-3000)).toBeUndefined();
    expect((batch.result as unknown[]).every(isResult)).toBe(true);
  });

  it('covered every route of the route table, with a refusal for each that takes any input', () => {
    expect([...covered].sort()).toEqual(routeList().map((r) => r.key).sort());
    // A public route with no parameters, query or body has nothing to refuse.
    const inputless = routeList().filter((r) => r.auth === 'public' && !r.params && !r.query && !r.body && !r.cors);
    expect(inputless.map((r) => r.key).sort()).toEqual(['GET /f/sw.js', 'GET /openapi.json']);
  });

  it('handed each secret only to functions whose policy grants it, and every function that asked was granted', () => {
    expect(secrets.calls.length).toBeGreaterThan(0);
    expect(secrets.calls.filter((c) => !c.granted)).toEqual([]);
    const adminReaders = new Set(secrets.calls.filter((c) => c.secretId === secretArn('AdminKey')).map((c) => c.accessKeyId));
    expect(adminReaders).toContain('AKIABOARD');
  });
});
