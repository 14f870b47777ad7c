/**
 * The sweep, every minute, in named steps: end the escalations whose checkpoint reported or was paused
 * since (first, so that a miss after the reading or the resume opens a fresh escalation) — each one
 * transaction with the rows that tell of it; collect every miss since each watched deadline; open
 * escalations for fresh streaks (grouped in an alert storm) and start their flows. It sends nothing:
 * the rows it writes are sent by the one sender (which bundles the resolutions waiting for one
 * destination into one message). State lives in the table, so a sweep run twice does the work once,
 * and starts one flow (a flow's execution is named by its escalation).
 */
import type { Escalation } from '../model';
import { slotStateOf } from '../readings';
import { deadlineOf, missesSince } from '../slots';
import { endPaused, resolve } from './closing';
import type { SweepDeps } from './deps';
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
  /** Open escalations still at level 0 past their first action: their flow started again (idempotent: one flow at most). */
  started: string[];
  /** Checkpoints or escalations this sweep could not handle; the next sweep tries them again. */
  failed: { id: string; error: string }[];
}

/**
 * An open escalation still at level 0 this long after its first action was due: its flow's start may
 * have failed (the sweep died between the open and the start). Started again — by the same name, so it
 * never runs two: a flow that exists already (running, or failed: the ExecutionsFailed alarm) is left.
 */
const UNSTARTED_AFTER_MS = 3 * 60_000;
/**
 * A fever alert's flow is started by the reading's own request, and its first level is due at once: one
 * still at level 0 half a minute later has not started (the start failed after the reading was stored),
 * and the next sweep starts it — within the minute, not three.
 */
const FEVER_UNSTARTED_AFTER_MS = 30_000;

const unstartedAfter = (escalation: Escalation): number => (escalation.cause === 'fever' ? FEVER_UNSTARTED_AFTER_MS : UNSTARTED_AFTER_MS);

/** One sweep's state: when it runs, what it found, and how a unit of work that fails is set aside. */
interface SweepRun {
  deps: SweepDeps;
  now: Date;
  result: SweepResult;
  attempt: Attempt;
}

export const sweep = async (deps: SweepDeps): Promise<SweepResult> => {
  const result: SweepResult = { overdue: 0, opened: [], grouped: [], extended: [], recorded: [], resolved: [], paused: [], started: [], failed: [] };
  const attempt: Attempt = async (id, work) => {
    try {
      await work();
    } catch (error) {
      result.failed.push({ id, error: (error as Error).message });
    }
  };
  const run: SweepRun = { deps, now: deps.now(), result, attempt };
  await endReported(run);
  await openFresh(run, await collectMisses(run));
  return result;
};

/**
 * Step 1: resolve the escalations whose checkpoint has reported since, and end those a pause excuses
 * (the flow does too at its next step, which may be an hour away; an acknowledged one's flow has
 * stopped), each with its rows; start again the flow of one still waiting for its first level.
 */
const endReported = async ({ deps, now, result, attempt }: SweepRun): Promise<void> => {
  await inBatches(await deps.store.activeEscalations(), (escalation) =>
    attempt(escalation.escalationId, async () => {
      const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
      if (checkpoint && hasReportedSince(checkpoint, escalation)) {
        if (await resolve(deps, escalation, checkpoint)) result.resolved.push(escalation.escalationId);
      } else if (checkpoint && excusingPause(checkpoint, escalation)) {
        if (await endPaused(deps, escalation, checkpoint)) result.paused.push(escalation.escalationId);
      } else if (escalation.status === 'open' && escalation.level === 0 && now.getTime() - Date.parse(escalation.nextActionAt) > unstartedAfter(escalation)) {
        await deps.flows.start(escalation.escalationId);
        result.started.push(escalation.escalationId);
      }
    }),
  );
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
        if (await deps.store.recordMiss({ ...move, missedAt: lastMissed(miss), escalationId: checkpoint.openEscalationId, count: miss.missed.length, lastSlot: miss.missed.at(-1)!.start })) {
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
const missOf = async (deps: SweepDeps, checkpointId: string, now: Date): Promise<Miss | undefined> => {
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
