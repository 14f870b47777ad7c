/**
 * The chat sender's own guarantees (docs/security.md): it connects to the address the URL check
 * returned, not to a second lookup of the name (DNS rebinding); it does not follow redirects; it reads
 * no more of an answer than its code needs; it gives up on a service that does not answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../../functions/adapters/chat-sender';

let server: Server;
let port = 0;
const seen: { host: string | undefined; path: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ host: request.headers.host, path: request.url });
    if (request.url === '/redirect') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (request.url === '/huge') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`{"errcode":0,"pad":"${'x'.repeat(64 * 1024)}`);
      return; // never ends: the sender must stop reading on its own
    }
    if (request.url === '/silent') return; // never answers
    response.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"errcode":45009}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the chat sender', () => {
  it('connects to the checked address, whatever the name would resolve to now', async () => {
    // The name does not resolve at all (.invalid): an answer proves the connection went to the pinned address.
    const answer = await post(new URL(`http://rebinding.invalid:${port}/send`), {}, '{}', ['127.0.0.1']);
    expect(answer).toMatchObject({ status: 429, retryAfter: '7' });
    expect(answer.body).toBe('{"errcode":45009}');
    expect(seen.at(-1)).toEqual({ host: `rebinding.invalid:${port}`, path: '/send' });
  });

  it('does not follow a redirect: the 302 is the answer', async () => {
    const answer = await post(new URL(`http://127.0.0.1:${port}/redirect`), {}, '{}', ['127.0.0.1']);
    expect(answer.status).toBe(302);
    expect(seen.filter((request) => request.path?.startsWith('/latest'))).toEqual([]);
  });

  it('reads only the start of an answer', async () => {
    const answer = await post(new URL(`http://127.0.0.1:${port}/huge`), {}, '{}', ['127.0.0.1']);
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBeLessThan(16 * 1024);
  });

  it('gives up on a service that does not answer', async () => {
    await expect(post(new URL(`http://127.0.0.1:${port}/silent`), {}, '{}', ['127.0.0.1'], 300)).rejects.toThrow(/timed out/);
  });
});
