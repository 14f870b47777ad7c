/**
 * The whole system on one machine, out of real parts: DynamoDB Local, and the very Lambda handlers
 * behind the local gateway, using the real AWS SDK clients pointed at the emulators. Each handler runs
 * in its own function's environment (functions/function-env.ts, which the CDK stack deploys from): a
 * variable or secret its deployed function lacks, it lacks here too. Where no emulator exists, a small
 * stand-in of ours plays the service's part: the chat robots (local/chat.ts), and Lambda's event source
 * mapping on the table's stream, which wakes the sender (local/streams.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { Cron } from 'croner';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTable, startDynamo, type DynamoSupervision } from './dynamodb';
import { startGateway } from './gateway';
import { invokeLikeLambda } from './lambda';
import { assertPortFree } from './ports';
import { startChatReceiver } from './chat';
import { DEMO_DINGTALK_SECRET, demoCounty } from './demo-county';
import { isSeeded, seedDemoCounty, type SeededForm } from './seed';
import { startSes } from './ses';
import { startSmtpRelay } from './smtp';
import { LOCAL_STATE_MACHINE_ARN, startLocalStepFunctions } from './stepfunctions';
import { startStreamPoller } from './streams';
import { FLOWS_VARIABLE, functionEnv, MAIL_VARIABLES, mailTransports, secretVariables, settings, TABLE_VARIABLE, type FunctionEnv, type FunctionName, type MailTransport, type SecretName, type Setting } from '../functions/function-env';
import { runInEnvironment } from '../functions/runtime/config';
import { DUE_RUN } from '../functions/sender-trigger';

export const TABLE_NAME = 'checkpoint-watch';

export interface LocalStackOptions {
  port: number;
  dynamoPort: number;
  sesPort: number;
  sfnPort: number;
  /** How often the sweep runs (on AWS: every minute). 0 turns it off. */
  sweepSeconds: number;
  /**
   * How often the sender's minute run (`{ run: 'due' }`: rows whose wait is over) runs (on AWS: every
   * minute). 0 turns it off; the table's stream still wakes the sender for each row written. @default sweepSeconds
   */
  dueRunSeconds?: number;
  /** Where data persists; undefined keeps everything in memory. */
  dataDir?: string;
  /** Where the stack keeps its own files (admin key, demo tokens). */
  stateDir: string;
  adminKey?: string;
  /** Link-signing keys as JSON; generated once and kept in the state folder when not given. */
  linkKeys?: string;
  seed: boolean;
  logLevel?: string;
  /** What to do when DynamoDB Local dies on its own (npm start restarts it on its data, or stops). */
  dynamoSupervision?: DynamoSupervision;
  /**
   * Mail through a local SMTP relay (local/smtp.ts) on these ports instead of the SES emulator, which
   * is then not started: its endpoint points at a port nothing listens on. @default SES
   */
  smtp?: { port: number; inboxPort: number };
  /** The local chat receiver (local/chat.ts) on this port, and the demo county's group channels posting to it. */
  chatPort?: number;
}

export interface LocalStack {
  apiUrl: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** Where every mail sent can be read: the SES emulator's inbox, or the SMTP relay's (`/store` in both). */
  mailInbox: string;
  /** The local chat receiver's inbox (JSON at /store), when it runs. */
  chatInbox?: string;
  mailTransport: MailTransport;
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

/**
 * What the Lambda runtime gives every function alike: the region, credentials, and here the emulators'
 * endpoints (the SDK reads AWS_ENDPOINT_URL_<SERVICE> itself) and Powertools' switches.
 */
const runtimeEnvironment = (options: { dynamoEndpoint: string; sesEndpoint: string; sfnEndpoint: string; logLevel: string }) => ({
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
  // Like the endpoints above, the local stack's own and never CDK's: channel URLs may be the local chat receiver.
  CHANNELS_ALLOW_LOCAL: '1',
});

/** The local values of what functions/function-env.ts names. */
export interface LocalResources {
  /** `smtp` only with the SMTP transport. */
  secrets: Partial<Record<SecretName, string>>;
  /** @default 'ses' */
  mailTransport?: MailTransport;
  /** Deployment settings (`-c` values on AWS); optional ones left out are not set. */
  settings: Partial<Record<Setting, string>>;
}

/**
 * One function's own environment, exactly as its entry in functions/function-env.ts gives it on AWS:
 * the table only to functions that use it, a secret's value only to functions that may read it.
 */
export const localFunctionEnvironment = (name: FunctionName, resources: LocalResources): Record<string, string> => {
  const env: FunctionEnv = functionEnv[name];
  const variables: Record<string, string> = {};
  if (env.table) variables[TABLE_VARIABLE] = TABLE_NAME;
  const transport = resources.mailTransport ?? 'ses';
  for (const secret of [...(env.secrets ?? []), ...(env.mail ? mailTransports[transport].secrets : [])]) {
    const value = resources.secrets[secret];
    if (value === undefined) throw new Error(`function ${name} needs the ${secret} secret, but the local stack has none`);
    variables[secretVariables[secret].local] = value;
  }
  if (env.mail && transport === 'smtp') variables[MAIL_VARIABLES.transport] = 'smtp';
  if (env.mail && transport === 'ses') Object.assign(variables, { [MAIL_VARIABLES.sender]: 'checkpoint-watch@example.org', [MAIL_VARIABLES.configurationSet]: 'checkpoint-watch-mail' });
  if (env.flows) variables[FLOWS_VARIABLE] = LOCAL_STATE_MACHINE_ARN;
  for (const setting of env.settings ?? []) {
    const value = resources.settings[setting];
    if (value !== undefined) variables[setting] = value;
  }
  return variables;
};

/** A handler run the way Lambda runs it: in its own function's environment. */
const inOwnEnvironment = <A extends unknown[], R>(name: FunctionName, resources: LocalResources, handler: (...args: A) => R) => {
  const environment = localFunctionEnvironment(name, resources);
  return (...args: A): R => runInEnvironment(environment, () => handler(...args));
};

/** Settings the local stack takes from its own environment, as the CDK app takes `-c` values. */
const localSettings = (apiUrl: string): Partial<Record<Setting, string>> => ({
  COUNTY_SUMMARY_EMAILS: 'county.summary@example.org',
  ...Object.fromEntries((Object.keys(settings) as Setting[]).flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
  PUBLIC_BASE_URL: apiUrl,
});

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  mkdirSync(options.stateDir, { recursive: true });
  await assertPortFree(options.port, 'the API');
  const adminKey = options.adminKey ?? remembered(join(options.stateDir, 'admin-key'), () => randomBytes(24).toString('base64url'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    await releaseClients();
  };
  try {
    const dynamo = await startDynamo({
      port: options.dynamoPort,
      ...(options.dataDir && { dataDir: options.dataDir }),
      ...(options.dynamoSupervision && { supervise: options.dynamoSupervision }),
    });
    stops.push(dynamo.stop);
    await ensureTable(dynamo.client, TABLE_NAME);
    const sesEndpoint = `http://127.0.0.1:${options.sesPort}`;
    let mailInbox = sesEndpoint;
    let smtpRelay: string | undefined;
    if (options.smtp) {
      // As a provider's relay: a login of its own (made for this run), the From address the secret names.
      const login = { user: 'checkpoint-watch', password: randomBytes(18).toString('base64url') };
      const relay = await startSmtpRelay({ ...options.smtp, ...login });
      stops.push(relay.stop);
      mailInbox = relay.inbox;
      smtpRelay = JSON.stringify({ host: relay.host, port: relay.port, secure: false, ...login, from: 'checkpoint-watch <checkpoint-watch@example.org>' });
    } else {
      const ses = await startSes(options.sesPort);
      stops.push(ses.stop);
    }
    // The stand-in for the WeCom, DingTalk and Feishu robots and a webhook endpoint (no emulator of them exists).
    const chat = options.chatPort
      ? await startChatReceiver({ port: options.chatPort, host: '127.0.0.1', robots: [{ kind: 'dingtalk', token: `demo-${demoCounty()[0]!.communityId}`, secret: DEMO_DINGTALK_SECRET }] })
      : undefined;
    if (chat) stops.push(chat.stop);
    await assertPortFree(options.sfnPort, 'the local Step Functions endpoint');
    const apiUrl = `http://127.0.0.1:${options.port}`;
    const resources: LocalResources = {
      secrets: {
        adminKey,
        linkKeys: options.linkKeys ?? remembered(join(options.stateDir, 'link-keys.json'), () => JSON.stringify({ current: 'k1', k1: randomBytes(32).toString('base64url') })),
        ...(smtpRelay && { smtp: smtpRelay }),
      },
      mailTransport: options.smtp ? 'smtp' : 'ses',
      settings: localSettings(apiUrl),
    };
    // The flow's tasks run the very handler Lambda runs, imported once the runtime's environment is set.
    const flowTasks = inOwnEnvironment('escalation-flow', resources, async (input: unknown) => {
      const { handler } = await import('../functions/handlers/escalation-flow');
      return invokeLikeLambda('escalation-flow', handler, input as never);
    });
    const sfn = await startLocalStepFunctions({ port: options.sfnPort, run: flowTasks, onError: (error) => console.error('[flow] execution failed:', error) });
    stops.push(sfn.stop);

    Object.assign(process.env, runtimeEnvironment({ dynamoEndpoint: dynamo.endpoint, sesEndpoint, sfnEndpoint: sfn.endpoint, logLevel: options.logLevel ?? 'WARN' }));
    // The sender, woken as on AWS: by the table's stream (Lambda's event source mapping, played by
    // local/streams.ts), reading from before any handler can write a notice row; and by its minute run, below.
    const poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName: TABLE_NAME,
      functionName: 'notice-sender',
      handler: inOwnEnvironment('notice-sender', resources, async (event: DynamoDBStreamEvent, context: Context) => (await import('../functions/handlers/notice-sender')).handler(event, context)),
    });
    stops.push(poller.stop);
    const gateway = await startGateway({
      port: options.port,
      loadHandler: async (name) => {
        const { handler } = (await import(`../functions/handlers/${name}.ts`)) as { handler: (...args: unknown[]) => Promise<never> };
        return inOwnEnvironment(name as FunctionName, resources, handler);
      },
    });
    stops.push(gateway.close);

    // Escalations still open from an earlier run carry on from where they stood (in the sweep's environment).
    const resumed = await inOwnEnvironment('sweep', resources, async () => {
      const { escalationDeps } = await import('../functions/runtime/deps');
      return resumeFlows(escalationDeps(apiUrl));
    })();
    if (options.sweepSeconds > 0) stops.push(startSweeping(options.sweepSeconds, resources));
    const dueRunSeconds = options.dueRunSeconds ?? options.sweepSeconds;
    if (dueRunSeconds > 0) stops.push(startDueRuns(dueRunSeconds, resources));
    stops.push(await startDailySummaries(resources));

    const tokensFile = join(options.stateDir, options.dataDir ? 'demo-forms.json' : 'demo-forms.memory.json');
    let forms: SeededForm[] = existsSync(tokensFile) && options.dataDir ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as SeededForm[]) : [];
    if (options.seed && !(await isSeeded(apiUrl, adminKey))) {
      forms = await seedDemoCounty(apiUrl, adminKey, chat?.url);
      if (options.dataDir) writeFileSync(tokensFile, JSON.stringify(forms, null, 2), { mode: 0o600 });
    }
    return { apiUrl, dynamoEndpoint: dynamo.endpoint, sesEndpoint, mailInbox, ...(chat && { chatInbox: chat.url }), mailTransport: resources.mailTransport!, resumed, adminKey, forms, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/**
 * What the handlers made for this stack, let go once it has stopped: the SDK clients keep the emulators'
 * ports they first reached, and the stores the clients they were made with. A stack started next in
 * the same process (the bench runs three in turn) must reach its own emulators, not these stopped ones.
 */
const releaseClients = async (): Promise<void> => {
  const [{ resetSdkClients }, { resetDeps }] = await Promise.all([import('../functions/adapters/dynamo'), import('../functions/runtime/deps')]);
  resetSdkClients();
  resetDeps();
};

/** EventBridge Scheduler's part, locally: a handler on an interval, one run at a time (a run still going skips its turn). */
const onInterval = (label: string, seconds: number, runOnce: () => Promise<unknown>): (() => Promise<void>) => {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runOnce()
      .catch((error: unknown) => console.error(`[${label}] failed:`, (error as Error).message))
      .finally(() => {
        running = undefined;
      });
  }, seconds * 1000);
  return async () => {
    clearInterval(timer);
    await running;
  };
};

/** The sweep's schedule. */
const startSweeping = (seconds: number, resources: LocalResources): (() => Promise<void>) =>
  onInterval(
    'sweep',
    seconds,
    inOwnEnvironment('sweep', resources, async () => {
      const { handler } = await import('../functions/handlers/sweep');
      return invokeLikeLambda('sweep', handler, {});
    }),
  );

/** The sender's minute run: `{ run: 'due' }`, as its schedule sends it (infra/constructs/notice-sender.ts). */
const startDueRuns = (seconds: number, resources: LocalResources): (() => Promise<void>) =>
  onInterval(
    'due run',
    seconds,
    inOwnEnvironment('notice-sender', resources, async () => {
      const { handler } = await import('../functions/handlers/notice-sender');
      return invokeLikeLambda('notice-sender', handler, DUE_RUN);
    }),
  );

/** EventBridge Scheduler's other part: the daily summary at 00:10 in each zone the communities use. */
const startDailySummaries = async (resources: LocalResources): Promise<() => Promise<void>> => {
  const inSummaryEnvironment = <R>(run: () => Promise<R>) => inOwnEnvironment('daily-summary', resources, run)();
  const communities = await inSummaryEnvironment(async () => (await import('../functions/runtime/deps')).summaryDynamoStore().allCommunities());
  const zones = [...new Set(['Asia/Shanghai', ...communities.map((c) => c.timezone)])];
  const jobs = zones.map(
    (timezone) =>
      new Cron('10 0 * * *', { timezone, protect: true }, () =>
        inSummaryEnvironment(async () => {
          const { handler } = await import('../functions/handlers/daily-summary');
          await invokeLikeLambda('daily-summary', handler, { timezone, zones }).catch((error: unknown) => console.error('[daily summary] failed:', (error as Error).message));
        }),
      ),
  );
  return async () => jobs.forEach((job) => job.stop());
};

/**
 * The LOCAL stack's restart only: its flows' executions lived in the process that stopped (on AWS they
 * live in Step Functions, and nothing restarts them), so each escalation still open gets its flow again,
 * by the same name, carrying on from its level.
 */
const resumeFlows = async (deps: { store: { activeEscalations(): Promise<{ escalationId: string; status: string }[]> }; flows: { start(escalationId: string): Promise<void> } }): Promise<number> => {
  const open = (await deps.store.activeEscalations()).filter((escalation) => escalation.status === 'open');
  for (const escalation of open) await deps.flows.start(escalation.escalationId);
  return open.length;
};
