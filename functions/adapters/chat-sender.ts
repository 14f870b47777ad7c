/**
 * Posting a notice to a group chat robot or a webhook. The URL is checked when the request is made
 * (functions/channels/urls.ts: the service's own host; a webhook only to public addresses) and the
 * connection goes to the very address that check resolved, so a name cannot resolve elsewhere in
 * between (DNS rebinding). Redirects are not followed, the request times out after a few seconds, and
 * of the answer only the start is read (its error code). What the answer means comes from the
 * channel's kind: sent, worth trying again (DeliveryDeferred), or not (an Error naming the reason).
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { channelRequest, checkChannelUrl, classifyAnswer, PROBLEM_TEXT, type ChatNotice, type ServiceAnswer } from '../channels';
import type { Block, NoticeContent, Span } from '../domain/escalation/content';
import { DeliveryDeferred } from '../domain/escalation/ports';
import type { Channel } from '../domain/model';

const TIMEOUT_MS = 5_000;
/** Enough of any service's answer to read its code; the rest is not read. */
const MAX_ANSWER_BYTES = 4_096;

const spanText = (span: Span): string => (typeof span === 'string' ? span : 'strong' in span ? span.strong : span.label);
const blockLines = (block: Block): string[] => {
  if (Array.isArray(block)) return [block.map(spanText).join('')];
  if ('list' in block) return block.list.map((item) => `• ${item.map(spanText).join('')}`);
  // A table row reads as "name：heading value，heading value" (the Chinese word of each heading).
  const headings = block.table.head.map((name) => name.split(' ')[0]!);
  const shown = (value: string | { bar: number | null }) => (typeof value === 'string' ? value : value.bar === null ? '—' : `${Math.round(value.bar * 1000) / 10}%`);
  return block.table.rows.map(([first, ...rest]) => `${shown(first ?? '')}：${rest.map((value, column) => `${headings[column + 1] ?? ''} ${shown(value)}`).join('，')}`);
};

/** The content as a chat service reads it: Chinese lines first, then English (cut first when too long), the actions as links. */
export const chatNoticeOf = (content: NoticeContent): ChatNotice => ({
  title: content.title,
  lines: [...content.zh.flatMap(blockLines), ...content.en.flatMap(blockLines)],
  actions: content.actions.map((action) => ({ label: action.zh, url: action.url })),
  mentions: content.mentions,
});

export interface ChatSenderOptions {
  /** The local stack only: http://127.0.0.1:<port>/ (the local chat receiver). */
  allowLocal: boolean;
  /** When an attempt is made (the wall clock unless a test gives its own). */
  now?: () => Date;
}

const wallClock = () => new Date();

export const sendToChannel = async (channel: Channel, content: NoticeContent, { eventId }: { eventId: string }, options: ChatSenderOptions): Promise<void> => {
  const check = await checkChannelUrl(channel.kind, channel.url, {
    allowLocal: options.allowLocal,
    resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address),
  });
  if (!check.ok) throw new Error(`the channel URL was refused: ${check.reason}`);
  // The signature's timestamp is this attempt's (as the services and Standard Webhooks mean it): the sender's clock.
  const now = (options.now ?? wallClock)();
  const request = channelRequest(channel.kind, { url: channel.url, ...(channel.secret !== undefined && { secret: channel.secret }) }, chatNoticeOf(content), {
    now,
    event: { type: content.type, id: eventId, occurredAt: content.occurredAt, data: content.facts },
  });
  let answer: ServiceAnswer;
  try {
    answer = await post(new URL(request.url), request.headers, request.body, check.addresses);
  } catch (error) {
    throw new DeliveryDeferred(`the ${channel.kind} service could not be reached: ${(error as Error).message}`);
  }
  const outcome = classifyAnswer(channel.kind, answer);
  if (outcome.outcome === 'sent') return;
  const words = PROBLEM_TEXT[outcome.problem];
  const reason = `${words.zh} / ${words.en}${outcome.code === undefined ? '' : ` (${outcome.code})`}`;
  if (outcome.outcome === 'transient') throw new DeliveryDeferred(reason, outcome.retryAfterSeconds);
  throw new Error(reason);
};

/** One POST, to the checked addresses only (exported for its tests); the answer's status, Retry-After and the start of its body. */
export const post = (url: URL, headers: Record<string, string>, body: string, addresses: string[], timeoutMs = TIMEOUT_MS): Promise<ServiceAnswer> =>
  new Promise((resolve, reject) => {
    // Connect to an address the URL check accepted; TLS still checks the certificate against the host name.
    const pinned: LookupFunction | undefined =
      addresses.length > 0
        ? (_host, options, callback) => {
            const family = addresses[0]!.includes(':') ? 6 : 4;
            if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
            else callback(null, addresses[0]!, family);
          }
        : undefined;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: timeoutMs, ...(pinned && { lookup: pinned }) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'), retryAfter: (response.headers['retry-after'] as string | undefined) ?? null });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_ANSWER_BYTES) finish();
        });
        response.on('end', finish);
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
