/**
 * A Notifier that records what it is sent, and can be told to refuse: `refuse` answers, for each
 * send, the error to throw (a DeliveryDeferred for "later", any other for "never"), or nothing.
 * Robots' minute limits come from `pace` (none, as for mail, unless given).
 */
import type { Destination, NoticeContent, Notifier } from '../../../functions/domain/escalation';

export interface SentNotice {
  to: Destination;
  content: NoticeContent;
  eventId: string;
}

export class RecordingNotifier implements Notifier {
  readonly sent: SentNotice[] = [];
  /** Every send tried, refused ones too. */
  readonly tried: SentNotice[] = [];
  refuse: (to: Destination, content: NoticeContent) => Error | undefined = () => undefined;
  limit: (to: Destination) => number | undefined = () => undefined;

  async send(to: Destination, content: NoticeContent, context: { eventId: string }): Promise<void> {
    const notice = { to, content, eventId: context.eventId };
    this.tried.push(notice);
    const refusal = this.refuse(to, content);
    if (refusal) throw refusal;
    this.sent.push(notice);
  }

  pace(to: Destination): { perMinute: number } | undefined {
    const perMinute = this.limit(to);
    return perMinute === undefined ? undefined : { perMinute };
  }

  /** What reached an address (a mailbox, or a channel's chat address), in order. */
  to(address: string): SentNotice[] {
    return this.sent.filter((notice) => notice.to.address.toLowerCase() === address.toLowerCase());
  }
}
