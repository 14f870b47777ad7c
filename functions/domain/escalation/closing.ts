/**
 * How an escalation ends, and who hears of it: resolved when its checkpoint reports again (everyone
 * told hears, in one notice per person or group when many resolve together), acknowledged by someone
 * told (the others hear who took it), and the follow-up notices' own delivery.
 */
import { acknowledgementAudit, type AuditActor } from '../audit';
import { BusyError, NotFoundError } from '../errors';
import type { Checkpoint, Community, Escalation } from '../model';
import type { NoticeContent } from './content';
import { acknowledgementNotice, resolutionNotice } from './follow-ups';
import type { EscalationDeps } from './deps';
import { tell } from './delivery';
import { sameNotice } from './notice-claims';
import type { HeldNotice, NoticeRef } from './ports';
import { hasReportedSince } from './rules';

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
  const resolved = await closeResolved(deps, escalation, checkpoint);
  if (resolved) await tellResolved(deps, [{ escalation: resolved, checkpoint }]);
  return resolved !== undefined;
};

/**
 * Resolution notices for escalations resolved together (by one sweep, when an outage ends): each person
 * or group told gets one notice for all of them they had been told about. Each notice is still claimed
 * on its own escalation first, so nobody hears of one resolution twice.
 */
export const tellResolved = async (deps: EscalationDeps, resolved: { escalation: Escalation; checkpoint: Checkpoint }[]): Promise<void> => {
  const now = deps.now();
  const communities = new Map<string, Promise<Community | undefined>>();
  const communityOf = (id: string) => communities.get(id) ?? communities.set(id, deps.store.community(id)).get(id)!;
  const byRecipient = new Map<string, { address: string; items: typeof resolved }>();
  for (const item of resolved) {
    for (const address of item.escalation.notified) {
      const key = address.toLowerCase();
      const entry = byRecipient.get(key) ?? byRecipient.set(key, { address, items: [] }).get(key)!;
      entry.items.push(item);
    }
  }
  for (const { address, items } of byRecipient.values()) {
    const claimed: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; claim: NoticeRef }[] = [];
    for (const { escalation, checkpoint } of items) {
      const claim: NoticeRef = { escalationId: escalation.escalationId, kind: 'resolution', level: 0, repeat: 0, recipient: address };
      if (await deps.store.claimNotice(claim, now)) claimed.push({ escalation, checkpoint, community: await communityOf(escalation.communityId), claim });
    }
    if (claimed.length === 0) continue;
    const content = resolutionNotice(claimed, now);
    await tell(deps, address, content, claimed.map(({ claim }) => ({ notice: claim, subject: content.subject, links: [] })), claimed.length > 1 ? 'group' : undefined);
  }
};

/**
 * Acknowledges an open escalation. `by` is who took it; `via` the group whose link they used. Everyone
 * told hears who took it — the group it came from too, so that the others there know — except the
 * person who acknowledged from their own mail. With `actor`, the acknowledgement is recorded in the
 * audit trail in the same write (one that finds it already acknowledged records nothing).
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
    if (!(await deps.store.saveEscalation(acknowledged, escalation.version, audit))) continue;
    const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
    if (checkpoint) {
      const community = await deps.store.community(escalation.communityId);
      const others = acknowledged.notified.filter((address) => via !== undefined || address.toLowerCase() !== by.toLowerCase());
      const content = acknowledgementNotice({ escalation: acknowledged, checkpoint, community, by, ...(via && { via: via.label }), at: now });
      await tellOnce(deps, acknowledged, 'acknowledgement', others, content);
    }
    return { escalation: acknowledged, changed: true };
  }
  throw new BusyError('the escalation is busy; try again');
};

/**
 * Follow-up notices (acknowledgement, unresolved): claimed like level notices and sent once, within the
 * hourly cap; one the service does not take waits in the outbox for the sweep to send again.
 */
export const tellOnce = async (deps: EscalationDeps, escalation: Escalation, kind: 'acknowledgement' | 'unresolved', recipients: string[], content: NoticeContent): Promise<void> => {
  for (const recipient of recipients) {
    const claim: NoticeRef = { escalationId: escalation.escalationId, kind, level: 0, repeat: 0, recipient };
    if (!(await deps.store.claimNotice(claim, deps.now()))) continue;
    await tell(deps, recipient, content, [{ notice: claim, subject: content.subject, links: [] }]);
  }
};

/**
 * A notice waiting in the outbox still says something true: nobody has acknowledged its escalation and
 * its checkpoint has not reported since (an escalation closed unresolved is still worth telling).
 */
export const stillWanted = async (deps: EscalationDeps, notice: NoticeRef): Promise<boolean> => {
  // A summary handed to the outbox by a run that found its claim still open is not sent again if the
  // run that held the claim sent it after all.
  if (notice.kind === 'summary') return !(await deps.store.notices(notice.escalationId)).some((n) => sameNotice(n, notice) && n.outcome === 'sent');
  if (notice.kind !== 'level') return true;
  const escalation = await deps.store.escalation(notice.escalationId);
  if (!escalation || escalation.status === 'resolved' || escalation.status === 'acknowledged') return false;
  return !hasReportedSince(await deps.store.checkpoint(escalation.checkpointId), escalation);
};

/** Restarts the flows of escalations still open (after a restart of the local stack). */
export const resumeFlows = async (deps: EscalationDeps): Promise<number> => {
  const open = (await deps.store.activeEscalations()).filter((escalation) => escalation.status === 'open');
  for (const escalation of open) await deps.flows.start(escalation.escalationId, true);
  return open.length;
};
