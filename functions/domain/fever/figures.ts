/**
 * A day's fever figures, per community and for the county: alerts opened, their cases, how long they
 * waited for someone to handle them (median and longest, in whole minutes, of those handled), and what
 * was done (a count per choice). Computed from the alerts themselves, never summed from medians. Pure.
 */
import type { Escalation } from '../model';
import { HANDLING_ACTIONS, type HandlingAction } from './shapes';

export interface FeverFigures {
  alerts: number;
  cases: number;
  /** Alerts someone has handled (acknowledged with what was done). */
  handled: number;
  medianMinutesToHandle: number | null;
  maxMinutesToHandle: number | null;
  /** Handled alerts per choice of what was done. */
  done: Record<HandlingAction, number>;
}

export const isFeverAlert = (escalation: Pick<Escalation, 'cause'>): boolean => escalation.cause === 'fever';

const middle = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
};

/** The figures of the fever alerts among `escalations` (any other cause is left out). */
export const feverFigures = (escalations: readonly Escalation[]): FeverFigures => {
  const alerts = escalations.filter(isFeverAlert);
  const handled = alerts.filter((alert) => alert.acknowledgedAt !== undefined);
  const minutes = handled.map((alert) => Math.max(0, Math.round((Date.parse(alert.acknowledgedAt!) - Date.parse(alert.openedAt)) / 60_000)));
  const done = Object.fromEntries(HANDLING_ACTIONS.map((action) => [action, 0])) as Record<HandlingAction, number>;
  for (const alert of handled) if (alert.handling) done[alert.handling.action] += 1;
  return {
    alerts: alerts.length,
    cases: alerts.reduce((sum, alert) => sum + (alert.cases?.length ?? 0), 0),
    handled: handled.length,
    medianMinutesToHandle: middle(minutes),
    maxMinutesToHandle: minutes.length === 0 ? null : Math.max(...minutes),
    done,
  };
};
