/**
 * A notice row: one notice to one destination (a mailbox or a group's chat address), written in the
 * same transaction as the change it tells of — a level opened, an acknowledgement, a resolution, an end
 * unresolved or paused, a day's summary, a fever alert. Nothing that changes state sends anything
 * itself: the one sender (sender.ts) sends pending rows, bundling what waits for one destination.
 *
 * A row's identity is its NoticeRef (what it is about, which notice, to whom): written twice, it is one
 * row (a retried task writes the same keys, a conditional put finds it there).
 */
import type { NoticeContent } from './content';

export type NoticeKind = 'level' | 'resolution' | 'acknowledgement' | 'unresolved' | 'paused' | 'summary';

/** Which notice a row is: its subject (an escalation's id, a day's summary's `summary-…`), kind, level, repeat and recipient. */
export interface NoticeRef {
  /** The subject's id: an escalation (a missed report or a fever alert), or a day's summary (`summary-<date>-…`). */
  escalationId: string;
  kind: NoticeKind;
  level: number;
  repeat: number;
  /** An e-mail or a channel's chat address (escalation/addresses.ts). */
  recipient: string;
}

/**
 * pending: waiting for the sender (from `notBefore`, when set); sending: claimed by a sender until
 * `leaseUntil`; sent; failed: refused for good, or given up (`deadLettered`); skipped: no longer true
 * when its turn came (its escalation ended first); grouped: told within another row (an alert group's).
 */
export type RowOutcome = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'grouped';

/** What a new row carries: what it says, and the line a bundle of several lists for it. */
export interface NewRow {
  notice: NoticeRef;
  content: NoticeContent;
  /** Acknowledge links, one per escalation the notice is about: a bundle lists them under the subject. */
  links: { label: string; url: string }[];
  /** Not to be sent before this (ISO); absent: at once. */
  notBefore?: string;
  /** Written `grouped` (told within the alert group's shared row, `via` it), never sent itself. */
  groupedInto?: string;
}

/** A row as the sender and the pages read it. */
export interface NoticeRow extends NewRow {
  outcome: RowOutcome;
  createdAt: string;
  attempts: number;
  leaseUntil?: string;
  sentAt?: string;
  failedAt?: string;
  error?: string;
  /** How it went out when not on its own: 'bundle' (with others pending for its destination), 'group'. */
  via?: string;
  /** Given up after its attempts (the dead-letter alarm counts it). */
  deadLettered?: boolean;
}
