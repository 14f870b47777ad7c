/**
 * What a handler is given and what it gives back, apart from the middlewares that produce them: the
 * route table, the handlers and the OpenAPI document name these types without loading the stack.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Schema as ZodType } from '../../contract/schemas';
import type { Actor, OperatorKeyLookup } from '../../domain/operators';

export type { Actor };

/**
 * `console`: the console's pass cookie, its origin and CSRF token on every POST — checked by
 * functions/runtime/console.ts, the only place a console route may be bound.
 */
export type Auth = 'admin' | 'form' | 'public' | 'console';

export interface RouteSpec<B extends ZodType | undefined, P extends ZodType | undefined, Q extends ZodType | undefined> {
  auth: Auth;
  body?: B;
  path?: P;
  query?: Q;
  /** Also accept application/x-www-form-urlencoded bodies (forms without JavaScript). */
  acceptsForm?: boolean;
  /** The body is a file of these media types, at most this size (RouteDef.file): the handler gets its bytes. */
  file?: FileSpec;
  /** A metric counted, by reason, for every refused request (e.g. ReadingRejected). */
  rejectedMetric?: string;
  /** A refusal of a form posted without JavaScript (urlencoded) is a page, not JSON (errors.ts picks it). */
  formErrorPage?: boolean;
  /** Answer browsers of the configured form origins from another origin (see RouteDef.cors): the route's method. */
  cors?: string;
  /** The route answers pages (RouteDef.page): its refusals and faults are pages too. */
  page?: boolean;
  /**
   * Operator keys, for an admin route that takes them (RouteDef.operators): without it an operator key
   * is refused with 403. A function, so the table is reached only when an operator key comes.
   */
  operatorKeys?: () => OperatorKeyLookup;
}

export interface FileSpec {
  mediaTypes: readonly string[];
  maxBytes: number;
}

/** An uploaded file: its bytes as the client sent them (base64 undone), and the media type it said. */
export interface UploadedFile {
  bytes: Buffer;
  /** Lower case, without parameters (`text/csv`); empty when none was sent. */
  mediaType: string;
}

/**
 * Checks a form token against the (raw) path before the body is validated, so that a caller with the
 * wrong credentials learns only that (401/403), whatever the body. Returns what the token opened.
 */
export type FormAuthenticator<T> = (token: string, pathParameters: Record<string, string | undefined>) => Promise<T>;

export type Parsed<T> = T extends ZodType ? z.output<T> : undefined;

export interface Request<B, P, Q, A = unknown> {
  routeKey: string;
  body: B;
  /** What the form token opened (form routes with an authenticator). */
  principal: A;
  /** Who is calling an admin route: the county admin, or an operator within its communities. */
  actor?: Actor;
  path: P;
  query: Q;
  /** The bearer credential (form routes): from the Authorization header, or a form's hidden field. */
  token?: string;
  /** How the body came: forms without JavaScript are answered with a page, not JSON. */
  bodyType?: 'json' | 'form';
  /** The uploaded file, on a route that takes one (RouteSpec.file). */
  file?: UploadedFile;
  headers: Record<string, string | undefined>;
  cookies: Record<string, string>;
  requestId: string;
  /** Where people reach this API, for links in responses. */
  baseUrl: string;
  now: Date;
  /**
   * When the handler must have its answer ready: the function's time (Lambda's context) less a moment
   * to send it. A use case that retries starts no attempt it could not end by then. Absent without a context.
   */
  answerBy?: Date;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  /** A binary answer (an xlsx): sent base64-encoded with isBase64Encoded, as API Gateway expects bytes. */
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** What every middleware of the stack is, for the API Gateway HTTP API (payload 2.0). */
export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
