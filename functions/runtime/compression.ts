/**
 * Bytes on the wire. API Gateway's HTTP API passes a function's answer through as it is, so the
 * function compresses: an answer of a text type (HTML, JavaScript, CSS, JSON, SVG, CSV) of 1 KB or
 * more goes out in brotli or gzip, as the request's Accept-Encoding allows, base64-encoded as Lambda
 * hands API Gateway bytes, with `Vary: accept-encoding`. A GET or HEAD answered 200 that a cache may
 * keep (not `no-store`, no cookie set) carries an ETag, and a repeat that names it in If-None-Match
 * is answered 304 with no body: the form page and its service worker are `no-cache`, so a phone asks
 * again each time and, when nothing changed, downloads nothing.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Below this, the encoding's own framing and the CPU cost more than the bytes saved. */
export const MIN_COMPRESSED_BYTES = 1024;

const COMPRESSIBLE = /^(text\/|image\/svg\+xml|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))\s*(;|$))/i;

export type Coding = 'br' | 'gzip';

/**
 * Brotli at quality 5: the form page (26 KB) takes about 2 ms and comes to 8.0 KB; quality 11 would
 * save another 0.8 KB for 50 ms on every cold page. gzip at its default level 6 for clients without br.
 */
const encoders: Record<Coding, (body: Buffer) => Buffer> = {
  br: (body) =>
    brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => gzipSync(body),
};

/** The coding the client prefers among those it accepts (q > 0); brotli on a tie, being smaller. */
export const negotiate = (acceptEncoding: string | undefined): Coding | undefined => {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name === 'x-gzip' ? 'gzip' : name, q === undefined ? 1 : Number(q));
  }
  const weight = (coding: Coding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const [br, gzip] = [weight('br'), weight('gzip')];
  if (br <= 0 && gzip <= 0) return undefined;
  return br >= gzip ? 'br' : 'gzip';
};

/**
 * Weak, from the uncompressed bytes: one validator for the content whatever its coding (a strong
 * tag would have to differ between the br, gzip and plain bytes), and If-None-Match compares weakly
 * anyway. Nothing here serves byte ranges, which is all a strong tag would add.
 */
export const weakTag = (body: Buffer): string => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
const named = (ifNoneMatch: string | undefined, tag: string): boolean =>
  ifNoneMatch !== undefined && ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(tag));

const withVary = (vary: unknown, name: string): string => {
  const names = String(vary ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return names.some((v) => v.toLowerCase() === name || v === '*') ? names.join(', ') : [...names, name].join(', ');
};

/**
 * The bodies a warm function keeps compressed, by coding and ETag: the pages and the service worker
 * are the same bytes on every request, so each is compressed once. Only tagged (cacheable) answers go
 * in; a no-store JSON answer is compressed afresh each time.
 */
const compressedBodies = new Map<string, string>();
const CACHED_BODIES = 32;

const compressed = (coding: Coding, body: Buffer, tag: string | undefined): string => {
  const key = tag && `${coding} ${tag}`;
  const kept = key && compressedBodies.get(key);
  if (kept) return kept;
  const encoded = encoders[coding](body).toString('base64');
  if (key) {
    if (compressedBodies.size >= CACHED_BODIES) compressedBodies.delete(compressedBodies.keys().next().value!);
    compressedBodies.set(key, encoded);
  }
  return encoded;
};

type Request = { event: APIGatewayProxyEventV2; response: APIGatewayProxyStructuredResultV2 | null | undefined };

const onTheWire = async (request: Request): Promise<void> => {
  const { event, response } = request;
  if (!response || typeof response !== 'object' || response.isBase64Encoded || typeof response.body !== 'string') return;
  const headers = (response.headers ??= {});
  if (headers['content-encoding'] || /no-transform/i.test(String(headers['cache-control'] ?? ''))) return;
  const body = Buffer.from(response.body, 'utf8');
  const method = event.requestContext?.http?.method;
  const encodable = body.length >= MIN_COMPRESSED_BYTES && COMPRESSIBLE.test(String(headers['content-type'] ?? ''));
  if (encodable) headers.vary = withVary(headers.vary, 'accept-encoding');
  const cacheable =
    (method === 'GET' || method === 'HEAD') && response.statusCode === 200 && !/no-store/i.test(String(headers['cache-control'] ?? '')) && !response.cookies?.length;
  const tag = cacheable ? weakTag(body) : undefined;
  if (tag) {
    headers.etag = tag;
    if (named(event.headers?.['if-none-match'], tag)) {
      // What a 200 would say about caching, not about a body that is not sent.
      delete headers['content-type'];
      Object.assign(response, { statusCode: 304, body: '' });
      return;
    }
  }
  const coding = encodable ? negotiate(event.headers?.['accept-encoding']) : undefined;
  if (!coding) return;
  response.body = compressed(coding, body, tag);
  response.isBase64Encoded = true;
  headers['content-encoding'] = coding;
};

/** Used early in the stack, so that it runs last: after the handler's reply, the error contract's page or JSON, and CORS. */
export const compression = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  after: onTheWire,
  onError: onTheWire,
});
