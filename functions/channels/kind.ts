/**
 * What a channel kind is: one folder (functions/channels/<kind>/, as Healthchecks keeps
 * hc/integrations/<kind>/) whose index.ts exports one `ChannelSlice` — where the kind may post (URL
 * rules), how much it takes (size and pace, the service's published figures), how a notice becomes its
 * request (wire format), and what its answers mean. A slice is pure: it makes no request, resolves no
 * name and reads no clock; the chat sender (functions/adapters/chat-sender.ts) does the I/O.
 */
import type { AnswerOutcome, ServiceAnswer } from './answers';
import type { ChatNotice } from './notice';
import type { WebhookEvent } from './webhook/event';

/** Every kind a channel can be. Adding one here makes the registry (index.ts) ask for its slice. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A channel as configured: its URL (a credential) and, for dingtalk, feishu and webhook, its signing secret. */
export interface ChannelTarget {
  url: string;
  secret?: string;
}

/**
 * The request a sender makes. `redirect: 'manual'`: a redirect is an answer (a failure), never followed,
 * so a channel URL that passed the URL check cannot bounce the request to another host.
 */
export interface ChannelRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: 'manual';
}

/** What a post needs besides the notice: the clock (signatures) and, for a webhook, the event it is. */
export interface PostContext {
  now: Date;
  event: WebhookEvent;
}

/**
 * Where a kind may post. The shared checks (no user or password, no fragment, https, a webhook's
 * addresses all public, the local receiver) are urls.ts's; a kind says only what is its own.
 */
export interface UrlRules {
  /**
   * The service's own hosts, the only ones posted to (on the default port). Absent: any host whose
   * every address is public, looked up when a request is made (a webhook).
   */
  hosts?: readonly string[];
  /** The rule the URL's path and query break (a robot's key is part of its URL), or undefined. */
  shapeProblem(url: URL): string | undefined;
}

/** A service's own rate limit per robot, as it publishes it: what the sender paces to. */
export interface Pace {
  perMinute: number;
  perSecond?: number;
  /** How long the service blocks a robot that went over its minute (DingTalk), in seconds. */
  blockSeconds?: number;
}

/** The service's size limit, in UTF-8 bytes, to which a notice is cut (fit.ts) before it is posted. */
export interface SizeLimit {
  maxBytes: number;
}

export interface ChannelSlice<K extends ChannelKind = ChannelKind> {
  kind: K;
  urlRules: UrlRules;
  limits: SizeLimit;
  /** Undefined where the service publishes no rate (a webhook: the receiver answers 429 if it must). */
  pace?: Pace;
  /** The request for a notice in chat form (notice.ts's chatNoticeOf), cut to `limits` and signed at `now`. */
  render(target: ChannelTarget, notice: ChatNotice, context: PostContext): ChannelRequest;
  /** What the service's answer means: sent, worth trying again, or not (answers.ts). */
  parseAnswer(answer: ServiceAnswer): AnswerOutcome;
}
