/**
 * The webhook event ids of what delivery sends: a notice's, and a digest's. Each is the same on every
 * retry, so that the receiver can tell a message it has had already (its idempotency key).
 */
import type { NoticeRef } from './rows';

/** The webhook event id of a notice: the same on every retry (the receiver's idempotency key). */
export const eventIdOf = (notice: NoticeRef): string => `${notice.kind}_${notice.escalationId}_${notice.level}_${notice.repeat}_${hash(notice.recipient)}`;

/** The webhook event id of a digest: its recipient's, and its hour's (the outbox entry's tag). */
export const digestEventIdOf = (recipient: string, tag: string): string => `digest_${hash(recipient)}_${tag.replace(/[^\w-]/g, '')}`;

const hash = (text: string): string => {
  let h = 2166136261;
  for (const char of text.toLowerCase()) h = Math.imul(h ^ char.codePointAt(0)!, 16777619);
  return (h >>> 0).toString(36);
};
