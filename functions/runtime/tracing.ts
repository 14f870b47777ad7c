/** The X-Ray tracer and its middleware: loaded only by functions whose tracing is on (observability.ts). */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

export const captureHandler = (serviceName: string): MiddlewareObj => captureLambdaHandler(new Tracer({ serviceName }), { captureResponse: false }) as MiddlewareObj;
