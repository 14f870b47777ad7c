import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

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
  external: ['@aws-sdk/*'],
} as const;

export interface CheckpointFunctionProps {
  /** File name under functions/handlers, without .ts. */
  handler: string;
  environment?: Record<string, string>;
  /** @default Duration.seconds(10) */
  timeout?: Duration;
  /** @default 512 (more memory is more CPU: faster cold starts for bundles this size) */
  memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  logRetention?: logs.RetentionDays;
  /** Where asynchronous invocations that keep failing end (functions invoked by schedules and events). */
  deadLetterQueue?: sqs.IQueue;
}

/**
 * A handler as Lambda runs it: Node.js 24 on arm64, bundled by the local esbuild (never Docker), the AWS
 * SDK taken from the runtime, its own log group with a retention, X-Ray tracing on.
 */
export class CheckpointFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CheckpointFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', 'handlers', `${props.handler}.ts`),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      ...(props.deadLetterQueue && { deadLetterQueueEnabled: true, deadLetterQueue: props.deadLetterQueue }),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'checkpoint-watch',
        POWERTOOLS_METRICS_NAMESPACE: 'CheckpointWatch',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        minify: BUNDLING.minify,
        target: BUNDLING.target,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        externalModules: [...BUNDLING.external],
        forceDockerBundling: false,
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
      },
    });
  }
}
