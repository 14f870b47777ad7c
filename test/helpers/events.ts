/** API Gateway HTTP API (payload 2.0) events for handler tests, built the way the local gateway builds them. */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fakeContext } from '../../local/gateway';
import { ADMIN_KEY } from './table';

export interface EventInput {
  routeKey: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Cookies as API Gateway passes them: `name=value`. */
  cookies?: string[];
  body?: unknown;
  /** Sends the body as it is, not as JSON. */
  rawBody?: string;
  base64?: boolean;
  admin?: boolean;
  token?: string;
}

export const httpEvent = (input: EventInput): APIGatewayProxyEventV2 => {
  const [method, path] = input.routeKey.split(' ') as [string, string];
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => input.pathParameters?.[name] ?? name);
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const headers: Record<string, string> = {
    host: 'api.test',
    ...(body !== undefined && input.rawBody === undefined && { 'content-type': 'application/json' }),
    ...(input.admin && { authorization: `Bearer ${ADMIN_KEY}` }),
    ...(input.token && { authorization: `Bearer ${input.token}` }),
    ...input.headers,
  };
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers,
    ...(input.query && { queryStringParameters: input.query }),
    ...(input.cookies && { cookies: input.cookies }),
    ...(input.pathParameters && { pathParameters: input.pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined && { body: input.base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: input.base64 ?? false,
  };
};

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: any;
  text: string;
}

type AnyHandler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

export const invoke = async (handler: AnyHandler, input: EventInput): Promise<Answer> => {
  const result = (await handler(httpEvent(input), fakeContext('test'))) as { statusCode: number; headers?: Record<string, string>; body?: string };
  const text = result.body ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, headers: result.headers ?? {}, json, text };
};
