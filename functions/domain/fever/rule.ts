/**
 * The fever rule: when a reading's case is a fever for its community, and who is told of it, in what
 * order. A fever case is a person at or above the community's threshold (37.3 °C by default, limits.ts);
 * a community may alert from a higher one, up to 38.5 °C, never from a lower (the form cannot send a
 * case below 37.3 °C: reading-rules.ts, FEVER_C). Pure: the reading, the checkpoint, the community.
 */
import * as z from 'zod/mini';
import { shiftOnDuty } from '../escalation/rules';
import { DEFAULT_FEVER_THRESHOLD_C } from '../limits';
import type { Checkpoint, Community, EscalationPolicySpec, StoredReading } from '../model';
import type { FeverCase, OfficerRole } from './shapes';

/** The thresholds a community may set, in °C, to a tenth of a degree. */
export const FEVER_THRESHOLD_RANGE = { min: DEFAULT_FEVER_THRESHOLD_C, max: 38.5 } as const;

export const FeverThresholdBody = z.number().check(
  z.minimum(FEVER_THRESHOLD_RANGE.min, `a fever threshold from ${FEVER_THRESHOLD_RANGE.min} to ${FEVER_THRESHOLD_RANGE.max} °C`),
  z.maximum(FEVER_THRESHOLD_RANGE.max, `a fever threshold from ${FEVER_THRESHOLD_RANGE.min} to ${FEVER_THRESHOLD_RANGE.max} °C`),
  z.refine((c) => Math.round(c * 10) / 10 === c, 'to a tenth of a degree, such as 37.5'),
  z.describe(
    `From this temperature (°C) a fever case alerts the community at once: ${FEVER_THRESHOLD_RANGE.min}–${FEVER_THRESHOLD_RANGE.max}, to a tenth; ${DEFAULT_FEVER_THRESHOLD_C} when absent`,
  ),
);

/**
 * Told at once: the gate's leader on duty, and the community — its secretary and its groups (a channel
 * hears every level unless it names its own). Unhandled after 10 minutes, the secretary again; after 30
 * minutes from the alert (20 more), the big-committee secretary. A level's `after` counts from the
 * level before, as an escalation policy's does.
 */
export const DEFAULT_FEVER_POLICY: EscalationPolicySpec = {
  levels: [
    { notify: ['onDuty', 'secretary'], after: 'PT0S' },
    { notify: ['secretary'], after: 'PT10M' },
    { notify: ['committee'], after: 'PT20M' },
  ],
  repeatEvery: 'PT30M',
  maxRepeats: 3,
};

export const feverThresholdOf = (community: Pick<Community, 'feverThresholdC'> | undefined): number => community?.feverThresholdC ?? DEFAULT_FEVER_THRESHOLD_C;

export const feverPolicyOf = (community: Pick<Community, 'feverPolicy'> | undefined): EscalationPolicySpec => community?.feverPolicy ?? DEFAULT_FEVER_POLICY;

/**
 * Who took the reading, by role: the shift leader on duty then, or a leader of the checkpoint, when the
 * name the officer gave is theirs; anyone else at the gate otherwise. The name itself goes no further.
 */
export const officerRoleOf = (officer: string, checkpoint: Pick<Checkpoint, 'shifts' | 'contacts' | 'timezone'>, at: Date): OfficerRole => {
  const same = (name: string) => name.trim().toLowerCase() === officer.trim().toLowerCase();
  const onDuty = shiftOnDuty(checkpoint.shifts ?? [], at, checkpoint.timezone);
  if (onDuty && same(onDuty.leader.name)) return 'onDuty';
  if (checkpoint.contacts.some((contact) => contact.role === 'leader' && same(contact.name))) return 'leader';
  return 'staff';
};

/**
 * The fever cases of a reading for its community: each listed case at or above the threshold, with its
 * direction and when it was taken. A reading that counts fevers without listing them is taken at its
 * word when its highest temperature (if given) reaches the threshold: one case per fever counted, with
 * no temperature of its own. Nothing else of the reading — not a note, not the officer's name.
 */
export const feverCasesOf = (
  reading: Pick<StoredReading, 'readingId' | 'receivedAt' | 'observedAt' | 'officer' | 'feverCount' | 'maxTempC' | 'feverCases'>,
  checkpoint: Pick<Checkpoint, 'shifts' | 'contacts' | 'timezone'>,
  threshold: number,
): FeverCase[] => {
  const takenAt = reading.observedAt ?? reading.receivedAt;
  const common = { takenAt, readingId: reading.readingId, officerRole: officerRoleOf(reading.officer, checkpoint, new Date(takenAt)) };
  if (reading.feverCases && reading.feverCases.length > 0) {
    return reading.feverCases.filter((c) => c.tempC >= threshold).map((c) => ({ tempC: c.tempC, direction: c.direction, ...common }));
  }
  if (reading.feverCount > 0 && (reading.maxTempC === undefined || reading.maxTempC >= threshold)) {
    return Array.from({ length: Math.min(reading.feverCount, MAX_CASES) }, () => ({ ...common }));
  }
  return [];
};

/**
 * The cases one alert keeps, so that its record stays small (a DynamoDB item is at most 400 KB): far more
 * than a gate sees in ten minutes; past it the alert is told, and counted, with these.
 */
export const MAX_CASES = 200;
