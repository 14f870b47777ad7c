/**
 * Several fevers, one message: a fever reading joins the checkpoint's fever alert that is still open
 * (nobody has acknowledged it) and opened less than FEVER_JOIN_WINDOW_MS before; otherwise it opens a
 * new alert. Three fevers at one gate in ten minutes are one alert with three cases. Pure.
 */
import type { Escalation } from '../model';
import { MAX_CASES } from './rule';
import type { FeverCase } from './shapes';

/** How long after it opened a fever alert takes in the gate's next fevers. */
export const FEVER_JOIN_WINDOW_MS = 10 * 60_000;

export type FeverPlacement = { join: string; cases: FeverCase[] } | { open: FeverCase[] };

/** Whether an alert still takes in cases at `now`: a fever alert of the gate, open, unacknowledged, younger than the window. */
export const takesCases = (alert: Escalation, checkpointId: string, now: Date): boolean => {
  const age = now.getTime() - Date.parse(alert.openedAt);
  return alert.cause === 'fever' && alert.checkpointId === checkpointId && alert.status === 'open' && !alert.acknowledgedAt && age >= 0 && age < FEVER_JOIN_WINDOW_MS;
};

/**
 * Where a reading's fever cases go, at `now` (when it is accepted): into the youngest alert of the gate
 * that takes cases (its cases then, the new ones after, at most MAX_CASES kept), or into a new alert.
 * No cases, no placement.
 */
export const placeFevers = (cases: readonly FeverCase[], checkpointId: string, alerts: readonly Escalation[], now: Date): FeverPlacement | undefined => {
  if (cases.length === 0) return undefined;
  const open = alerts.filter((alert) => takesCases(alert, checkpointId, now)).sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt))[0];
  if (!open) return { open: cases.slice(0, MAX_CASES) };
  const known = open.cases ?? [];
  // A reading sent again (the same readingId) adds nothing twice.
  const fresh = cases.filter((c) => !known.some((k) => k.readingId === c.readingId));
  return { join: open.escalationId, cases: [...known, ...fresh].slice(0, MAX_CASES) };
};
