/**
 * The chat sender's own guarantees (docs/security.md): it connects to the address the URL check
 * returned, not to a second lookup of the name (DNS rebinding); it does not follow redirects; it reads
 * no more of an answer than its code needs; it gives up on a service that does not answer, or answers
 * too slowly, within one deadline for the whole post. A lookup that fails is tried again later; a name
 * that resolves to an address that is not public is refused for good (DeliveryRefused).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, sendToChannel, type ChatSenderOptions } from '../../functions/adapters/chat-sender';
import type { Resolver } from '../../functions/channels/urls';
import type { NoticeContent } from '../../functions/domain/delivery/content';
import { DeliveryDeferred, DeliveryRefused } from '../../functions/domain/escalation/ports';
import type { Channel } from '../../functions/domain/model';

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
    if (request.url?.startsWith('/drip')) {
      // A byte every 50 ms, never ending: no socket is ever idle long enough to time out on its own.
      response.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
      return;
    }
    response.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"errcode":45009}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const content: NoticeContent = {
  type: 'escalation.notice',
  lang: 'zh-CN',
  subject: '漏报督办',
  title: '【漏报督办】城关社区 · 东门卡点',
  lines: [['漏报时段：08:00–10:00']],
  actions: [],
  mentions: { mobiles: [], names: [] },
  facts: {},
  occurredAt: '2024-03-01T02:00:00.000Z',
};
const webhook = (url: string): Channel => ({ id: 'ch-1', kind: 'webhook', url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', summaries: false });
const send = (channel: Channel, options: Partial<ChatSenderOptions> = {}) => sendToChannel(channel, content, { eventId: 'escalation_esc-1_1_0_x' }, { allowLocal: false, ...options });
/** What a send threw (undefined: nothing), to be looked at for its kind and its words. */
const thrown = async (sending: Promise<void>): Promise<Error | undefined> => sending.then(() => undefined, (error: Error) => error);
const failingLookup = (code: string): Resolver => async (host) => {
  throw Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code, hostname: host });
};

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

  it('gives up on a service that answers a byte at a time, at the one deadline of the post, and tries again later', async () => {
    const started = Date.now();
    const error = await thrown(send(webhook(`http://127.0.0.1:${port}/drip`), { allowLocal: true, deadlineMs: 300 }));
    const took = Date.now() - started;

    expect(error).toBeInstanceOf(DeliveryDeferred);
    expect(error?.message).toMatch(/did not answer in time .*it may have taken the notice/);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_000); // the drip (a byte every 50 ms) would have kept a socket timeout of 300 ms at bay for ever
  });

  it('tries again later when the lookup fails for now (EAI_AGAIN: a resolver timing out or answering SERVFAIL)', async () => {
    const error = await thrown(send(webhook('https://hooks.example.org/in'), { resolve: failingLookup('EAI_AGAIN') }));

    expect(error).toBeInstanceOf(DeliveryDeferred);
    expect(error?.message).toContain('EAI_AGAIN');
    expect(error?.message).not.toContain('example.org'); // the URL holds the robot's key
  });

  it('tries again later when the name is not found (ENOTFOUND: more often a hiccup than a channel gone)', async () => {
    const error = await thrown(send(webhook('https://hooks.example.org/in'), { resolve: failingLookup('ENOTFOUND') }));

    expect(error).toBeInstanceOf(DeliveryDeferred);
    expect(error?.message).toContain('ENOTFOUND');
  });

  it('refuses for good a name that resolves to an address that is not public, without posting', async () => {
    const before = seen.length;
    const error = await thrown(send(webhook('https://hooks.example.org/in'), { resolve: async () => ['10.0.0.1'] }));

    expect(error).toBeInstanceOf(DeliveryRefused);
    expect(error?.message).toMatch(/refused: the host resolves to an address that is not public/);
    expect(seen.length).toBe(before);
  });

  it("tells the service's answers apart: a 429 is tried again when it says, a 302 refused for good, and so is a webhook without its secret", async () => {
    const throttled = await thrown(send(webhook(`http://127.0.0.1:${port}/busy`), { allowLocal: true }));
    expect(throttled).toBeInstanceOf(DeliveryDeferred);
    expect((throttled as DeliveryDeferred).retryAfterSeconds).toBe(7);

    expect(await thrown(send(webhook(`http://127.0.0.1:${port}/redirect`), { allowLocal: true }))).toBeInstanceOf(DeliveryRefused);

    const unsigned = await thrown(send({ ...webhook(`http://127.0.0.1:${port}/in`), secret: undefined }, { allowLocal: true }));
    expect(unsigned).toBeInstanceOf(DeliveryRefused);
    expect(unsigned?.message).toMatch(/whsec_/);
  });
});
