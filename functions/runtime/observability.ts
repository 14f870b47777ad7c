/**
 * Powertools, configured once for every function: JSON logs, EMF metrics, and X-Ray traces where
 * tracing is on. The tracer brings the X-Ray SDK, the dearest import of all: a function whose tracing
 * is off (`-c tracing=false`, the local stack) never loads it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { TRACING_VARIABLE } from '../function-env';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'checkpoint-watch';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CheckpointWatch', serviceName });

/** Read once, as Powertools reads it: the switch is the function's, not the invocation's. */
export const tracingOn = process.env[TRACING_VARIABLE] !== 'false';

// Where tracing is on, loaded during init as before (Lambda's init is where a cold start's CPU goes).
const capture: MiddlewareObj | undefined = tracingOn ? (await import('./tracing')).captureHandler(serviceName) : undefined;

/** The tracer's middleware where tracing is on; nothing where it is off. */
export const tracing = (): MiddlewareObj[] => (capture ? [capture] : []);
