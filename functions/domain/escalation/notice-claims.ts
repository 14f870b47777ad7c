/**
 * The flow's notice claims, each notice claimed before it is sent so that a retried task never tells
 * anyone twice: whom a level cannot reach, recorded failed; what a claim held elsewhere means (told
 * already, or still being sent); which recorded outcomes are settled; and follow-ups noted before
 * the change they follow.
 */
import type { EscalationDeps } from './deps';
import { DeliveryDeferred } from './notifier-port';
import type { Notice } from '../model';
import { IN_OUTBOX, NOTICE_CLAIM_STALE_MS, type FollowUpIntent, type NoticeLog, type NoticeRef } from './ports';
import type { Unreached } from './recipients';

/**
 * Whom the level names and cannot reach, recorded failed with why (one write each, nothing to claim:
 * nothing is sent), so that the next level is told they were not.
 */
export const recordUnreached = async (deps: EscalationDeps, at: Pick<NoticeRef, 'escalationId' | 'level' | 'repeat'>, unreached: Unreached[], now: Date): Promise<void> => {
  if (unreached.length === 0) return;
  const recorded = await deps.store.notices(at.escalationId);
  for (const { address, why } of unreached) {
    const notice: NoticeRef = { ...at, kind: 'level', recipient: address };
    // Once: a check run again (a flow started again at its level) leaves what was recorded as it is.
    if (!recorded.some((n) => sameNotice(n, notice))) await deps.store.markNotice(notice, 'failed', { at: now, error: why });
  }
};

/**
 * A notice someone else has claimed: told already (or decided), or being sent. A claim with no outcome
 * yet is another attempt's in flight, or one whose sender died: the flow tries again (DeliveryDeferred),
 * and once its tries are spent flowSendFailed puts the notice in the outbox, so it is never lost.
 */
export const claimedElsewhere = async (deps: EscalationDeps, claim: NoticeRef): Promise<'duplicate'> => {
  if ((await recordedNotice(deps.store, claim))?.outcome === 'sending') throw new DeliveryDeferred('the notice is being sent by another attempt');
  return 'duplicate';
};

export const sameNotice = (a: NoticeRef, b: NoticeRef): boolean =>
  a.kind === b.kind && a.level === b.level && a.repeat === b.repeat && a.recipient.toLowerCase() === b.recipient.toLowerCase();

/** What the notice log holds of a notice: its claim and outcome, if any. */
export const recordedNotice = async (store: Pick<NoticeLog, 'notices'>, ref: NoticeRef): Promise<Notice | undefined> =>
  (await store.notices(ref.escalationId)).find((n) => sameNotice(n, ref));

const SETTLED = new Set<Notice['outcome']>(['sent', 'held', 'grouped', 'skipped', 'failed']);

/** A notice that needs nothing more: sent, held for the digest, told in a group, decided, failed for good, or waiting in the outbox. */
export const isSettled = (notice: Notice): boolean => SETTLED.has(notice.outcome) || (notice.outcome === 'deferred' && notice.via === IN_OUTBOX);

/**
 * When a follow-up left behind is due: after the claims its teller made could go stale (2 minutes from
 * a claim, made at most a function's timeout — 55 s for the sweep — after the follow-up was noted),
 * with a minute to spare, so that the sweep takes up a notice claimed by a teller that died.
 */
const FOLLOW_UP_DUE_MS = NOTICE_CLAIM_STALE_MS + 2 * 60_000;

/** Notes a follow-up before the change it follows: crossed out once told, it is told by the sweep if left behind. */
export const intendFollowUp = async (deps: EscalationDeps, escalationId: string, kind: FollowUpIntent['kind']): Promise<FollowUpIntent> => {
  const intent = { escalationId, kind, dueAt: new Date(deps.now().getTime() + FOLLOW_UP_DUE_MS).toISOString() };
  await deps.store.intendFollowUp(intent);
  return intent;
};

/**
 * Tells a noted follow-up and crosses it out. One that fails half-way (the table, the service) is not
 * the caller's failure — the change it follows was made — and stays noted: the sweep tells it when due.
 */
export const followUp = async (deps: EscalationDeps, intent: FollowUpIntent, telling: () => Promise<void>): Promise<void> => {
  try {
    await telling();
    await deps.store.doneFollowUp(intent);
  } catch {
    // Left for the sweep (left-behind.ts).
  }
};
