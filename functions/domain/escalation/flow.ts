/**
 * The steps of the escalation flow (the Step Functions state machine runs them as tasks): check before
 * each level, send each of its notices (claimed first, so a retried task never tells anyone twice),
 * record that the level went out, or close the escalation when its levels and repeats are spent.
 */
import { BusyError } from '../errors';
import type { Checkpoint, Escalation } from '../model';
import { endPaused, resolve } from './closing';
import { tellUnresolved } from './telling';
import type { EscalationDeps } from './deps';
import { deliver, isRefusal, retryLater } from './delivery';
import { sharedNotice, type NoticeTask } from './groups';
import { composeLevelNotice, noticeOf } from './level-notice';
import { claimedElsewhere, followUp, intendFollowUp, isSettled, recordedNotice, recordUnreached } from './notice-claims';
import { audienceOf } from './recipients';
import { decide, excusingPause, hasReportedSince, isActive, nextActionAfter } from './rules';

export type { NoticeTask } from './groups';

export type CheckResult =
  | { action: 'stop'; escalationId: string; reason: string }
  | { action: 'wait'; escalationId: string; waitSeconds: number }
  | { action: 'notify'; escalationId: string; level: number; repeat: number; notices: NoticeTask[] };

/** Before each level: has the checkpoint reported or been paused, was it acknowledged, is it time? Then who to tell. */
export const flowCheck = async (deps: EscalationDeps, escalationId: string): Promise<CheckResult> => {
  const now = deps.now();
  const escalation = await deps.store.escalation(escalationId);
  if (!escalation) return { action: 'stop', escalationId, reason: 'unknown escalation' };
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  const decision = decide(escalation, checkpoint, now);
  switch (decision.action) {
    case 'stop':
      // A grouped escalation is left for the sweep to resolve (within a minute), which tells of all the
      // members reporting again together in one notice to each person and group.
      if (decision.reason === 'reported' && checkpoint && !escalation.groupId) await resolve(deps, escalation, checkpoint);
      // A pause is one checkpoint's, whatever its group: ended and told at once.
      if (decision.reason === 'paused' && checkpoint && escalation.status !== 'paused') await endPaused(deps, escalation, checkpoint);
      return { action: 'stop', escalationId, reason: decision.reason };
    case 'wait':
      return { action: 'wait', escalationId, waitSeconds: decision.waitSeconds };
    case 'close':
      await closeUnresolved(deps, escalation, checkpoint, now);
      return { action: 'stop', escalationId, reason: 'unresolved' };
    case 'notify': {
      const community = await deps.store.community(escalation.communityId);
      const notify = escalation.policy.levels[decision.level - 1]?.notify ?? [];
      const { recipients, unreached } = checkpoint ? audienceOf(decision.level, notify, checkpoint, community, now) : { recipients: [], unreached: [] };
      await recordUnreached(deps, { escalationId, level: decision.level, repeat: decision.repeat }, unreached, now);
      const notices = recipients.map((r) => ({ escalationId, level: decision.level, repeat: decision.repeat, recipient: r.address, name: r.name, role: r.role }));
      return { action: 'notify', escalationId, level: decision.level, repeat: decision.repeat, notices };
    }
  }
};

export type SendOutcome = 'sent' | 'skipped' | 'duplicate' | 'grouped' | 'held';

/**
 * Sends one level notice. Re-checks the escalation first (an acknowledgement may have come in since the
 * check), then claims the notice: a claim that exists already means it was sent, or is being sent. In
 * a group, the first member to claim the group's notice for this recipient sends it for all; the others
 * record theirs as told within it.
 */
export const flowSend = async (deps: EscalationDeps, task: NoticeTask): Promise<SendOutcome> => {
  const now = deps.now();
  const escalation = await deps.store.escalation(task.escalationId);
  if (!escalation || escalation.status !== 'open') return 'skipped';
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  if (!checkpoint || hasReportedSince(checkpoint, escalation) || excusingPause(checkpoint, escalation)) return 'skipped';
  const claim = noticeOf(task);
  if (!(await deps.store.claimNotice(claim, now))) return claimedElsewhere(deps, claim);
  // Told from now on (sent, grouped or held for the digest): whatever ends the escalation next tells them.
  await deps.store.addNotified(task.escalationId, task.recipient);
  const shared = await sharedNotice(deps, escalation, task);
  if (shared && !(await deps.store.claimGroupNotice({ groupId: shared.group.groupId, level: task.level, repeat: task.repeat, recipient: task.recipient, by: escalation.escalationId }))) {
    await deps.store.markNotice(claim, 'grouped', { at: now, via: 'group' });
    return 'grouped';
  }
  const { content, line } = await composeLevelNotice(deps, task, escalation, checkpoint, shared?.escalationIds, now);
  let outcome: 'sent' | 'held';
  try {
    outcome = await deliver(deps, task.recipient, content, [line]);
  } catch (error) {
    if (isRefusal(error)) {
      await deps.store.markNotice(claim, 'failed', { at: deps.now(), error: (error as Error).message });
      return 'skipped';
    }
    // Deferred by the service, or a fault of the table or ours: the flow tries it again (DeliveryDeferred,
    // with jittered backoff), then puts it in the outbox (flowSendFailed).
    await deps.store.markNotice(claim, 'deferred', { at: deps.now(), error: (error as Error).message });
    throw error;
  }
  if (outcome === 'held') return 'held';
  await deps.store.markNotice(claim, 'sent', { at: deps.now(), ...(shared && { via: 'group' }) });
  return 'sent';
};

/**
 * After the flow's retries are spent (or the task failed otherwise) the flow goes on to the next level,
 * and the notice waits in the outbox: the sweep sends it when the service takes it again (unless the
 * escalation has ended). A notice whose task failed after it was settled (told, then the task timed
 * out) is left as it is, so nobody is told twice.
 */
export const flowSendFailed = async (deps: EscalationDeps, task: NoticeTask, error: string): Promise<void> => {
  const now = deps.now();
  const claim = noticeOf(task);
  const recorded = await recordedNotice(deps.store, claim);
  if (recorded && isSettled(recorded)) return;
  const escalation = await deps.store.escalation(task.escalationId);
  const checkpoint = escalation && (await deps.store.checkpoint(escalation.checkpointId));
  if (!escalation || !checkpoint || escalation.status !== 'open') {
    await deps.store.markNotice(claim, 'failed', { at: now, error });
    return;
  }
  const shared = await sharedNotice(deps, escalation, task);
  const { content, line } = await composeLevelNotice(deps, task, escalation, checkpoint, shared?.escalationIds, now);
  await retryLater(deps, task.recipient, content, [line], error);
};

/** Records that a level went out and when the next one is due. */
export const flowAdvance = async (deps: EscalationDeps, input: { escalationId: string; level: number; repeat: number; recipients: string[] }): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const escalation = await deps.store.escalation(input.escalationId);
    if (!escalation || !isActive(escalation)) return;
    const now = deps.now();
    const updated: Escalation = {
      ...escalation,
      level: Math.max(escalation.level, input.level),
      repeats: input.repeat,
      nextActionAt: nextActionAfter(escalation.policy, input.level, now).toISOString(),
      notified: [...new Set([...escalation.notified, ...input.recipients])],
      version: escalation.version + 1,
    };
    if (await deps.store.saveEscalation(updated, escalation.version)) return;
  }
  throw new BusyError('the escalation is busy; try again');
};

/** Levels and repeats spent: closed unresolved, and the groups that were told hear that it ended so. */
const closeUnresolved = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint | undefined, now: Date): Promise<void> => {
  const closed: Escalation = { ...escalation, status: 'unresolved', closedAt: now.toISOString(), version: escalation.version + 1 };
  const intent = await intendFollowUp(deps, escalation.escalationId, 'unresolved');
  const ended = await deps.store.closeEscalation(closed, escalation.version);
  await followUp(deps, intent, async () => {
    if (ended && checkpoint) await tellUnresolved(deps, closed, checkpoint);
  });
};
