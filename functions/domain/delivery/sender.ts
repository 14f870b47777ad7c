/**
 * The one sender: it sends notice rows, and nothing else sends anything. STUB on main — helper
 * "deliver" writes it (the brief: /work/wt/COMMON.md, "The one sender"); the signatures below are
 * the contract the sender function (handlers/notice-sender.ts) is written against.
 */
import type { NoticeRow } from './rows';

/** What one run did: messages sent, rows settled otherwise, and rows left waiting for later. */
export interface SendResult {
  /** Messages sent (a bundle of rows is one). */
  messages: number;
  /** Rows recorded sent. */
  sent: number;
  skipped: number;
  failed: number;
  /** Of the failed, rows given up after their attempts (the dead-letter alarm counts them). */
  deadLettered: number;
  /** Rows left pending: paced, capped, or deferred by the service. */
  waiting: number;
}

export const emptyResult = (): SendResult => ({ messages: 0, sent: 0, skipped: 0, failed: 0, deadLettered: 0, waiting: 0 });

/** What the sender is given (helper "deliver" fills it in: the rows port, pace counters, the notifier, the registry's channel lookup, the clock). */
export interface SenderDeps {
  now: () => Date;
  /** A row still worth sending when its turn comes (a level row: its escalation still open, its checkpoint still silent). */
  wanted: (row: NoticeRow) => Promise<boolean>;
}

/** Sends what is due for one destination (a mailbox or a channel's chat address), bundled into one message. */
export const sendTo = async (_deps: SenderDeps, _recipient: string): Promise<SendResult> => emptyResult();

/** The minute's run: every destination with rows due (a retry's, a pace's or an hour's wait over, a lease run out). */
export const sendDue = async (_deps: SenderDeps): Promise<SendResult> => emptyResult();
