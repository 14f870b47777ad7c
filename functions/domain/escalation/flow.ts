/**
 * The flow's one task, Step (the Step Functions state machine runs it, waits, and runs it again):
 * reads the escalation, its checkpoint and community once, and either ends it (resolved, paused,
 * unresolved — closing.ts), waits, or opens the next level — its new level, repeats, next action and
 * who was told, with the level's rows, in ONE transaction. Nothing here sends: the rows are the notices.
 * A Step that fails for good is caught by Record failure (recordFailure): the level is recorded as not
 * told, the flow moves past it, and the next level's rows say that the system could not tell it.
 */
import { BusyError } from '../errors';
import type { NewRow } from '../delivery/rows';
import type { Checkpoint, Community, Escalation, StepFailure } from '../model';
import { closeUnresolved, endPaused, resolve } from './closing';
import type { StepDeps } from './deps';
import { groupSubject, membersToTell, sharedWith } from './groups';
import { feverLevelRow, levelRow, type LevelContext } from './level-notice';
import type { UnreachedRow } from './ports';
import { audienceOf, isChatAddress, isUnreachedAddress } from './recipients';
import { decide, nextActionAfter, type FlowDecision } from './rules';

/** What a Step answers the state machine: wait this long and step again, or done. */
export type StepResult = { action: 'wait'; escalationId: string; waitSeconds: number } | { action: 'done'; escalationId: string; reason: string };

/** Tries of one Step when its write finds the escalation changed meanwhile (an acknowledgement came in): each reads it again. */
const ATTEMPTS = 5;

/** Carries out a decision; undefined when its write found the escalation changed (read it again). */
type Carry = (decision: FlowDecision, escalation: Escalation, checkpoint: Checkpoint | undefined, now: Date) => Promise<StepResult | undefined>;

/** Reads the escalation and its checkpoint, decides, and carries the decision out, again while a write finds the escalation changed. */
const decideAndCarry = async (deps: StepDeps, escalationId: string, carry: Carry): Promise<StepResult> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const escalation = await deps.store.escalation(escalationId);
    if (!escalation) return { action: 'done', escalationId, reason: 'unknown escalation' };
    const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
    const now = deps.now();
    const done = await carry(decide(escalation, checkpoint, now), escalation, checkpoint, now);
    if (done) return done;
  }
  throw new BusyError('the escalation is busy; try again');
};

export const step = (deps: StepDeps, escalationId: string): Promise<StepResult> =>
  decideAndCarry(deps, escalationId, (decision, escalation, checkpoint, now) => act(deps, decision, escalation, checkpoint, now));

/** One decision carried out; undefined when its write found the escalation changed (read it again). */
const act = async (deps: StepDeps, decision: FlowDecision, escalation: Escalation, checkpoint: Checkpoint | undefined, now: Date): Promise<StepResult | undefined> => {
  const { escalationId } = escalation;
  switch (decision.action) {
    case 'stop':
      // Reported or paused since: ended here and told (the sweep may come first; whoever writes first wins).
      if (decision.reason === 'reported' && checkpoint && escalation.status !== 'resolved' && !(await resolve(deps, escalation, checkpoint))) return undefined;
      if (decision.reason === 'paused' && checkpoint && escalation.status !== 'paused' && !(await endPaused(deps, escalation, checkpoint))) return undefined;
      return { action: 'done', escalationId, reason: decision.reason };
    case 'wait':
      return { action: 'wait', escalationId, waitSeconds: decision.waitSeconds };
    case 'close': {
      const community = await deps.store.community(escalation.communityId);
      return (await closeUnresolved(deps, escalation, checkpoint, community)) ? { action: 'done', escalationId, reason: 'unresolved' } : undefined;
    }
    case 'notify':
      return (await openLevel(deps, escalation, checkpoint, decision.level, decision.repeat, now)) ? waitFor(escalationId, escalation.policy, decision.level, now) : undefined;
  }
};

const waitFor = (escalationId: string, policy: Escalation['policy'], level: number, now: Date): StepResult => ({
  action: 'wait',
  escalationId,
  waitSeconds: Math.max(0, Math.ceil((nextActionAfter(policy, level, now).getTime() - now.getTime()) / 1000)),
});

/** The escalation as it is once a level is opened (or, failed, moved past): its level, repeats, next action and who was told. */
const advanced = (escalation: Escalation, level: number, repeat: number, told: string[], now: Date, failure?: StepFailure): Escalation => ({
  ...escalation,
  level: Math.max(escalation.level, level),
  repeats: repeat,
  nextActionAt: nextActionAfter(escalation.policy, level, now).toISOString(),
  notified: [...new Set([...escalation.notified, ...told])],
  ...(failure && { failures: [...(escalation.failures ?? []), failure] }),
  version: escalation.version + 1,
});

/**
 * Opens a level: who it tells (and whom it names and cannot reach), each one's row — in an alert group,
 * the group's shared row and this member's own `grouped` into it — and the escalation moved on, all in
 * one transaction. False when the escalation changed since it was read.
 */
const openLevel = async (deps: StepDeps, escalation: Escalation, checkpoint: Checkpoint | undefined, level: number, repeat: number, now: Date): Promise<boolean> => {
  const community = await deps.store.community(escalation.communityId);
  const notify = escalation.policy.levels[level - 1]?.notify ?? [];
  const { recipients, unreached } = checkpoint ? audienceOf(level, notify, checkpoint, community, now) : { recipients: [], unreached: [] };
  const rows: NewRow[] = [];
  if (checkpoint && recipients.length > 0) {
    const context = await levelContext(deps, escalation, checkpoint, community, level, repeat, now);
    const group = escalation.groupId ? await deps.store.group(escalation.groupId) : undefined;
    const shared = recipients.map((recipient) => ({ recipient, ids: sharedWith(group, level, recipient.address) }));
    // The other members, read once for all the level's recipients (this one is read already).
    const others = [...new Set(shared.flatMap(({ ids }) => ids ?? []))].filter((id) => id !== escalation.escalationId);
    const read = others.length > 0 ? await deps.store.members(others) : [];
    for (const { recipient, ids } of shared) {
      if (escalation.cause === 'fever') {
        rows.push(feverLevelRow(context, recipient));
        continue;
      }
      if (!ids) {
        rows.push(levelRow(context, recipient));
        continue;
      }
      // The group's row, one whoever writes it first: of the members still open and silent then (when
      // only this one is left, its own notice). Every member's own row is told within it.
      const members = membersToTell(ids, { escalation, checkpoint }, read, level, recipient.address, community, now);
      const sharedRow = levelRow(context, recipient, members, groupSubject(escalation.groupId!));
      rows.push(sharedRow, { ...levelRow(context, recipient), groupedInto: sharedRow.notice.escalationId });
    }
  }
  const unreachedRows: UnreachedRow[] = unreached.map(({ address, why }) => ({ notice: { escalationId: escalation.escalationId, kind: 'level', level, repeat, recipient: address }, why }));
  const updated = advanced(escalation, level, repeat, recipients.map((r) => r.address), now);
  return deps.store.commit({ escalation: updated, expectedVersion: escalation.version, rows, unreached: unreachedRows }, now);
};

/** What a level's rows are written from: the link keys, and whom earlier notices did not reach (none before the first). */
const levelContext = async (deps: StepDeps, escalation: Escalation, checkpoint: Checkpoint, community: Community | undefined, level: number, repeat: number, now: Date): Promise<LevelContext> => {
  const first = level === 1 && repeat === 0;
  const told = escalation.notified.filter((address) => !isChatAddress(address) && !isUnreachedAddress(address));
  const [keys, notReached] = await Promise.all([deps.linkKeys(), first ? Promise.resolve([]) : deps.store.notReached(escalation.escalationId, level, told)]);
  return { escalation, checkpoint, community, level, repeat, keys, baseUrl: deps.baseUrl, notReached, now };
};

/**
 * Record failure: a Step failed for good (its retries spent). The level it was opening is recorded as
 * not told (on the escalation: `failures`) and the flow moves past it, so that the next level's rows
 * say the system could not tell it; a close that failed is closed without its rows. Then the flow goes
 * on as a Step would (wait, or done). If this fails too, the execution fails (its alarm).
 */
export const recordFailure = (deps: StepDeps, escalationId: string, error: string): Promise<StepResult> =>
  decideAndCarry(deps, escalationId, async (decision, escalation, _checkpoint, now) => {
    if (decision.action === 'notify') {
      const failure: StepFailure = { level: decision.level, repeat: decision.repeat, at: now.toISOString(), error: error.slice(0, 300) };
      const moved = advanced(escalation, decision.level, decision.repeat, [], now, failure);
      return (await deps.store.commit({ escalation: moved, expectedVersion: escalation.version, rows: [] }, now)) ? waitFor(escalationId, escalation.policy, decision.level, now) : undefined;
    }
    if (decision.action === 'close') {
      const closed: Escalation = { ...escalation, status: 'unresolved', closedAt: now.toISOString(), failures: [...(escalation.failures ?? []), { level: escalation.level, repeat: escalation.repeats, at: now.toISOString(), error: error.slice(0, 300) }], version: escalation.version + 1 };
      return (await deps.store.commit({ escalation: closed, expectedVersion: escalation.version, ends: true, rows: [] }, now)) ? { action: 'done', escalationId, reason: 'unresolved' } : undefined;
    }
    // Waiting: the failed Step had done its work (its answer was lost). Ended, or to be ended by a reading
    // or a pause: the sweep ends those each minute, with their rows.
    if (decision.action === 'wait') return { action: 'wait', escalationId, waitSeconds: decision.waitSeconds };
    return { action: 'done', escalationId, reason: decision.reason };
  });
