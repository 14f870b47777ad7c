/**
 * A fever alert's own parts, as an escalation with `cause: 'fever'` carries them (model.ts): its cases
 * and, once someone acknowledges it, what was done. Types only: model.ts imports them.
 */

/**
 * Who took the reading, by role and never by name: the shift leader on duty, the checkpoint's leader,
 * or anyone else at the gate (fever/rule.ts, officerRoleOf).
 */
export type OfficerRole = 'onDuty' | 'leader' | 'staff';

/**
 * One person at or above the community's threshold. The temperature and the direction only: never the
 * case's note, never the officer's name (docs/security.md). `tempC` and `direction` are absent for a
 * fever counted without its case listed (a reading may give feverCount alone).
 */
export interface FeverCase {
  tempC?: number;
  direction?: 'in' | 'out';
  /** When it was taken: the reading's observedAt, else when it was received. */
  takenAt: string;
  /** The reading it came from (its id), so the alert can be traced back by those who may read it. */
  readingId: string;
  officerRole: OfficerRole;
}

/** What was done, as the acknowledge page offers it; `other` says it in a short note. */
export const HANDLING_ACTIONS = ['isolated', 'clinic', 'normal', 'other'] as const;
export type HandlingAction = (typeof HANDLING_ACTIONS)[number];

export interface FeverHandling {
  action: HandlingAction;
  /** Required for `other`, allowed with any. */
  note?: string;
}
