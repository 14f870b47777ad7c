/**
 * The follow-ups' fake: noted, given back when due (in the table's order, due time first), crossed out.
 */
import type { FollowUps } from '../../../functions/domain/escalation';
import { copy, type MemoryTable } from './memory-table';

const placeOf = (intent: { dueAt: string; escalationId: string; kind: string }) => `${intent.dueAt}#${intent.escalationId}#${intent.kind}`;

export const memoryFollowUps = (table: MemoryTable): FollowUps => ({
  intendFollowUp: async (intent) => void table.followUps.set(placeOf(intent), copy(intent)),
  dueFollowUps: async (now) => {
    const bound = `${now.toISOString()}$`;
    return [...table.followUps].filter(([place]) => place < bound).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, intent]) => copy(intent));
  },
  doneFollowUp: async (intent) => void table.followUps.delete(placeOf(intent)),
});
