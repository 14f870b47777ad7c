/**
 * Standard Webhooks (spec 1.0.0, github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md),
 * so a county can bridge a notice to anything. A POST of the JSON event `{ type, id, occurredAt, data }`
 * with `webhook-id` (the event's id: the same on every retry, the receiver's idempotency key),
 * `webhook-timestamp` (this attempt, in seconds) and `webhook-signature` (see signing.ts). The spec
 * recommends payloads under 20 kb; the notice is cut to that as the chat services' are.
 */
import { classifyStatus, sent, type AnswerOutcome, type ServiceAnswer } from './answers';
import { fitNotice } from './fit';
import { cleanLine, jsonRequest, utf8Bytes, type ChannelRequest, type ChannelTarget, type ChatNotice } from './notice';
import { webhookKey, webhookSignature } from './signing';

export const WEBHOOK_EVENT_TYPES = ['escalation.notice', 'escalation.acknowledged', 'escalation.resolved', 'escalation.unresolved', 'escalation.paused', 'summary.daily'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_MAX_BYTES = 20_000;

export interface WebhookEvent {
  type: WebhookEventType;
  /** Stable across retries; letters, digits, - and _ (the signature scheme forbids a `.`). */
  id: string;
  /** When the thing happened (ISO 8601), not when this attempt is made. */
  occurredAt: string;
  /** What a program reads besides the words: ids, the level, the slots (see the OpenAPI document's webhooks). */
  data?: Record<string, unknown>;
}

/** The notice as data: cleaned like the chat text, and `omitted` when lines were cut. */
const eventData = (notice: ChatNotice, omitted: number) => ({
  title: cleanLine(notice.title),
  lines: notice.lines.map(cleanLine),
  actions: notice.actions.map((action) => ({ label: cleanLine(action.label), url: action.url })),
  mentions: { mobiles: notice.mentions.mobiles, names: notice.mentions.names.map(cleanLine) },
  ...(omitted > 0 ? { omittedLines: omitted } : {}),
});

const eventBody = (event: WebhookEvent, notice: ChatNotice, omitted: number): string =>
  JSON.stringify({ type: event.type, id: event.id, occurredAt: event.occurredAt, data: { ...event.data, ...eventData(notice, omitted) } });

export const webhookRequest = (target: ChannelTarget, notice: ChatNotice, event: WebhookEvent, now: Date): ChannelRequest => {
  if (!target.secret) throw new Error('a webhook channel needs its whsec_ secret');
  const key = webhookKey(target.secret);
  const fitted = fitNotice(notice, WEBHOOK_MAX_BYTES, (candidate, omitted) => utf8Bytes(eventBody(event, candidate, omitted)));
  const body = eventBody(event, fitted.notice, fitted.omitted);
  const timestamp = Math.floor(now.getTime() / 1000);
  const request = jsonRequest(target.url, null, {
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(key, event.id, timestamp, body),
  });
  // The very bytes signed are the bytes sent (the spec's warning about re-serialising).
  return { ...request, body };
};

/** Only the status speaks (the spec): 2xx sent; 410 Gone and other 4xx permanent; 429, 5xx again later. */
export const classifyWebhook = (answer: ServiceAnswer): AnswerOutcome => classifyStatus(answer) ?? sent;
