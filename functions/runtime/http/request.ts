/**
 * The edge of the contract, in the order a caller is answered: the credential first, then the body,
 * then path, query and body against the route's zod schemas. A handler receives the typed result and
 * never sees a request that failed any of them.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Schema as ZodType } from '../../contract/schemas';
import { ValidationError, type IssueDetail } from '../../domain/errors';
import { config } from '../config';
import { authenticateAdmin, bearerOf, requireFormToken, takeFormToken } from './auth';
import { decodeBody, decodeFile } from './body';
import type { FormAuthenticator, Parsed, Request, RouteSpec } from './types';

export const parseRequest = async <B extends ZodType | undefined, P extends ZodType | undefined, Q extends ZodType | undefined, A>(
  spec: RouteSpec<B, P, Q>,
  event: APIGatewayProxyEventV2,
  authenticate: FormAuthenticator<A> | undefined,
): Promise<Request<Parsed<B>, Parsed<P>, Parsed<Q>, A>> => {
  const headers = event.headers ?? {};
  const bearer = bearerOf(headers.authorization);
  const actor = spec.auth === 'admin' ? await authenticateAdmin(bearer, spec.operatorKeys) : undefined;
  let token = bearer;
  let body: unknown;
  let bodyType: 'json' | 'form' | undefined;
  if (spec.body) {
    const decoded = decodeBody(event, spec.acceptsForm ? spec.body : undefined);
    bodyType = decoded.type;
    body = decoded.value;
    if (decoded.type === 'form' && body && typeof body === 'object') {
      const { fieldToken, rest } = takeFormToken(body as Record<string, unknown>);
      if (!token && fieldToken) token = fieldToken;
      body = rest;
    }
  }
  const file = spec.file ? decodeFile(event, spec.file) : undefined;
  if (spec.auth === 'form') requireFormToken(token);
  const principal = (authenticate && token ? await authenticate(token, event.pathParameters ?? {}) : undefined) as A;
  const path = validate(spec.path, event.pathParameters ?? {}, 'path');
  const query = validate(spec.query, event.queryStringParameters ?? {}, 'query');
  return {
    routeKey: event.routeKey,
    principal,
    ...(actor && { actor }),
    body: validate(spec.body, body, 'body') as Parsed<B>,
    path: path as Parsed<P>,
    query: query as Parsed<Q>,
    ...(token && { token }),
    ...(bodyType && { bodyType }),
    ...(file && { file }),
    headers,
    cookies: cookiesOf(event),
    requestId: event.requestContext?.requestId ?? 'unknown',
    baseUrl: baseUrlOf(event),
    now: new Date(),
  };
};

/** Where people reach this API: the configured URL, else what the request says it called. */
export const baseUrlOf = (event: APIGatewayProxyEventV2): string => {
  const configured = config.publicBaseUrl();
  if (configured) return configured;
  const host = event.headers?.host ?? event.requestContext?.domainName ?? 'localhost';
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  return `${proto}://${host}`;
};

const cookiesOf = (event: APIGatewayProxyEventV2): Record<string, string> => {
  const jar: Record<string, string> = {};
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0) jar[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim();
  }
  return jar;
};

/** Every issue named by where it is (`feverCases.0.tempC`, or `path` itself), in one 400. */
const validate = (schema: ZodType | undefined, value: unknown, where: 'body' | 'path' | 'query'): unknown => {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: IssueDetail[] = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : where,
    message: issue.message,
  }));
  throw new ValidationError(where === 'body' ? 'the request body is not valid' : `the request ${where} is not valid`, issues);
};
