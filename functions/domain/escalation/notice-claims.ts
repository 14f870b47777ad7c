/**
 * SHIM, kept only for the day's summary (domain/summaries.ts), which helper "deliver" moves onto notice
 * rows: what the notice log holds of one notice. The escalation core claims nothing: its notices are
 * rows written with the change they tell of.
 */
import type { Notice } from '../model';
import type { NoticeLog, NoticeRef } from './ports';

export const sameNotice = (a: NoticeRef, b: NoticeRef): boolean =>
  a.kind === b.kind && a.level === b.level && a.repeat === b.repeat && a.recipient.toLowerCase() === b.recipient.toLowerCase();

/** What the notice log holds of a notice: its claim and outcome, if any. */
export const recordedNotice = async (store: Pick<NoticeLog, 'notices'>, ref: NoticeRef): Promise<Notice | undefined> =>
  (await store.notices(ref.escalationId)).find((n) => sameNotice(n, ref));
