/**
 * Posting a notice to a group chat robot or a webhook. The URL is checked when the request is made
 * (functions/channels/urls.ts and the kind's URL rules: the service's own host; a webhook only to
 * public addresses) and the connection goes to the very address that check resolved, so a name cannot
 * resolve elsewhere in between (DNS rebinding). Redirects are not followed, a post has a few seconds in all (connecting and
 * answering), and of the answer only the start is read (its error code). What the answer means comes
 * from the channel's kind: sent, worth trying again (DeliveryDeferred), or not (DeliveryRefused, naming
 * the reason). A lookup that fails is worth trying again; a name that resolves to an address that is
 * not public is not (urls.ts says why), nor is a channel whose registration cannot be signed.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAnswer, noticeRequest, PROBLEM_TEXT, type ServiceAnswer } from '../channels';
import { checkChannelUrl, type Resolver } from '../channels/urls';
import type { NoticeContent } from '../domain/delivery/content';
import { DeliveryDeferred, DeliveryRefused } from '../domain/escalation/ports';
import type { Channel } from '../domain/model';

/** How long one post may take in all, from connecting to the last byte of the answer read. */
const DEADLINE_MS = 5_000;
/** Enough of any service's answer to read its code; the rest is not read. */
const MAX_ANSWER_BYTES = 4_096;

export interface ChatSenderOptions {
  /** The local stack only: http://127.0.0.1:<port>/ (the local chat receiver). */
  allowLocal: boolean;
  /** When an attempt is made (the wall clock unless a test gives its own). */
  now?: () => Date;
  /** A webhook's host name to its addresses (DNS, every address, unless a test gives its own). */
  resolve?: Resolver;
  /** How long a post may take in all (5 s unless a test gives less). */
  deadlineMs?: number;
}

const wallClock = () => new Date();
const dnsLookup: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** A post that went past its deadline: unlike a refused connection, the service may have taken it. */
class PastDeadline extends Error {
  override readonly name = 'PastDeadline';
}

export const sendToChannel = async (channel: Channel, content: NoticeContent, { eventId }: { eventId: string }, options: ChatSenderOptions): Promise<void> => {
  const check = await checkChannelUrl(channel.kind, channel.url, { allowLocal: options.allowLocal, resolve: options.resolve ?? dnsLookup });
  if (!check.ok && check.transient) throw new DeliveryDeferred(`the ${channel.kind} service cannot be reached just now: ${check.reason}`);
  if (!check.ok) throw new DeliveryRefused(`the channel URL was refused: ${check.reason}`);
  // The signature's timestamp is this attempt's (as the services and Standard Webhooks mean it): the sender's clock.
  const now = (options.now ?? wallClock)();
  let request: ReturnType<typeof noticeRequest>;
  try {
    request = noticeRequest(channel.kind, { url: channel.url, ...(channel.secret !== undefined && { secret: channel.secret }) }, content, { now, eventId });
  } catch (error) {
    // A secret that is missing or not a key (a webhook's whsec_…): the same on every attempt.
    throw new DeliveryRefused((error as Error).message);
  }
  let answer: ServiceAnswer;
  try {
    answer = await post(new URL(request.url), request.headers, request.body, check.addresses, options.deadlineMs);
  } catch (error) {
    // Past the deadline the request may have been taken all the same, so trying again may post the
    // notice twice: a webhook's receiver tells the second by its webhook-id (the notice's event id, the
    // same on every attempt); a robot shows it twice, a lesser harm than a group never told.
    if (error instanceof PastDeadline) throw new DeliveryDeferred(`the ${channel.kind} service did not answer in time (${error.message}); it may have taken the notice`);
    throw new DeliveryDeferred(`the ${channel.kind} service could not be reached: ${(error as Error).message}`);
  }
  const outcome = classifyAnswer(channel.kind, answer);
  if (outcome.outcome === 'sent') return;
  const words = PROBLEM_TEXT[outcome.problem];
  const reason = `${words.zh} / ${words.en}${outcome.code === undefined ? '' : ` (${outcome.code})`}`;
  if (outcome.outcome === 'transient') throw new DeliveryDeferred(reason, outcome.retryAfterSeconds);
  throw new DeliveryRefused(reason);
};

/**
 * One POST, to the checked addresses only (exported for its tests); the answer's status, Retry-After and
 * the start of its body. The deadline is one for the whole post, not a socket's idle timeout (which a
 * server dripping a byte a second would reset forever): when it passes, the request is destroyed.
 */
export const post = (url: URL, headers: Record<string, string>, body: string, addresses: string[], deadlineMs = DEADLINE_MS): Promise<ServiceAnswer> =>
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
    const deadline = setTimeout(() => {
      reject(new PastDeadline(`timed out after ${deadlineMs} ms`));
      outgoing.destroy();
    }, deadlineMs);
    const settle = <T>(settled: (value: T) => void) => (value: T) => {
      clearTimeout(deadline);
      settled(value);
    };
    const outgoing = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, ...(pinned && { lookup: pinned }) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          response.destroy();
          settle(resolve)({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'), retryAfter: (response.headers['retry-after'] as string | undefined) ?? null });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_ANSWER_BYTES) finish();
        });
        response.on('end', finish);
        response.on('error', settle(reject));
      },
    );
    outgoing.on('error', settle(reject));
    outgoing.end(body);
  });
