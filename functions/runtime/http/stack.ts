/**
 * The one middleware stack every HTTP handler uses, in its order: tracing, the logger's context,
 * metrics, compression, the headers every page carries (page-headers.ts), CORS (routes forms call),
 * and the error contract last, so that whatever any layer inside it throws is answered by the contract.
 * A handler receives a typed, validated request (request.ts) and returns a reply; it never builds error
 * responses itself.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Schema as ZodType } from '../../contract/schemas';
import { compression } from '../compression';
import { jsonResponse } from '../errors';
import { logger, metrics, tracing } from '../observability';
import { crossOrigin } from './cors';
import { errorContract } from './errors';
import { pageHeaders } from './page-headers';
import { parseRequest } from './request';
import type { FormAuthenticator, HttpHandler, HttpMiddleware, Parsed, Reply, Request, RouteSpec } from './types';

export const httpHandler = <
  B extends ZodType | undefined = undefined,
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  A = undefined,
>(
  spec: RouteSpec<B, P, Q>,
  handle: (request: Request<Parsed<B>, Parsed<P>, Parsed<Q>, A>) => Promise<Reply>,
  authenticate?: FormAuthenticator<A>,
): HttpHandler =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(tracing())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics())
    .use(compression())
    .use(pageHeaders())
    .use(spec.cors ? [crossOrigin(spec.cors)] : [])
    .use(errorContract(spec))
    .handler(async (event, context) => {
      logger.appendKeys({ correlationId: event.requestContext?.requestId, route: event.routeKey });
      const request = await parseRequest(spec, event, authenticate);
      const remaining = context?.getRemainingTimeInMillis?.();
      return toResponse(await handle(remaining === undefined ? request : { ...request, answerBy: new Date(Date.now() + remaining - ANSWER_MS) }));
    }) as unknown as HttpHandler;

/** Kept of the function's time to answer in, after the handler's last step. */
const ANSWER_MS = 500;

/** Flushes the invocation's metrics, when it recorded any (an empty flush only makes a warning). */
const publishMetrics = (): HttpMiddleware => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};

const toResponse = (reply: Reply): APIGatewayProxyStructuredResultV2 => {
  const cookies = reply.cookies?.length ? { cookies: reply.cookies } : {};
  if (reply.json !== undefined) return { ...jsonResponse(reply.status, reply.json, reply.headers), ...cookies };
  // Bytes travel base64-encoded, flagged so that API Gateway (and the local gateway) sends them as bytes; compression leaves them be.
  if (reply.bytes !== undefined) {
    return {
      statusCode: reply.status,
      headers: { 'content-type': reply.contentType ?? 'application/octet-stream', ...reply.headers },
      body: Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength).toString('base64'),
      isBase64Encoded: true,
      ...cookies,
    };
  }
  return {
    statusCode: reply.status,
    headers: { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8', ...reply.headers },
    body: reply.text ?? '',
    ...cookies,
  };
};
