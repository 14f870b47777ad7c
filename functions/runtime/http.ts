/**
 * The one middleware stack every HTTP handler uses, and the edge of the contract: authentication,
 * content type and size checks, decoding, and validation against the zod schemas. A handler receives a
 * typed, validated request and returns a reply; it never builds error responses itself.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Schema as ZodType } from '../contract/schemas';
import {
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  type IssueDetail,
} from '../domain/errors';
import { secretsMatch } from '../domain/secrets';
import { errorPage } from '../pages/form-errors';
import { adminKey } from './admin-key';
import { compression } from './compression';
import { config } from './config';
import { errorResponse, jsonResponse } from './errors';
import { logger, metrics, tracing } from './observability';

export const MAX_BODY_BYTES = 16 * 1024;

export type Auth = 'admin' | 'form' | 'public';

export interface RouteSpec<B extends ZodType | undefined, P extends ZodType | undefined, Q extends ZodType | undefined> {
  auth: Auth;
  body?: B;
  path?: P;
  query?: Q;
  /** Also accept application/x-www-form-urlencoded bodies (forms without JavaScript). */
  acceptsForm?: boolean;
  /** A metric counted, by reason, for every refused request (e.g. ReadingRejected). */
  rejectedMetric?: string;
  /** How to show a refusal to a form posted without JavaScript (urlencoded): a page, not JSON. */
  formErrorPage?: (error: { message: string; issues?: { path: string; message: string }[] }) => string;
  /** Answer browsers of the configured form origins from another origin (see RouteDef.cors): the route's method. */
  cors?: string;
  /** The route answers pages (RouteDef.page): its refusals and faults are pages too. */
  page?: boolean;
}

/**
 * Checks a form token against the (raw) path before the body is validated, so that a caller with the
 * wrong credentials learns only that (401/403), whatever the body. Returns what the token opened.
 */
export type FormAuthenticator<T> = (token: string, pathParameters: Record<string, string | undefined>) => Promise<T>;

type Parsed<T> = T extends ZodType ? z.output<T> : undefined;

export interface Request<B, P, Q, A = unknown> {
  routeKey: string;
  body: B;
  /** What the form token opened (form routes with an authenticator). */
  principal: A;
  path: P;
  query: Q;
  /** The bearer credential (form routes): from the Authorization header, or a form's hidden field. */
  token?: string;
  /** How the body came: forms without JavaScript are answered with a page, not JSON. */
  bodyType?: 'json' | 'form';
  headers: Record<string, string | undefined>;
  cookies: Record<string, string>;
  requestId: string;
  /** Where people reach this API, for links in responses. */
  baseUrl: string;
  now: Date;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The hidden field that carries the form token in a form posted without JavaScript. */
export const FORM_TOKEN_FIELD = 'formToken';

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
    .use(spec.cors ? [crossOrigin(spec.cors)] : [])
    .use(errorContract(spec.rejectedMetric, spec.formErrorPage, spec.page))
    .handler(async (event) => {
      logger.appendKeys({ correlationId: event.requestContext?.requestId, route: event.routeKey });
      const request = await parseRequest(spec, event, authenticate);
      return toResponse(await handle(request));
    }) as unknown as HttpHandler;

/** Flushes the invocation's metrics, when it recorded any (an empty flush only makes a warning). */
const publishMetrics = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};

const CORS_MAX_AGE_SECONDS = 600;

/** The origin a browser says it calls from, when it is one allowed: the API's own, or a configured form origin. */
const allowedOrigin = (event: APIGatewayProxyEventV2): string | undefined => {
  const origin = event.headers?.origin;
  if (!origin) return undefined;
  const own = new URL(baseUrlOf(event)).origin;
  return origin === own || config.formOrigins().includes(origin) ? origin : undefined;
};

/**
 * CORS for the routes forms call (RouteDef.cors): the allowed origin is echoed, never `*`, and no
 * credentials are allowed (the form token travels in the Authorization header, not in a cookie). The
 * route's OPTIONS preflight is answered here, before anything else runs.
 */
const crossOrigin = (method: string): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
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

const errorContract = (
  rejectedMetric?: string,
  formErrorPage?: RouteSpec<undefined, undefined, undefined>['formErrorPage'],
  page?: boolean,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const {
      response,
      body: { error },
      expected,
    } = errorResponse(request.error, request.event.requestContext?.requestId);
    if (rejectedMetric) {
      const metric = metrics.singleMetric();
      metric.addDimension('reason', error.code);
      metric.addMetric(rejectedMetric, MetricUnit.Count, 1);
    }
    const postedForm = (request.event.headers?.['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    // A person reading a page gets a page (in Chinese and English), with the same status and Retry-After.
    if (page || (formErrorPage && postedForm)) {
      response.body = page ? errorPage(error) : formErrorPage!(error);
      response.headers['content-type'] = 'text/html; charset=utf-8';
    }
    if (expected) {
      logger.info('request refused', { status: response.statusCode, code: error.code });
    } else {
      logger.error('request failed', request.error as Error);
    }
    request.response = response;
  },
});

const toResponse = (reply: Reply): APIGatewayProxyStructuredResultV2 => {
  const cookies = reply.cookies?.length ? { cookies: reply.cookies } : {};
  if (reply.json !== undefined) return { ...jsonResponse(reply.status, reply.json, reply.headers), ...cookies };
  return {
    statusCode: reply.status,
    headers: { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8', ...reply.headers },
    body: reply.text ?? '',
    ...cookies,
  };
};

const cookiesOf = (event: APIGatewayProxyEventV2): Record<string, string> => {
  const jar: Record<string, string> = {};
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0) jar[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim();
  }
  return jar;
};

const parseRequest = async <B extends ZodType | undefined, P extends ZodType | undefined, Q extends ZodType | undefined, A>(
  spec: RouteSpec<B, P, Q>,
  event: APIGatewayProxyEventV2,
  authenticate: FormAuthenticator<A> | undefined,
): Promise<Request<Parsed<B>, Parsed<P>, Parsed<Q>, A>> => {
  const headers = event.headers ?? {};
  const bearer = bearerOf(headers.authorization);
  if (spec.auth === 'admin') await requireAdmin(bearer);
  let token = bearer;
  let body: unknown;
  let bodyType: 'json' | 'form' | undefined;
  if (spec.body) {
    const decoded = decodeBody(event, spec.acceptsForm ? spec.body : undefined);
    bodyType = decoded.type;
    body = decoded.value;
    if (decoded.type === 'form' && body && typeof body === 'object') {
      const { [FORM_TOKEN_FIELD]: fieldToken, ...rest } = body as Record<string, unknown>;
      if (!token && typeof fieldToken === 'string') token = fieldToken;
      body = rest;
    }
  }
  if (spec.auth === 'form' && !token) throw new UnauthorizedError('send the form token as Authorization: Bearer <token>');
  const principal = (authenticate && token ? await authenticate(token, event.pathParameters ?? {}) : undefined) as A;
  const path = validate(spec.path, event.pathParameters ?? {}, 'path');
  const query = validate(spec.query, event.queryStringParameters ?? {}, 'query');
  return {
    routeKey: event.routeKey,
    principal,
    body: validate(spec.body, body, 'body') as Parsed<B>,
    path: path as Parsed<P>,
    query: query as Parsed<Q>,
    ...(token && { token }),
    ...(bodyType && { bodyType }),
    headers,
    cookies: cookiesOf(event),
    requestId: event.requestContext?.requestId ?? 'unknown',
    baseUrl: baseUrlOf(event),
    now: new Date(),
  };
};

const bearerOf = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};

const requireAdmin = async (bearer: string | undefined): Promise<void> => {
  if (!bearer) throw new UnauthorizedError('send the admin key as Authorization: Bearer <key>');
  if (!secretsMatch(bearer, await adminKey())) throw new UnauthorizedError('the admin key is not valid');
};

const baseUrlOf = (event: APIGatewayProxyEventV2): string => {
  const configured = config.publicBaseUrl();
  if (configured) return configured;
  const host = event.headers?.host ?? event.requestContext?.domainName ?? 'localhost';
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  return `${proto}://${host}`;
};

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

const decodeBody = (event: APIGatewayProxyEventV2, formSchema: ZodType | undefined): { type: 'json' | 'form'; value: unknown } => {
  const acceptsForm = formSchema !== undefined;
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(`the body is over ${MAX_BODY_BYTES / 1024} KiB`);
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const accepted = acceptsForm ? 'application/json or application/x-www-form-urlencoded' : 'application/json';
  if (contentType !== 'application/json' && !(acceptsForm && contentType === 'application/x-www-form-urlencoded')) {
    if (bytes.length === 0 && !contentType) throw new ValidationError('a request body is required', [{ path: 'body', message: `send ${accepted}` }]);
    throw new UnsupportedMediaTypeError(`send ${accepted}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('the body is not valid UTF-8', [{ path: 'body', message: 'encode text as UTF-8' }]);
  }
  if (contentType === 'application/x-www-form-urlencoded') return { type: 'form', value: formFields(text, textFieldsOf(formSchema!)) };
  try {
    return { type: 'json', value: JSON.parse(text) };
  } catch {
    throw new ValidationError('the body is not valid JSON', [{ path: 'body', message: 'send a JSON object' }]);
  }
};

const textFields = new WeakMap<ZodType, Set<string>>();

/** The fields a schema wants as text (`officer`, `feverCases.note`): a form's numerals stay text there. */
const textFieldsOf = (schema: ZodType): Set<string> => {
  const known = textFields.get(schema);
  if (known) return known;
  type Property = { type?: string; items?: { properties?: Record<string, Property> } };
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Property> };
  const names = new Set<string>();
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    if (property.type === 'string') names.add(name);
    for (const [inner, innerProperty] of Object.entries(property.items?.properties ?? {})) {
      if (innerProperty.type === 'string') names.add(`${name}.${inner}`);
    }
  }
  textFields.set(schema, names);
  return names;
};

/**
 * Turns form fields into the JSON shape the schemas expect: `feverCases[0].tempC` nests, numerals become
 * numbers except where the schema wants text, empty fields are left out. Anything that still does not
 * fit is then rejected by the schema, as it would be in JSON.
 */
export const formFields = (text: string, textFieldNames: ReadonlySet<string> = new Set()): Record<string, unknown> => {
  const result: Record<string, unknown> = Object.create(null);
  for (const [name, rawValue] of new URLSearchParams(text)) {
    const value = rawValue.trim();
    if (value === '') continue;
    const nested = /^(\w+)\[(\d{1,3})\]\.(\w+)$/.exec(name);
    const fieldName = nested ? `${nested[1]}.${nested[3]}` : name;
    const typed: unknown = !textFieldNames.has(fieldName) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (nested) {
      const [, list, index, field] = nested as unknown as [string, string, string, string];
      const items = (Array.isArray(result[list]) ? result[list] : (result[list] = [])) as Record<string, unknown>[];
      const slot = (items[Number(index)] ??= {});
      slot[field] = typed;
    } else {
      result[name] = typed;
    }
  }
  for (const value of Object.values(result)) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i += 1) value[i] ??= {};
  }
  return { ...result };
};
