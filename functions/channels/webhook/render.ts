/**
 * Standard Webhooks (spec 1.0.0, github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md),
 * so a county can bridge a notice to anything. A POST of the JSON event `{ type, id, occurredAt, data }`
 * (event.ts) with `webhook-id` (the event's id: the same on every retry, the receiver's idempotency key),
 * `webhook-timestamp` (this attempt, in seconds) and `webhook-signature` (see ../signing.ts).
 */
import { fitNotice } from '../fit';
import type { ChannelRequest, ChannelTarget } from '../kind';
import { cleanLine, jsonRequest, utf8Bytes, type ChatNotice } from '../notice';
import { webhookKey, webhookSignature } from '../signing';
import type { WebhookEvent } from './event';
import { WEBHOOK_MAX_BYTES } from './limits';

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
