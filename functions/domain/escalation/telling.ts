/**
 * Telling the follow-ups, once each: the resolution (everyone told hears, in one notice per person or
 * group when many resolve together), the acknowledgement (who took it), the end unresolved (the
 * groups told), and the end by a pause (everyone told). Each notice is claimed first, so telling
 * again — the sweep taking up a follow-up left behind — tells nobody twice.
 */
import type { Checkpoint, Community, Escalation } from '../model';
import { isChatAddress } from './addresses';
import type { NoticeContent } from './content';
import type { EscalationDeps } from './deps';
import { tell } from './delivery';
import { acknowledgementNotice, pausedNotice, resolutionNotice, unresolvedNotice } from './follow-ups';
import type { NoticeRef } from './ports';

/**
 * Resolution notices for escalations resolved together (by one sweep, when an outage ends): each person
 * or group told gets one notice for all of them they had been told about. Each notice is still claimed
 * on its own escalation first, so nobody hears of one resolution twice. `at`: when they were resolved,
 * if not now.
 */
export const tellResolved = async (deps: EscalationDeps, resolved: { escalation: Escalation; checkpoint: Checkpoint }[], at?: Date): Promise<void> => {
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
    // When it happened: now, or, told late (a follow-up left behind), when the escalations were resolved.
    const content = resolutionNotice(claimed, at ?? now);
    await tell(deps, address, content, claimed.map(({ claim }) => ({ notice: claim, subject: content.subject, links: [] })), claimed.length > 1 ? 'group' : undefined);
  }
};

/**
 * Everyone told hears who took it — the group it came from too, so that the others there know — except
 * the person who acknowledged from their own mail.
 */
export const tellAcknowledged = async (deps: EscalationDeps, acknowledged: Escalation): Promise<void> => {
  const checkpoint = await deps.store.checkpoint(acknowledged.checkpointId);
  const by = acknowledged.acknowledgedBy;
  if (!checkpoint || !by) return;
  const community = await deps.store.community(acknowledged.communityId);
  const via = acknowledged.acknowledgedVia;
  const others = acknowledged.notified.filter((address) => via !== undefined || address.toLowerCase() !== by.toLowerCase());
  const content = acknowledgementNotice({ escalation: acknowledged, checkpoint, community, by, ...(via && { via }), at: new Date(acknowledged.acknowledgedAt ?? deps.now()) });
  await tellOnce(deps, acknowledged, 'acknowledgement', others, content);
};

/** Closed unresolved: the groups that were told hear that it ended so. */
export const tellUnresolved = async (deps: EscalationDeps, closed: Escalation, checkpoint: Checkpoint): Promise<void> => {
  const groups = closed.notified.filter(isChatAddress);
  if (groups.length === 0) return;
  const community = await deps.store.community(closed.communityId);
  await tellOnce(deps, closed, 'unresolved', groups, unresolvedNotice({ escalation: closed, checkpoint, community, now: new Date(closed.closedAt ?? deps.now()) }));
};

/** Ended by a pause: everyone told hears who paused the checkpoint and why, as they would hear it reporting again. */
export const tellPaused = async (deps: EscalationDeps, paused: Escalation, checkpoint: Checkpoint): Promise<void> => {
  if (paused.notified.length === 0) return;
  const community = await deps.store.community(paused.communityId);
  await tellOnce(deps, paused, 'paused', paused.notified, pausedNotice({ escalation: paused, checkpoint, community, at: new Date(paused.closedAt ?? deps.now()) }));
};

/**
 * Follow-up notices (acknowledgement, unresolved, paused): claimed like level notices and sent once,
 * within the hourly cap; one the service does not take waits in the outbox for the sweep to send again.
 */
export const tellOnce = async (deps: EscalationDeps, escalation: Escalation, kind: 'acknowledgement' | 'unresolved' | 'paused', recipients: string[], content: NoticeContent): Promise<void> => {
  for (const recipient of recipients) {
    const claim: NoticeRef = { escalationId: escalation.escalationId, kind, level: 0, repeat: 0, recipient };
    if (!(await deps.store.claimNotice(claim, deps.now()))) continue;
    await tell(deps, recipient, content, [{ notice: claim, subject: content.subject, links: [] }]);
  }
};
