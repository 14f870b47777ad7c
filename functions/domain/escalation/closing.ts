/**
 * How an escalation ends: resolved when its checkpoint reports again, paused when its checkpoint is
 * paused (the pause excuses what it escalated), acknowledged by someone told;
 * each follow-up noted before the change and crossed out once told (telling.ts tells them). And what a
 * notice waiting in the outbox still needs to be worth sending.
 */
import { acknowledgementAudit, type AuditActor } from '../audit';
import { BusyError, NotFoundError } from '../errors';
import type { Checkpoint, Escalation, Pause } from '../model';
import type { EscalationDeps } from './deps';
import { followUp, intendFollowUp, recordedNotice } from './notice-claims';
import type { NoticeRef } from './ports';
import { pausedAlready } from './opening';
import { excusingPause, hasReportedSince } from './rules';
import { tellAcknowledged, tellPaused, tellResolved } from './telling';

/** Closes an escalation whose checkpoint reported again; undefined when another caller closed it first. */
export const closeResolved = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<Escalation | undefined> => {
  const resolved: Escalation = {
    ...escalation,
    status: 'resolved',
    resolvedAt: deps.now().toISOString(),
    ...(checkpoint.lastReadingAt && { resolvedByReadingAt: checkpoint.lastReadingAt }),
    version: escalation.version + 1,
  };
  return (await deps.store.closeEscalation(resolved, escalation.version)) ? resolved : undefined;
};

/** The checkpoint reported: close the escalation and tell everyone who was told. Once, whoever calls. */
export const resolve = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<boolean> => {
  const intent = await intendFollowUp(deps, escalation.escalationId, 'resolution');
  const resolved = await closeResolved(deps, escalation, checkpoint);
  await followUp(deps, intent, async () => {
    if (resolved) await tellResolved(deps, [{ escalation: resolved, checkpoint }]);
  });
  return resolved !== undefined;
};

/** Closes an escalation its checkpoint's pause excuses, naming who paused and why; undefined when another caller closed it first. */
export const closePaused = async (deps: EscalationDeps, escalation: Escalation, pause: Pause): Promise<Escalation | undefined> => {
  const paused: Escalation = { ...escalation, ...pausedAlready(pause, deps.now()), version: escalation.version + 1 };
  return (await deps.store.closeEscalation(paused, escalation.version)) ? paused : undefined;
};

/**
 * The checkpoint was paused since the deadline it missed: close the escalation and tell everyone who
 * was told (【已暂停】, who paused it and why). Once, whoever calls; false when it was not excused or
 * another caller ended it.
 */
export const endPaused = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<boolean> => {
  const pause = excusingPause(checkpoint, escalation);
  if (!pause) return false;
  const intent = await intendFollowUp(deps, escalation.escalationId, 'paused');
  const paused = await closePaused(deps, escalation, pause);
  await followUp(deps, intent, async () => {
    if (paused) await tellPaused(deps, paused, checkpoint);
  });
  return paused !== undefined;
};

/**
 * Acknowledges an open escalation. `by` is who took it; `via` the group whose link they used. Everyone
 * told hears who took it — the group it came from too, so that the others there know — except the
 * person who acknowledged from their own mail. With `actor`, the acknowledgement is recorded in the
 * audit trail in the same write (one that finds it already acknowledged records nothing). One whose
 * checkpoint was paused since its deadline is ended paused instead (endPaused), and nothing acknowledged.
 */
export const acknowledge = async (
  deps: EscalationDeps,
  escalationId: string,
  by: string,
  via?: { address: string; label: string },
  actor?: AuditActor,
): Promise<{ escalation: Escalation; changed: boolean }> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const escalation = await deps.store.escalation(escalationId);
    if (!escalation) throw new NotFoundError(`no escalation ${escalationId}`);
    if (escalation.status !== 'open') return { escalation, changed: false };
    // Paused since the deadline (the sweep has not come yet): the pause ends it, nobody takes it.
    const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
    if (checkpoint && excusingPause(checkpoint, escalation) && !hasReportedSince(checkpoint, escalation)) {
      await endPaused(deps, escalation, checkpoint);
      continue;
    }
    const now = deps.now();
    const acknowledged: Escalation = {
      ...escalation,
      status: 'acknowledged',
      acknowledgedBy: by,
      ...(via && { acknowledgedVia: via.label }),
      acknowledgedAt: now.toISOString(),
      version: escalation.version + 1,
    };
    const audit = actor && acknowledgementAudit(actor, now, acknowledged, via?.label);
    const intent = await intendFollowUp(deps, escalationId, 'acknowledgement');
    if (!(await deps.store.saveEscalation(acknowledged, escalation.version, audit))) {
      await deps.store.doneFollowUp(intent);
      continue;
    }
    await followUp(deps, intent, () => tellAcknowledged(deps, acknowledged));
    return { escalation: acknowledged, changed: true };
  }
  throw new BusyError('the escalation is busy; try again');
};

/**
 * A notice waiting in the outbox still says something true: a level notice, while its escalation is
 * open and its checkpoint has neither reported nor been paused since; anything else, until it is
 * recorded sent.
 */
export const stillWanted = async (deps: EscalationDeps, notice: NoticeRef): Promise<boolean> => {
  // A follow-up or a summary is worth sending until it is recorded sent: told meanwhile another way (a
  // follow-up left behind, taken up by the sweep; a summary's run that held its claim after all), it is not sent again.
  if (notice.kind !== 'level') return (await recordedNotice(deps.store, notice))?.outcome !== 'sent';
  const escalation = await deps.store.escalation(notice.escalationId);
  if (!escalation || escalation.status === 'resolved' || escalation.status === 'acknowledged' || escalation.status === 'paused') return false;
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  return !hasReportedSince(checkpoint, escalation) && !excusingPause(checkpoint, escalation);
};

/** Restarts the flows of escalations still open (after a restart of the local stack). */
export const resumeFlows = async (deps: EscalationDeps): Promise<number> => {
  const open = (await deps.store.activeEscalations()).filter((escalation) => escalation.status === 'open');
  for (const escalation of open) await deps.flows.start(escalation.escalationId, true);
  return open.length;
};
