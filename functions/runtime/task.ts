/** The middleware stack of functions that are not behind the API (the sweep, the flow's tasks). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracing } from './observability';

export const taskHandler = <I, O>(name: string, fn: (input: I, context: Context) => Promise<O>) =>
  middy<I, O>()
    .use(tracing())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      after: async () => {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      },
      onError: async (request) => {
        // The flow retries by error name; the log keeps the rest.
        logger.error(`${name} failed`, request.error as Error);
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      },
    })
    .handler(fn) as unknown as (input: I, context: Context) => Promise<O>;
