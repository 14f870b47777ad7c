/**
 * The port a notice is sent through: where it goes (a mailbox, or a channel as registered), the
 * notifier that renders and sends it for its medium, and the errors by which a notifier says whether
 * it may go later (DeliveryDeferred) or never will (DeliveryRefused). Re-exported from escalation/ports.ts.
 */
import type { Channel } from '../model';
import type { NoticeContent } from './content';

/** Where a notice goes: a mailbox, or a channel as registered (its URL and secret with it). */
export type Destination = { medium: 'mail'; address: string } | { medium: 'chat'; address: string; channel: Channel };

/** Thrown by a notifier when the service may take the notice later (unreachable, throttled, rate limited). */
export class DeliveryDeferred extends Error {
  override readonly name = 'DeliveryDeferred';
  constructor(
    message: string,
    /** When the service said to come back, if it did. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Mail's own word for it, kept for the mail transports. */
export const MailDeferred = DeliveryDeferred;

/**
 * Thrown by a notifier when the service refused the notice for good (a bad key or sign, a refused
 * address, a message it will never take): trying again would change nothing. Its message names the
 * reason in words, for the next level. Any other error a send meets (the table busy, a fault of ours)
 * is neither: the notice is tried again.
 */
export class DeliveryRefused extends Error {
  override readonly name = 'DeliveryRefused';
}

/**
 * Sends a notice, rendered for its medium. Throws DeliveryDeferred when it may go later, and
 * DeliveryRefused when it never will (a bad key, a refused address), its message naming the reason.
 */
export interface Notifier {
  send(to: Destination, content: NoticeContent, context: { eventId: string }): Promise<void>;
  /** A robot's own rate limits, for pacing; undefined for mail. */
  pace(to: Destination): { perMinute: number; perSecond?: number } | undefined;
}
