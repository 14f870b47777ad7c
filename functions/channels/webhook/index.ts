/**
 * A Standard Webhooks endpoint: the signed JSON event (render.ts) to any https host whose every address
 * is public, looked up when the request is made (../urls.ts); no published rate.
 */
import type { ChannelSlice } from '../kind';
import { classifyWebhook } from './answers';
import { WEBHOOK_MAX_BYTES } from './limits';
import { webhookRequest } from './render';

export { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from './event';

export const webhook: ChannelSlice<'webhook'> = {
  kind: 'webhook',
  // Any path: the host's addresses are what is checked.
  urlRules: { shapeProblem: () => undefined },
  limits: { maxBytes: WEBHOOK_MAX_BYTES },
  render: (target, notice, { now, event }) => webhookRequest(target, notice, event, now),
  parseAnswer: classifyWebhook,
};
