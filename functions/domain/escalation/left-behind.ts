/**
 * Follow-ups left behind: noted before an escalation was resolved, acknowledged, closed unresolved or ended paused,
 * and not crossed out because whoever noted it died or met a failing table half-way. The sweep tells
 * them when due — only what still holds (the escalation did end so), and only to whom no claim says
 * was told already.
 */
import { tellAcknowledged, tellPaused, tellResolved, tellUnresolved } from './telling';
import type { EscalationDeps } from './deps';
import type { Checkpoint, Escalation } from '../model';
import type { FollowUpIntent } from './ports';

/** How many resolutions left behind one sweep tells, together, at most: the outbox must still have its turn. */
const RESOLUTIONS_PER_SWEEP = 500;

/** The escalation a follow-up is of, and its checkpoint: either may be gone. */
const endedOf = async (deps: EscalationDeps, intent: FollowUpIntent) => {
  const escalation = await deps.store.escalation(intent.escalationId);
  const checkpoint = escalation && (await deps.store.checkpoint(escalation.checkpointId));
  return { escalation, checkpoint };
};

/**
 * Tells the follow-ups due, then crosses each out; one that fails again stays for the next sweep.
 * Resolutions are told together, as the sweep tells those it resolves (one notice per person or group).
 * Returns the escalations whose follow-up it told.
 */
export const tellLeftBehind = async (deps: EscalationDeps, now: Date, attempt: (id: string, work: () => Promise<void>) => Promise<void>): Promise<string[]> => {
  const told: string[] = [];
  const due = await deps.store.dueFollowUps(now);
  const resolutions = due.filter((intent) => intent.kind === 'resolution').slice(0, RESOLUTIONS_PER_SWEEP);
  await attempt('follow-ups:resolutions', async () => {
    const resolved: { escalation: Escalation; checkpoint: Checkpoint }[] = [];
    for (const intent of resolutions) {
      const { escalation, checkpoint } = await endedOf(deps, intent);
      if (escalation?.status === 'resolved' && checkpoint) resolved.push({ escalation, checkpoint });
    }
    if (resolved.length > 0) await tellResolved(deps, resolved, new Date(Math.max(...resolved.map(({ escalation }) => Date.parse(escalation.resolvedAt ?? now.toISOString())))));
    for (const intent of resolutions) await deps.store.doneFollowUp(intent);
    told.push(...resolved.map(({ escalation }) => escalation.escalationId));
  });
  for (const intent of due.filter((intent) => intent.kind !== 'resolution')) {
    await attempt(`follow-up:${intent.kind}:${intent.escalationId}`, async () => {
      const { escalation, checkpoint } = await endedOf(deps, intent);
      if (escalation && checkpoint && intent.kind === 'acknowledgement' && escalation.acknowledgedBy) await tellAcknowledged(deps, escalation);
      if (escalation && checkpoint && intent.kind === 'unresolved' && escalation.status === 'unresolved') await tellUnresolved(deps, escalation, checkpoint);
      if (escalation && checkpoint && intent.kind === 'paused' && escalation.status === 'paused') await tellPaused(deps, escalation, checkpoint);
      await deps.store.doneFollowUp(intent);
      told.push(intent.escalationId);
    });
  }
  return told;
};
