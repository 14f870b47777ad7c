/**
 * Follow-ups left behind: noted before an escalation was resolved, acknowledged or closed unresolved,
 * and not crossed out because whoever noted it died or met a failing table half-way. The sweep tells
 * them when due — only what still holds (the escalation did end so), and only to whom no claim says
 * was told already.
 */
import { tellAcknowledged, tellResolved, tellUnresolved } from './telling';
import type { EscalationDeps } from './deps';
import type { FollowUpIntent } from './ports';

const tellFollowUp = async (deps: EscalationDeps, intent: FollowUpIntent): Promise<void> => {
  const escalation = await deps.store.escalation(intent.escalationId);
  const checkpoint = escalation && (await deps.store.checkpoint(escalation.checkpointId));
  if (!escalation || !checkpoint) return;
  if (intent.kind === 'resolution' && escalation.status === 'resolved') await tellResolved(deps, [{ escalation, checkpoint }]);
  if (intent.kind === 'acknowledgement' && escalation.acknowledgedBy) await tellAcknowledged(deps, escalation);
  if (intent.kind === 'unresolved' && escalation.status === 'unresolved') await tellUnresolved(deps, escalation, checkpoint);
};

/** Tells each follow-up due, then crosses it out; one that fails again stays for the next sweep. Returns the ones told. */
export const tellLeftBehind = async (deps: EscalationDeps, now: Date, attempt: (id: string, work: () => Promise<void>) => Promise<void>): Promise<string[]> => {
  const told: string[] = [];
  for (const intent of await deps.store.dueFollowUps(now)) {
    await attempt(`follow-up:${intent.kind}:${intent.escalationId}`, async () => {
      await tellFollowUp(deps, intent);
      await deps.store.doneFollowUp(intent);
      told.push(intent.escalationId);
    });
  }
  return told;
};
