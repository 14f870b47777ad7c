/**
 * Powertools, configured once for every function: JSON logs, EMF metrics, and X-Ray traces where
 * tracing is on. The tracer brings the X-Ray SDK, the dearest import of all: a function whose tracing
 * is off (`-c tracing=false`, the local stack) never loads it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'checkpoint-watch';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CheckpointWatch', serviceName });

/*
 * The switch (TRACING_VARIABLE in functions/function-env.ts) is read once, as Powertools reads it, and
 * written out in full so that a bundle built with tracing off, where CDK defines it as 'false'
 * (infra/constructs/function.ts), has no tracer in it at all: esbuild hoists the tracer's own
 * `import http from 'node:http'` to the top of the bundle, and that import alone costs a cold start
 * more than the rest of the tracer when it is never called. Where tracing is on, it loads during init.
 */
const capture: MiddlewareObj | undefined =
  process.env.POWERTOOLS_TRACE_ENABLED !== 'false' ? (await import('./tracing')).captureHandler(serviceName) : undefined;

/** The tracer's middleware where tracing is on; nothing where it is off. */
export const tracing = (): MiddlewareObj[] => (capture ? [capture] : []);
