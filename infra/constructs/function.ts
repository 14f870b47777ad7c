import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { FLOWS_VARIABLE, functionEnv, mailTransports, runtimeOf, secretVariables, settings as settingInfo, TABLE_VARIABLE, TRACING_VARIABLE, type FunctionEnv, type FunctionName, type MailTransport, type SecretName, type Setting } from '../../functions/function-env';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** Powertools' service and metrics namespace, the same for every function: alarms on a function's own metrics name them. */
export const POWERTOOLS = { serviceName: 'checkpoint-watch', metricsNamespace: 'CheckpointWatch' } as const;

/**
 * How every function is bundled (the bench bundles with the same options to measure what Lambda loads).
 * ESM lets esbuild take the packages' ES builds and drop what is unused (zod: 90 KB, not 450); some
 * dependencies are CommonJS and require Node's built-ins, so the module gets a `require`. The AWS SDK
 * is the runtime's own. Powertools stays in the bundle: from its official layer (unbundled files) it
 * imported about 50 ms slower in the bench, for 150 KB less to download.
 */
export const BUNDLING = {
  minify: true,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
  // nodemailer only where mail goes through an SMTP relay: CheckpointFunction bundles it there alone.
  external: ['@aws-sdk/*', 'nodemailer'],
} as const;

/** The same settings as esbuild's own options, for code that bundles a handler as CDK does (tests, bench). */
export const esbuildLikeCdk = () => ({
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  minify: BUNDLING.minify,
  target: BUNDLING.target,
  mainFields: [...BUNDLING.mainFields],
  banner: { js: BUNDLING.banner },
  external: [...BUNDLING.external],
  logLevel: 'error' as const,
});

/**
 * Modules a function needs for some requests only, built as a file of their own beside its index.mjs
 * and imported from there on first use (functions/runtime/beside.ts): the get-summary function
 * answers JSON and CSV without exceljs, whose 1.6 MB in index.mjs took about 60 ms to parse at every
 * cold start; only an xlsx answer loads it. By handler: the module (its source under functions/), the
 * file it becomes, and the build-time constant that tells the bundled code where it is.
 */
export const MODULES_BESIDE: Partial<Record<FunctionName, readonly { source: string; file: string; constant: string }[]>> = {
  'get-summary': [{ source: 'adapters/spreadsheet.ts', file: 'spreadsheet.mjs', constant: 'process.env.CW_SPREADSHEET_MODULE' }],
  'summary-file': [{ source: 'adapters/spreadsheet.ts', file: 'spreadsheet.mjs', constant: 'process.env.CW_SPREADSHEET_MODULE' }],
};

/**
 * Whether X-Ray tracing is on where this construct is: the `tracing` context (`-c tracing=false` turns it
 * off, for regions without X-Ray), which the stack's `tracing` prop sets for its tree. @default true
 */
export const tracingOf = (scope: Construct): boolean => {
  const value: unknown = scope.node.tryGetContext(TRACING_CONTEXT);
  return value !== false && value !== 'false';
};
export const TRACING_CONTEXT = 'tracing';

/**
 * The processor every function runs on: the `architecture` context (`-c architecture=x86_64|arm64`),
 * else x86_64 in the China partition (`aws-cn`, known from the stack's region: `-c region=cn-north-1`),
 * where no source confirms arm64 Lambda (AWS's own layers there are x86_64 only), and arm64 elsewhere,
 * a stack with no region included. Any other value is refused at synth. The bundles are the same
 * JavaScript for both. @default x86_64 in aws-cn, arm64 elsewhere
 */
export const architectureOf = (scope: Construct): lambda.Architecture => {
  const value: unknown = scope.node.tryGetContext(ARCHITECTURE_CONTEXT);
  if (value === undefined) return partitionOf(scope) === 'aws-cn' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64;
  const chosen = Object.hasOwn(ARCHITECTURES, String(value)) ? ARCHITECTURES[String(value)] : undefined;
  if (!chosen) throw new Error(`-c ${ARCHITECTURE_CONTEXT}=${String(value)}: not an architecture Lambda runs; use ${Object.keys(ARCHITECTURES).join(' or ')}`);
  return chosen;
};
export const ARCHITECTURE_CONTEXT = 'architecture';
const ARCHITECTURES: Record<string, lambda.Architecture> = { x86_64: lambda.Architecture.X86_64, arm64: lambda.Architecture.ARM_64 };

/** The partition of the stack's region, when the region is known at synth (`-c region=…`, CDK_DEFAULT_REGION). */
const partitionOf = (scope: Construct): string | undefined => {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
};

/**
 * What the bundle fixes at build time: with tracing off, the switch the runtime reads is 'false' in the
 * code itself, so the tracer and the X-Ray SDK are left out of the bundle (functions/runtime/observability.ts).
 */
export const tracingDefine = (tracing: boolean): Record<string, string> | undefined =>
  tracing ? undefined : { [`process.env.${TRACING_VARIABLE}`]: JSON.stringify('false') };

/** What a function's bundle fixes at build time: the tracing switch, and where its modules beside it are. */
const bundleDefine = (handler: FunctionName, tracing: boolean): Record<string, string> | undefined => {
  const beside = Object.fromEntries((MODULES_BESIDE[handler] ?? []).map((module) => [module.constant, JSON.stringify(`./${module.file}`)]));
  const define = { ...tracingDefine(tracing), ...beside };
  return Object.keys(define).length > 0 ? define : undefined;
};

/** After CDK's bundling: each module beside index.mjs, built with the function's own options (infra/bundle-beside.mjs). */
const besideHooks = (modules: readonly { source: string; file: string }[], tracing: boolean, mailsOverSmtp: boolean): NonNullable<NodejsFunctionProps['bundling']>['commandHooks'] => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) =>
    modules.map((module) => {
      const options = {
        ...esbuildLikeCdk(),
        external: BUNDLING.external.filter((name) => !(mailsOverSmtp && name === 'nodemailer')),
        ...(tracingDefine(tracing) && { define: tracingDefine(tracing) }),
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
        entryPoints: [join(PROJECT_ROOT, 'functions', module.source)],
        outfile: join(outputDir, module.file),
      };
      return `"${process.execPath}" "${join(PROJECT_ROOT, 'infra', 'bundle-beside.mjs')}" ${Buffer.from(JSON.stringify(options)).toString('base64')}`;
    }),
});

/**
 * Lets a function send mail by the stack's transport (infra/constructs/mail.ts): SES's variables with
 * ses:SendEmail, or MAIL_TRANSPORT=smtp (the relay's secret comes with it, from `secrets`).
 */
export interface MailSender {
  readonly transport: MailTransport;
  grantSend(fn: lambda.Function): void;
}

/**
 * What the stack has for its functions to use. Each function takes from it exactly what its entry in
 * functions/function-env.ts names; a function whose entry names something not given here fails synth.
 */
export interface FunctionResources {
  table?: dynamodb.ITableV2;
  secrets?: Partial<Record<SecretName, secretsmanager.ISecret>>;
  mail?: MailSender;
  stateMachine?: sfn.IStateMachine;
  /** Values of the settings; optional ones left out are not set (the code's default applies). */
  settings?: Partial<Record<Setting, string>>;
}

/**
 * A function's construct id: its handler's file name in PascalCase (`put-community` → `PutCommunity`).
 * The logical id, and so the deployed function, follows from the handler alone: reordering the route
 * table, or a handler taking another route first, replaces nothing.
 */
export const functionIdOf = (handler: FunctionName): string =>
  handler
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

export interface CheckpointFunctionProps {
  /** File name under functions/handlers, without .ts; its entry in functions/function-env.ts says what it gets. */
  handler: FunctionName;
  /** What the stack offers; the function takes what its entry names. */
  resources: FunctionResources;
  /** @default logs.RetentionDays.ONE_MONTH */
  logRetention?: logs.RetentionDays;
  /** Where asynchronous invocations that keep failing end (functions invoked by schedules and events). */
  deadLetterQueue?: sqs.IQueue;
}

/**
 * A handler as Lambda runs it: Node.js 24 on arm64 (x86_64 in the China regions: `architectureOf`) with
 * its entry's timeout and memory, bundled by the local esbuild (never Docker), the AWS SDK taken from the
 * runtime, its own log group with a retention, X-Ray tracing on unless the stack has it off (then no
 * tracing mode, no X-Ray permissions, and the function does not load the tracer).
 */
export class CheckpointFunction extends NodejsFunction {
  /** Its handler file, and so its entry in functions/function-env.ts. */
  readonly handlerName: FunctionName;

  constructor(scope: Construct, id: string, props: CheckpointFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const env: FunctionEnv = functionEnv[props.handler];
    const mailsOverSmtp = env.mail === true && props.resources.mail?.transport === 'smtp';
    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', 'handlers', `${props.handler}.ts`),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: architectureOf(scope),
      // Its entry's timeout and memory (functions/function-env.ts `runtime`), the same the local stack cuts it at.
      memorySize: runtimeOf(props.handler).memoryMB,
      timeout: Duration.seconds(runtimeOf(props.handler).timeoutSeconds),
      tracing: tracingOf(scope) ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      ...(props.deadLetterQueue && { deadLetterQueueEnabled: true, deadLetterQueue: props.deadLetterQueue }),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: POWERTOOLS.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(!tracingOf(scope) && { [TRACING_VARIABLE]: 'false' }),
      },
      bundling: {
        minify: BUNDLING.minify,
        target: BUNDLING.target,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        externalModules: BUNDLING.external.filter((name) => !(mailsOverSmtp && name === 'nodemailer')),
        forceDockerBundling: false,
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
        // Tracing off: the tracer with the X-Ray SDK is left out of the bundle (125 KB, about 20 ms of init).
        ...(bundleDefine(props.handler, tracingOf(scope)) && { define: bundleDefine(props.handler, tracingOf(scope)) }),
        ...(MODULES_BESIDE[props.handler] && { commandHooks: besideHooks(MODULES_BESIDE[props.handler]!, tracingOf(scope), mailsOverSmtp) }),
      },
    });
    this.handlerName = props.handler;
    this.use(props.handler, env, props.resources);
  }

  /** Each variable of the function's entry with the grant that goes with it, in one step each. */
  private use(name: string, env: FunctionEnv, resources: FunctionResources): void {
    const missing = (what: string): never => {
      throw new Error(`function ${name} needs ${what} (functions/function-env.ts), but its construct was given none`);
    };
    if (env.table) {
      const table = resources.table ?? missing('the table');
      this.addEnvironment(TABLE_VARIABLE, table.tableName);
      if (env.table === 'read') table.grantReadData(this);
      else if (env.table === 'writeOnly') table.grantWriteData(this);
      else table.grantReadWriteData(this);
    }
    const mail = env.mail ? (resources.mail ?? missing('mail')) : undefined;
    for (const secretName of [...(env.secrets ?? []), ...(mail ? mailTransports[mail.transport].secrets : [])]) {
      const secret = resources.secrets?.[secretName] ?? missing(`the ${secretName} secret`);
      this.addEnvironment(secretVariables[secretName].arn, secret.secretArn);
      secret.grantRead(this);
    }
    mail?.grantSend(this);
    if (env.flows) {
      const stateMachine = resources.stateMachine ?? missing('the escalation flow');
      this.addEnvironment(FLOWS_VARIABLE, stateMachine.stateMachineArn);
      stateMachine.grantStartExecution(this);
    }
    for (const setting of env.settings ?? []) {
      const value = resources.settings?.[setting];
      if (value !== undefined) this.addEnvironment(setting, value);
      else if (!settingInfo[setting].optional) missing(`the ${setting} setting`);
    }
  }
}
