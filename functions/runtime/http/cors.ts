/**
 * CORS for the routes forms call (RouteDef.cors): the allowed origin is echoed, never `*`, and no
 * credentials are allowed (the form token travels in the Authorization header, not in a cookie). The
 * route's OPTIONS preflight is answered here, before anything else runs. Routes without it send no
 * CORS headers to anyone.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ForbiddenError } from '../../domain/errors';
import { config } from '../config';
import { errorResponse } from '../errors';
import { logger } from '../observability';
import { baseUrlOf } from './request';
import type { HttpMiddleware } from './types';

const CORS_MAX_AGE_SECONDS = 600;

/** The origin a browser says it calls from, when it is one allowed: the API's own, or a configured form origin. */
const allowedOrigin = (event: APIGatewayProxyEventV2): string | undefined => {
  const origin = event.headers?.origin;
  if (!origin) return undefined;
  const own = new URL(baseUrlOf(event)).origin;
  return origin === own || config.formOrigins().includes(origin) ? origin : undefined;
};

/** `method`: the route's own, which the preflight allows besides OPTIONS. */
export const crossOrigin = (method: string): HttpMiddleware => {
  const addHeaders = async (request: { event: APIGatewayProxyEventV2; response: APIGatewayProxyStructuredResultV2 | null }) => {
    if (!request.response) return;
    const origin = allowedOrigin(request.event);
    request.response.headers = { ...request.response.headers, vary: 'origin', ...(origin && { 'access-control-allow-origin': origin }) };
  };
  return {
    before: async (request) => {
      const { event } = request;
      if (event.requestContext?.http?.method !== 'OPTIONS') return undefined;
      const origin = allowedOrigin(event);
      if (!origin) {
        logger.info('preflight refused', { origin: event.headers?.origin });
        return errorResponse(new ForbiddenError('this origin may not call the API from a browser'), event.requestContext?.requestId).response;
      }
      return {
        statusCode: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': `${method}, OPTIONS`,
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
          vary: 'origin',
        },
        body: '',
      };
    },
    after: addHeaders,
    onError: addHeaders,
  };
};
