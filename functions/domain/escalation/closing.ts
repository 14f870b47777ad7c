/**
 * How an escalation ends — resolved when its checkpoint reports again, paused when its checkpoint is
 * paused (the pause excuses what it escalated), acknowledged by someone told, unresolved when its
 * levels and repeats are spent — each one transaction: the escalation, its checkpoint freed when it
 * ends, and the rows that tell of it (telling.ts). Whoever ends it first wins (the version it read);
 * nothing here sends anything.
 */
import { acknowledgementAudit, type AuditActor } from '../audit';
import { BusyError, NotFoundError } from '../errors';
import type { Checkpoint, Community, Escalation } from '../model';
import type { AckDeps } from './deps';
import type { EscalationCommits, RegistryReads } from './ports';
import { pausedAlready } from './opening';
import { endsWithTheGate, excusingPause, hasReportedSince } from './rules';
import { acknowledgementRows, pausedRows, resolutionRows, unresolvedRows } from './telling';

/** What ending an escalation needs: its community (for the words of the rows) and the commit. */
export interface ClosingDeps {
  store: Pick<RegistryReads, 'community'> & EscalationCommits;
  now: () => Date;
}

/** The checkpoint reported: resolved, and everyone told hears. False when another caller ended it first. */
export const resolve = async (deps: ClosingDeps, escalation: Escalation, checkpoint: Checkpoint, community?: Community): Promise<boolean> => {
  const now = deps.now();
  const resolved: Escalation = {
    ...escalation,
    status: 'resolved',
    resolvedAt: now.toISOString(),
    ...(checkpoint.lastReadingAt && { resolvedByReadingAt: checkpoint.lastReadingAt }),
    version: escalation.version + 1,
  };
  const rows = resolved.notified.length > 0 ? resolutionRows(resolved, checkpoint, community ?? (await deps.store.community(escalation.communityId)), now) : [];
  return deps.store.commit({ escalation: resolved, expectedVersion: escalation.version, ends: true, rows }, now);
};

/**
 * The checkpoint was paused since the deadline it missed: ended, and everyone told hears (【已暂停】,
 * who paused it and why). False when no pause excuses it or another caller ended it first.
 */
export const endPaused = async (deps: ClosingDeps, escalation: Escalation, checkpoint: Checkpoint, community?: Community): Promise<boolean> => {
  const pause = excusingPause(checkpoint, escalation);
  if (!pause) return false;
  const now = deps.now();
  const paused: Escalation = { ...escalation, ...pausedAlready(pause, now), version: escalation.version + 1 };
  const rows = paused.notified.length > 0 ? pausedRows(paused, checkpoint, community ?? (await deps.store.community(escalation.communityId))) : [];
  return deps.store.commit({ escalation: paused, expectedVersion: escalation.version, ends: true, rows }, now);
};

/** Levels and repeats spent: closed unresolved, and the groups that were told hear that it ended so. */
export const closeUnresolved = async (deps: ClosingDeps, escalation: Escalation, checkpoint: Checkpoint | undefined, community: Community | undefined): Promise<boolean> => {
  const now = deps.now();
  const closed: Escalation = { ...escalation, status: 'unresolved', closedAt: now.toISOString(), version: escalation.version + 1 };
  const rows = checkpoint ? unresolvedRows(closed, checkpoint, community) : [];
  // A fever alert never held its checkpoint (a miss's escalation does: openEscalationId), so frees none.
  return deps.store.commit({ escalation: closed, expectedVersion: escalation.version, ...(endsWithTheGate(escalation) && { ends: true }), rows }, now);
};

/**
 * Acknowledges an open escalation, in one transaction with its audit entry (with `actor`) and the
 * 【已确认】 rows: everyone told hears who took it — the group it came from too — except the person who
 * acknowledged from their own mail. `by` is who took it; `via` the group whose link they used. One
 * whose checkpoint was paused since its deadline is ended paused instead, and nothing acknowledged.
 * Answers at once: the rows are sent by the sender, whatever the robots are doing.
 */
export const acknowledge = async (
  deps: AckDeps,
  escalationId: string,
  by: string,
  via?: { address: string; label: string },
  actor?: AuditActor,
): Promise<{ escalation: Escalation; changed: boolean }> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const escalation = await deps.store.escalation(escalationId);
    // A fever alert is acknowledged with what was done, from its own link (fever/acknowledge.ts): not here.
    if (!escalation || escalation.cause === 'fever') throw new NotFoundError(`no escalation ${escalationId}`);
    if (escalation.status !== 'open') return { escalation, changed: false };
    const [checkpoint, community] = await Promise.all([deps.store.checkpoint(escalation.checkpointId), deps.store.community(escalation.communityId)]);
    // Paused since the deadline (the sweep has not come yet): the pause ends it, nobody takes it.
    if (checkpoint && excusingPause(checkpoint, escalation) && !hasReportedSince(checkpoint, escalation)) {
      await endPaused(deps, escalation, checkpoint, community);
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
    const rows = checkpoint ? acknowledgementRows(acknowledged, checkpoint, community) : [];
    if (await deps.store.commit({ escalation: acknowledged, expectedVersion: escalation.version, rows, ...(audit && { audit }) }, now)) return { escalation: acknowledged, changed: true };
  }
  throw new BusyError('the escalation is busy; try again');
};
