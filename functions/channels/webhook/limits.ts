/**
 * Standard Webhooks (spec 1.0.0, spec/standard-webhooks.md) recommends payloads under 20 kb; the notice
 * is cut to that as the chat services' are. The spec publishes no rate: a receiver that needs one
 * answers 429 with Retry-After (answers.ts).
 */
export const WEBHOOK_MAX_BYTES = 20_000;
