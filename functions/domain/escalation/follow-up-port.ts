/**
 * The follow-ups' port: what is noted before an escalation's state changes, and crossed out once told.
 */
/** An escalation's follow-up to be told once it has ended or been taken (resolution, acknowledgement, unresolved, paused). */
export interface FollowUpIntent {
  escalationId: string;
  kind: 'resolution' | 'acknowledgement' | 'unresolved' | 'paused';
  /** When the sweep tells it, if whoever noted it did not finish (ISO). */
  dueAt: string;
}

/**
 * Follow-ups noted before an escalation's state changes and crossed out once told: one left behind (its
 * teller died, or the table failed it half-way) is told by the sweep when due. Telling twice is
 * harmless, as each notice is claimed.
 */
export interface FollowUps {
  intendFollowUp(intent: FollowUpIntent): Promise<void>;
  dueFollowUps(now: Date): Promise<FollowUpIntent[]>;
  doneFollowUp(intent: FollowUpIntent): Promise<void>;
}
