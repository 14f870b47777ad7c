/**
 * SHIM, kept only for the day's summary (domain/summaries.ts, and escalation/delivery.ts's `tell` that
 * it uses), which helper "deliver" moves onto notice rows: the notice claims and the outbox. Nothing in
 * the escalation core uses them; delete this file with them.
 */
import type { NoticeRef } from '../delivery/rows';
import type { Notice, NoticeOutcome } from '../model';
import type { Lang } from '../words';
import type { NoticeContent } from './content';

/** Summaries only (see above): a claim on a notice never followed by an outcome is taken up again after this. */
export const NOTICE_CLAIM_STALE_MS = 2 * 60_000;

/** Summaries only: what a notice waiting in the outbox is marked `via`. */
export const IN_OUTBOX = 'outbox';

/** Summaries only: each notice claimed before it is sent, its outcome recorded after. */
export interface NoticeLog {
  claimNotice(claim: NoticeRef, now: Date): Promise<boolean>;
  markNotice(notice: NoticeRef, outcome: NoticeOutcome, detail: { at: Date; error?: string; via?: string }): Promise<void>;
  notices(escalationId: string): Promise<Notice[]>;
}

/** Summaries only: one notice waiting in the outbox. */
export interface HeldNotice {
  notice: NoticeRef;
  subject: string;
  links: { label: string; url: string }[];
  lang?: Lang;
}

/** Summaries only. */
export interface OutboxEntry {
  kind: 'digest' | 'retry';
  recipient: string;
  dueAt: string;
  tag: string;
  lines: HeldNotice[];
  content?: NoticeContent;
  attempts?: number;
  notBefore?: string;
}

/** A window notices are counted in: the clock hour (the cap per person or group), or a robot's pace (20 s) and second. */
export interface CountWindow {
  unit: 'hour' | 'pace' | 'second';
  start: Date;
}

/** Summaries only: the counters and the outbox entries `tell` holds notices in. */
export interface Outbox {
  countNotice(recipient: string, window: CountWindow, cap: number): Promise<boolean>;
  hold(entry: OutboxEntry): Promise<void>;
}
