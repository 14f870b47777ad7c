/**
 * The local gateway: a small HTTP server that does what API Gateway's HTTP API does for us — match the
 * route, turn the request into a payload 2.0 event, call the very Lambda handler, and turn its result
 * back into a response. The routes are the route table's, as on AWS, and a request reaches the one API
 * Gateway would pick: the most specific, whatever the table's order (`routeMatcher`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { FunctionRuntime } from '../functions/function-env';
import { methodAndPath, routeList, type RouteDef } from '../functions/routes';
import { invokeLikeLambda, lambdaContext, LambdaTimeout, localRuntimeOf } from './lambda';

/** API Gateway's own cap on a request body. Our handlers refuse less (16 KiB of JSON; a spreadsheet upload about 4.45 MiB, Lambda's event limit once base64-encoded); this only guards memory. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/**
 * Bodies API Gateway's HTTP API passes as text; others (a form's application/x-www-form-urlencoded
 * among them) arrive base64-encoded, as the raw bytes. A text body must be valid UTF-8 to be passed as
 * a JSON string at all: one that is not is handed over as its bytes, base64-encoded, so the handler
 * sees exactly what was sent and refuses it (decoding it here would store U+FFFD in its place).
 */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript)|application\/[\w.+-]+\+json)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const asText = (body: Buffer): string | undefined => {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
};

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string>;

export interface GatewayOptions {
  port: number;
  /** Loads a handler by its file name under functions/handlers. */
  loadHandler?: (name: string) => Promise<Handler>;
  /** Extra routes served by the same gateway (e.g. local-only endpoints), tried after the route table. */
  extra?: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;
  /** Each function's timeout and memory, by its handler's name. @default its entry's (functions/function-env.ts) */
  runtimeOf?: (name: string) => FunctionRuntime;
}

/** How a route's path segment matches, most specific first: a literal, a `{param}`, a greedy `{proxy+}`. */
const SEGMENT = { literal: 0, param: 1, greedy: 2 } as const;
type Segment = (typeof SEGMENT)[keyof typeof SEGMENT];

interface CompiledRoute {
  route: RouteDef;
  method: string;
  pattern: RegExp;
  names: string[];
  segments: Segment[];
}

const compile = (route: RouteDef): CompiledRoute => {
  const { method, path } = methodAndPath(route.key);
  const names: string[] = [];
  const segments: Segment[] = [];
  // Literal text escaped; each {param} becomes one path segment, a greedy {proxy+} the rest of the path.
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!param) {
        segments.push(SEGMENT.literal);
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(param[1]!);
      segments.push(param[2] ? SEGMENT.greedy : SEGMENT.param);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, method, pattern: new RegExp(`^${source}$`), names, segments };
};

/**
 * Orders two routes that both match a request as API Gateway's HTTP API does: a route without a greedy
 * variable before one with it, then segment by segment from the left the more specific (literal, then
 * `{param}`, then `{proxy+}`), then the request's own method before ANY. Only then, a GET route for a
 * HEAD request (the local gateway's allowance, never preferred over a route of the request's method).
 */
const bySpecificity =
  (method: string) =>
  (a: CompiledRoute, b: CompiledRoute): number => {
    const methodTier = (c: CompiledRoute) => (c.method === method ? 0 : c.method === 'ANY' ? 1 : 2);
    const fallback = (c: CompiledRoute) => (methodTier(c) === 2 ? 1 : 0);
    const greedy = (c: CompiledRoute) => (c.segments.includes(SEGMENT.greedy) ? 1 : 0);
    const byTier = fallback(a) - fallback(b) || greedy(a) - greedy(b);
    if (byTier) return byTier;
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i += 1) {
      const bySegment = a.segments[i]! - b.segments[i]!;
      if (bySegment) return bySegment;
    }
    return methodTier(a) - methodTier(b);
  };

/**
 * The route a request reaches, by API Gateway's rule (the most specific match, `bySpecificity`), not by
 * the order of the route table; with its path parameters, decoded as API Gateway decodes them.
 */
export const routeMatcher = (routes: readonly RouteDef[]) => {
  const compiled = routes.map(compile);
  return (method: string, path: string): { route: RouteDef; params: Record<string, string> } | undefined => {
    const moreSpecific = bySpecificity(method);
    const matches = compiled
      .filter((candidate) => candidate.method === method || candidate.method === 'ANY' || (method === 'HEAD' && candidate.method === 'GET'))
      .map((candidate) => ({ candidate, found: candidate.pattern.exec(path) }))
      .filter((match): match is { candidate: CompiledRoute; found: RegExpExecArray } => match.found !== null)
      .sort((a, b) => moreSpecific(a.candidate, b.candidate));
    const best = matches[0];
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.candidate.names.forEach((name, i) => {
      params[name] = safeDecode(best.found[i + 1]!);
    });
    return { route: best.candidate.route, params };
  };
};

const defaultLoader = async (name: string): Promise<Handler> =>
  ((await import(`../functions/handlers/${name}.ts`)) as { handler: Handler }).handler;

export const startGateway = async (options: GatewayOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> => {
  const matchRoute = routeMatcher(routeList());
  const loadHandler = options.loadHandler ?? defaultLoader;
  const handlers = new Map<string, Promise<Handler>>();
  /** Invocations under way: close waits for them, so that none calls an emulator stopped after the gateway. */
  const invocations = new Set<Promise<unknown>>();

  const server = createServer(async (request, response) => {
    let settle = () => {};
    const invocation = new Promise<void>((resolve) => (settle = resolve));
    invocations.add(invocation);
    try {
      const body = await readBody(request);
      if (body === undefined) return sendJson(response, 413, { message: 'Request Entity Too Large' });
      const url = new URL(request.url ?? '/', 'http://local');
      const method = request.method ?? 'GET';
      const match = matchRoute(method, url.pathname);
      if (!match) {
        if (options.extra && (await options.extra(request, response, body))) return;
        return sendJson(response, 404, { error: { code: 'not_found', message: `no route for ${method} ${url.pathname}` } });
      }
      let handler = handlers.get(match.route.handler);
      if (!handler) handlers.set(match.route.handler, (handler = loadHandler(match.route.handler)));
      const event = toEvent(request, url, body, match.route.key, match.params);
      const name = match.route.handler;
      const result = await invokeLikeLambda(name, await handler, event, (options.runtimeOf ?? localRuntimeOf)(name));
      send(response, result);
    } catch (error) {
      // What an HTTP API answers when a function fails outright, or is cut at its timeout (a function
      // error to API Gateway, as a throw is: 500, not the 504 of a REST API); the handler's own stack never gets here.
      if (error instanceof LambdaTimeout) console.error(`[gateway] ${error.message}`);
      else console.error('[gateway] handler failed:', error);
      sendJson(response, 500, { message: 'Internal Server Error' });
    } finally {
      invocations.delete(invocation);
      settle();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await Promise.allSettled([...invocations]);
    },
  };
};

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
    // A connection closed mid-body (the gateway closing, a client gone) settles it too.
    request.on('close', () => request.complete || reject(new Error('the request was closed before its body ended')));
  });

/** Builds the event API Gateway's HTTP API (payload format 2.0) sends a Lambda function. */
export const toEvent = (request: IncomingMessage, url: URL, body: Buffer, routeKey: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/));
    else headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  // API Gateway tells the function how the client reached it; here the client spoke plain HTTP.
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] ??= String(request.socket.localPort ?? '');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '') ? asText(body) : undefined;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: text ?? body.toString('base64') }),
    isBase64Encoded: body.length > 0 && text === undefined,
  };
};

/** A function's context, as the gateway gives it (local/lambda.ts); handler tests call handlers with it. */
export const fakeContext = (functionName: string): Context => lambdaContext(functionName);

const send = (response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string): void => {
  if (typeof result === 'string') return sendJson(response, 200, result);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(response.req.method === 'HEAD' ? undefined : body);
};

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};
