/**
 * The event a webhook posts (Standard Webhooks, spec 1.0.0): its types and shape. The domain names a
 * notice's type from here and the contract documents it (functions/contract/responses.ts).
 */
export const WEBHOOK_EVENT_TYPES = ['escalation.notice', 'escalation.acknowledged', 'escalation.resolved', 'escalation.unresolved', 'escalation.paused', 'summary.daily'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  type: WebhookEventType;
  /** Stable across retries; letters, digits, - and _ (the signature scheme forbids a `.`). */
  id: string;
  /** When the thing happened (ISO 8601), not when this attempt is made. */
  occurredAt: string;
  /** What a program reads besides the words: ids, the level, the slots (see the OpenAPI document's webhooks). */
  data?: Record<string, unknown>;
}
