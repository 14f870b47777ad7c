/**
 * The X-Ray tracer and its middleware, loaded only by functions whose tracing is on (observability.ts).
 * Required, not imported: in the bundle this takes the tracer's CommonJS build, whose `require('http')`
 * costs a cold start 3 ms, where its ES build's `import http from 'node:http'` makes Node build the
 * module's ES facade, loading its fetch implementation with it (tens of ms, measured in bench/cold.ts).
 * Only bundles (their banner gives them `require`) and tsx run this file.
 */
import type { MiddlewareObj } from '@middy/core';

type TracerModule = typeof import('@aws-lambda-powertools/tracer');
type MiddlewareModule = typeof import('@aws-lambda-powertools/tracer/middleware');

export const captureHandler = (serviceName: string): MiddlewareObj => {
  const { Tracer } = require('@aws-lambda-powertools/tracer') as TracerModule;
  const { captureLambdaHandler } = require('@aws-lambda-powertools/tracer/middleware') as MiddlewareModule;
  return captureLambdaHandler(new Tracer({ serviceName }), { captureResponse: false }) as MiddlewareObj;
};
