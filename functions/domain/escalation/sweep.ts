/**
 * The sweep, every minute, in five named steps: resolve the escalations whose checkpoint reported, and
 * end those whose checkpoint was paused since (first, so that a miss after the reading or the resume
 * opens a fresh escalation), collect every miss since each watched deadline, open escalations for
 * fresh streaks (grouped in an alert storm), tell the follow-ups left behind, and send what waits in
 * the outbox. State lives in the table, so a sweep
 * run twice does the work once.
 */
import { slotStateOf } from '../readings';
import { deadlineOf, missesSince } from '../slots';
import type { Checkpoint, Escalation } from '../model';
import { closeResolved, endPaused, stillWanted } from './closing';
import { tellResolved } from './telling';
import type { EscalationDeps } from './deps';
import { tellLeftBehind } from './left-behind';
import { intendFollowUp } from './notice-claims';
import type { FollowUpIntent } from './ports';
import { sendOutbox, type OutboxResult } from './outbox-sending';
import { inBatches, type Attempt } from './batches';
import { escalationFor, lastMissed, openTogether, pausedAlready, pausedSinceAll, reportedAlready, streakStart, type Miss } from './opening';
import { excusingPause, hasReportedSince, policyFor } from './rules';

export interface SweepResult {
  overdue: number;
  opened: string[];
  /** Groups of escalations opened together in one community (see AlertGroup). */
  grouped: string[][];
  extended: string[];
  /** Misses recorded already resolved: the checkpoint had reported again before the sweep came. */
  recorded: string[];
  resolved: string[];
  /** Escalations ended because their checkpoint was paused since the deadline they missed. */
  paused: string[];
  /** Escalations whose follow-up (resolution, acknowledgement, unresolved, paused) was left behind, told now. */
  followedUp: string[];
  /** Escalations whose flow had not started (or died) before its first notice: started again. */
  restarted: string[];
  /** Digests and retried notices sent from the outbox. */
  outbox: OutboxResult;
  /** Checkpoints or escalations this sweep could not handle; the next sweep tries them again. */
  failed: { id: string; error: string }[];
}

/** An open escalation still at level 0 this long after its first action was due has lost its flow. */
const STALLED_AFTER_MS = 3 * 60_000;

/** One sweep's state: when it runs, what it found, and how a unit of work that fails is set aside. */
interface SweepRun {
  deps: EscalationDeps;
  now: Date;
  result: SweepResult;
  attempt: Attempt;
}

export const sweep = async (deps: EscalationDeps): Promise<SweepResult> => {
  const result: SweepResult = { overdue: 0, opened: [], grouped: [], extended: [], recorded: [], resolved: [], paused: [], restarted: [], outbox: { sent: 0, held: 0, failed: [] }, followedUp: [], failed: [] };
  const attempt: Attempt = async (id, work) => {
    try {
      await work();
    } catch (error) {
      result.failed.push({ id, error: (error as Error).message });
    }
  };
  const run: SweepRun = { deps, now: deps.now(), result, attempt };
  await resolveReported(run);
  await openFresh(run, await collectMisses(run));
  result.followedUp = await tellLeftBehind(deps, run.now, attempt);
  result.outbox = await sendOutbox(deps, (line) => stillWanted(deps, line.notice));
  result.failed.push(...result.outbox.failed);
  return result;
};

/**
 * Step 1: close the escalations whose checkpoint has reported since, told together; end those a pause
 * excuses (the flow does too at its next step, which may be an hour away; an acknowledged one's flow has
 * stopped); restart stalled flows.
 */
const resolveReported = async ({ deps, now, result, attempt }: SweepRun): Promise<void> => {
  const resolvedNow: { escalation: Escalation; checkpoint: Checkpoint }[] = [];
  const intents: FollowUpIntent[] = [];
  for (const escalation of await deps.store.activeEscalations()) {
    await attempt(escalation.escalationId, async () => {
      const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
      if (hasReportedSince(checkpoint, escalation)) {
        const intent = await intendFollowUp(deps, escalation.escalationId, 'resolution');
        const resolved = await closeResolved(deps, escalation, checkpoint!);
        if (resolved) resolvedNow.push({ escalation: resolved, checkpoint: checkpoint! });
        intents.push(intent);
      } else if (checkpoint && excusingPause(checkpoint, escalation)) {
        if (await endPaused(deps, escalation, checkpoint)) result.paused.push(escalation.escalationId);
      } else if (escalation.status === 'open' && escalation.level === 0 && now.getTime() - Date.parse(escalation.nextActionAt) > STALLED_AFTER_MS) {
        // Claimed first (a conditional write), so that of two sweeps one restarts it; and notices are
        // claimed before they are sent, so even a second flow could not tell anyone twice.
        const claimed = { ...escalation, nextActionAt: now.toISOString(), version: escalation.version + 1 };
        if (await deps.store.saveEscalation(claimed, escalation.version)) {
          await deps.flows.start(escalation.escalationId, true);
          result.restarted.push(escalation.escalationId);
        }
      }
    });
  }
  // Told together: after an outage, each person and group hears of every checkpoint reporting again in one notice.
  await attempt('resolutions', async () => {
    await tellResolved(deps, resolvedNow);
    for (const intent of intents) await deps.store.doneFollowUp(intent);
  });
  result.resolved.push(...resolvedNow.map(({ escalation }) => escalation.escalationId));
};

/**
 * Step 2: every checkpoint past its watched deadline. Misses of a checkpoint with an open escalation
 * are added to it; misses it has already reported after are recorded resolved, and misses it was paused
 * after (or during) recorded paused; the rest are fresh streaks, by community, for step 3.
 */
const collectMisses = async ({ deps, now, result, attempt }: SweepRun): Promise<Map<string, Miss[]>> => {
  const overdue = await deps.store.overdueCheckpoints(now);
  result.overdue = overdue.length;
  const fresh = new Map<string, Miss[]>();
  await inBatches(overdue, (checkpointId) =>
    attempt(checkpointId, async () => {
      const miss = await missOf(deps, checkpointId, now);
      if (!miss) return;
      const { checkpoint } = miss;
      const move = { checkpointId, expectedDueAt: checkpoint.dueAt!, ...(miss.nextDueAt && { nextDueAt: miss.nextDueAt }) };
      if (miss.missed.length === 0) {
        await deps.store.moveDeadline(move);
        return;
      }
      if (checkpoint.openEscalationId) {
        if (await deps.store.recordMiss({ ...move, missedAt: lastMissed(miss), escalationId: checkpoint.openEscalationId, missedSlots: miss.missed.map((slot) => slot.start) })) {
          result.extended.push(checkpoint.openEscalationId);
        }
        return;
      }
      if (streakStart(miss) === undefined) {
        // Reported or paused since every one: recorded already ended, nobody told.
        const pause = pausedSinceAll(miss);
        const community = await deps.store.community(checkpoint.communityId);
        const ended = pause ? pausedAlready(pause, now) : reportedAlready(checkpoint, now);
        const escalation = { ...escalationFor(deps, miss, policyFor(checkpoint, community), now), ...ended };
        if (await deps.store.openEscalation({ escalation, ...move, missedAt: lastMissed(miss) })) result.recorded.push(escalation.escalationId);
      } else {
        fresh.set(checkpoint.communityId, [...(fresh.get(checkpoint.communityId) ?? []), miss]);
      }
    }),
  );
  return fresh;
};

/** Step 3: open the fresh streaks' escalations and start their flows, a community at a time. */
const openFresh = async ({ deps, now, result, attempt }: SweepRun, fresh: Map<string, Miss[]>): Promise<void> => {
  for (const [communityId, misses] of fresh) {
    await attempt(communityId, async () => {
      const { opened, group } = await openTogether(deps, communityId, misses, now, attempt);
      result.opened.push(...opened);
      if (group) result.grouped.push(opened.filter((id) => group.escalationIds.includes(id)));
    });
  }
};

/**
 * The misses of a checkpoint whose watched deadline has passed: every expected slot still empty whose
 * grace has ended since then, in one run — whether it is active or was paused after the slot.
 */
const missOf = async (deps: EscalationDeps, checkpointId: string, now: Date): Promise<Miss | undefined> => {
  const checkpoint = await deps.store.checkpoint(checkpointId);
  if (!checkpoint?.dueAt || checkpoint.dueAt > now.toISOString()) return undefined;
  const state = slotStateOf(checkpoint);
  const { missed, next } = missesSince(state, new Date(checkpoint.dueAt), now);
  return {
    checkpoint,
    missed: missed.map((slot) => ({ start: slot.start.toISOString(), deadline: deadlineOf(state, slot).toISOString() })),
    ...(next && { nextDueAt: next.toISOString() }),
  };
};
