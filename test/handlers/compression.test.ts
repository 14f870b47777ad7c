/**
 * Bytes on the wire (issue 14): compression by Accept-Encoding with Vary, ETag and 304 for the pages
 * and the service worker, never for no-store answers, and the form's budget of 10 KB compressed.
 */
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as ackPage } from '../../functions/handlers/ack-page';
import { handler as formPage } from '../../functions/handlers/form-page';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as openapi } from '../../functions/handlers/openapi';
import { MIN_COMPRESSED_BYTES, negotiate } from '../../functions/runtime/compression';
import { fakeContext, startGateway } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { httpEvent, type EventInput } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

type Raw = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };
type AnyHandler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

const call = async (handler: AnyHandler, input: EventInput): Promise<Raw> => {
  const result = (await handler(httpEvent(input), fakeContext('test'))) as Raw;
  return { ...result, headers: result.headers ?? {} };
};

/** The bytes as they would cross the wire, and the text they stand for. */
const bytesOf = (answer: Raw): Buffer => Buffer.from(answer.body ?? '', answer.isBase64Encoded ? 'base64' : 'utf8');
const textOf = (answer: Raw): string => {
  const bytes = bytesOf(answer);
  const coding = answer.headers['content-encoding'];
  return (coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
};

const FORM = { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'wire-gate' } };
const WORKER = { routeKey: 'GET /f/sw.js' };
const withHeaders = (input: EventInput, headers: Record<string, string>): EventInput => ({ ...input, headers });
/** HEAD reaches the GET route's function (the event's method says HEAD): as the local gateway routes it. */
const headEvent = (input: EventInput, headers: Record<string, string> = {}) => {
  const event = httpEvent({ ...input, headers });
  event.requestContext.http.method = 'HEAD';
  return event;
};

beforeAll(async () => {
  await useFreshTable();
  await registerCommunity('wire');
  for (let i = 0; i < 8; i += 1) await registerCheckpoint(`wire-${i}`, { communityId: 'wire' });
});

describe('choosing the coding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['deflate', undefined],
  ])('Accept-Encoding %j gives %j', (header, coding) => {
    expect(negotiate(header)).toBe(coding);
  });
});

describe('compression by Accept-Encoding', () => {
  it('sends the form page in brotli when the client takes br, as base64 bytes with Vary', async () => {
    const plain = await call(formPage, FORM);
    const br = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'gzip, deflate, br' }));
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.isBase64Encoded).toBe(true);
    expect(br.headers.vary).toMatch(/accept-encoding/);
    expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(textOf(br)).toBe(plain.body);
    expect(bytesOf(br).length).toBeLessThan(Buffer.byteLength(plain.body!) / 2);
  });

  it('sends gzip to a client that takes only gzip', async () => {
    const plain = await call(formPage, FORM);
    const gzip = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'gzip' }));
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(textOf(gzip)).toBe(plain.body);
  });

  it('sends the plain text without Accept-Encoding, still saying that it varies by it', async () => {
    const plain = await call(formPage, FORM);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.isBase64Encoded).toBeFalsy();
    expect(plain.body).toMatch(/^<!doctype html>/);
    expect(plain.headers.vary).toMatch(/accept-encoding/);
  });

  it('leaves an answer under 1 KB as it is, with no Vary on the coding', async () => {
    const worker = await call(formPage, withHeaders(WORKER, { 'accept-encoding': 'br, gzip' }));
    expect(Buffer.byteLength(worker.body!)).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(worker.headers['content-encoding']).toBeUndefined();
    expect(worker.body).toContain('addEventListener');
    expect(worker.headers.vary ?? '').not.toMatch(/accept-encoding/);
    const refused = await call(listCheckpoints, withHeaders({ routeKey: 'GET /checkpoints' }, { 'accept-encoding': 'br' }));
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.body!).error.code).toBe('unauthorized');
  });

  it('compresses a no-store JSON answer over 1 KB but gives it no ETag and never a 304', async () => {
    const input: EventInput = { routeKey: 'GET /checkpoints', admin: true, query: { communityId: 'wire' } };
    const plain = await call(listCheckpoints, input);
    expect(Buffer.byteLength(plain.body!)).toBeGreaterThan(MIN_COMPRESSED_BYTES);
    const gzip = await call(listCheckpoints, { ...input, headers: { 'accept-encoding': 'gzip', 'if-none-match': '*' } });
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('no-store');
    expect(gzip.headers.etag).toBeUndefined();
    expect(JSON.parse(textOf(gzip)).items).toHaveLength(8);
  });

  it('compresses a refusal shown as a page (the error contract answers it), untagged: it is no-store', async () => {
    const refused = await call(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId: 'x' }, headers: { 'accept-encoding': 'br' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-encoding']).toBe('br');
    expect(refused.headers.vary).toBe('accept-encoding');
    expect(refused.headers.etag).toBeUndefined();
    expect(textOf(refused)).toMatch(/^<!doctype html>/);
  });

  it('compresses the OpenAPI document (JSON a cache may keep) and tags it', async () => {
    const br = await call(openapi, withHeaders({ routeKey: 'GET /openapi.json' }, { 'accept-encoding': 'br' }));
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.etag).toMatch(/^W\/"[\w-]+"$/);
    expect(JSON.parse(textOf(br)).openapi).toMatch(/^3\.1/);
  });
});

describe('ETag and 304 for the pages and the service worker', () => {
  it('tags the form page weakly, the same tag for every coding and on every request', async () => {
    const plain = await call(formPage, FORM);
    const br = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'br' }));
    const gzip = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'gzip' }));
    expect(plain.headers.etag).toMatch(/^W\/"[\w-]{22}"$/);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect(gzip.headers.etag).toBe(plain.headers.etag);
    const other = await call(formPage, { ...FORM, pathParameters: { checkpointId: 'wire-other' } });
    expect(other.headers.etag).not.toBe(plain.headers.etag);
  });

  it('answers a repeat that names the tag with 304 and no body, keeping the caching headers', async () => {
    const first = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'br' }));
    const again = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.isBase64Encoded).toBeFalsy();
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(again.headers.vary).toMatch(/accept-encoding/);
    expect(again.headers['content-encoding']).toBeUndefined();
    // The strong form of the same tag, or one among several, matches too (If-None-Match compares weakly).
    const strong = first.headers.etag!.replace(/^W\//, '');
    expect((await call(formPage, withHeaders(FORM, { 'if-none-match': `"other", ${strong}` }))).statusCode).toBe(304);
    expect((await call(formPage, withHeaders(FORM, { 'if-none-match': '"other"' }))).statusCode).toBe(200);
  });

  it('tags the service worker and answers its repeat with 304', async () => {
    const first = await call(formPage, WORKER);
    expect(first.headers.etag).toMatch(/^W\//);
    const again = await call(formPage, withHeaders(WORKER, { 'if-none-match': first.headers.etag! }));
    expect(again.statusCode).toBe(304);
    expect(again.headers['service-worker-allowed']).toBe('/f/');
  });

  it('answers HEAD with the headers of GET, and a HEAD repeat with 304', async () => {
    const get = await call(formPage, withHeaders(FORM, { 'accept-encoding': 'gzip' }));
    const headed = (await formPage(headEvent(FORM, { 'accept-encoding': 'gzip' }), fakeContext('test'))) as Raw;
    expect(headed.statusCode).toBe(200);
    expect(headed.headers.etag).toBe(get.headers.etag);
    expect(headed.headers['content-encoding']).toBe('gzip');
    expect(headed.headers.vary).toBe(get.headers.vary);
    const repeat = (await formPage(headEvent(FORM, { 'if-none-match': get.headers.etag! }), fakeContext('test'))) as Raw;
    expect(repeat.statusCode).toBe(304);
  });

  it('gives the page a form posted without JavaScript carries (its own token and submission id) a tag that never repeats', async () => {
    const withToken = { ...FORM, query: { t: 'some-token' } };
    const first = await call(formPage, withToken);
    const second = await call(formPage, { ...withToken, headers: { 'if-none-match': first.headers.etag! } });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('name="submissionId"');
  });

  it('tags only GET and HEAD', async () => {
    const event = httpEvent({ ...FORM, headers: { 'if-none-match': '*' } });
    event.requestContext.http.method = 'POST';
    const posted = (await formPage(event, fakeContext('test'))) as Raw;
    expect(posted.statusCode).toBe(200);
    expect(posted.headers.etag).toBeUndefined();
  });
});

describe('the form on the wire', () => {
  it('is at most 10 KB compressed: the page (its script inline) and the service worker, in brotli and in gzip', async () => {
    for (const coding of ['br', 'gzip']) {
      const page = await call(formPage, withHeaders(FORM, { 'accept-encoding': coding }));
      const worker = await call(formPage, withHeaders(WORKER, { 'accept-encoding': coding }));
      expect(page.body).not.toMatch(/<script src=/);
      expect(bytesOf(page).length + bytesOf(worker).length).toBeLessThanOrEqual(10_000);
    }
  });

  it('links its favicon inline, so the browser asks for no /favicon.ico', async () => {
    const page = await call(formPage, FORM);
    expect(page.body).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^"]+">/);
  });
});

describe('through the local gateway', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gateway = await startGateway({ port: 0 });
  });
  afterAll(() => gateway.close());

  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${gateway.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('passes the compressed bytes and their coding through, as API Gateway does', async () => {
    const answer = await get('/f/wire-gate', { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(answer.body).toString('utf8')).toMatch(/^<!doctype html>/);
    const repeat = await get('/f/wire-gate', { 'accept-encoding': 'br', 'if-none-match': String(answer.headers.etag) });
    expect(repeat.status).toBe(304);
    expect(repeat.body.length).toBe(0);
  });
});
