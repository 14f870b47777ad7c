/**
 * A streak's misses, kept bounded: how many, the first and the last slot — never a list that grows a
 * slot at a time (a PT30S gate silent for days would reach DynamoDB's 400 KB item limit in five).
 */
import type { Escalation } from '../model';

export interface Misses {
  count: number;
  /** Starts of the first and of the last slot missed (ISO). */
  first: string;
  last: string;
}

/**
 * An escalation's misses: its count and ends. An item written before they were counted keeps its list
 * (`missedSlots`), and misses recorded on it since are counted beside it (recordMiss: ADD, SET last).
 */
export const missesOf = (escalation: Pick<Escalation, 'missedCount' | 'firstMissedSlot' | 'lastMissedSlot' | 'missedSlots' | 'missedDeadline'>): Misses => {
  const listed = escalation.missedSlots ?? [];
  const count = listed.length + (escalation.missedCount ?? 0);
  const first = listed[0] ?? escalation.firstMissedSlot ?? escalation.missedDeadline;
  return { count, first, last: escalation.lastMissedSlot ?? listed.at(-1) ?? first };
};

/** The fields a new escalation keeps of its streak's slots (oldest first). */
export const missedFields = (slots: readonly string[]): Pick<Escalation, 'missedCount' | 'firstMissedSlot' | 'lastMissedSlot'> => ({
  missedCount: slots.length,
  firstMissedSlot: slots[0]!,
  lastMissedSlot: slots.at(-1)!,
});
