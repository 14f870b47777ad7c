/**
 * The watched deadlines' fake: a checkpoint is overdue while it carries a deadline at or before now,
 * and each move happens only while the deadline is still the one read — opening an escalation also
 * only while the checkpoint has none open, counting misses only on the one it has — all of it or none.
 */
import type { Deadlines } from '../../../functions/domain/escalation';
import type { Checkpoint } from '../../../functions/domain/model';
import { copy, type MemoryTable } from './memory-table';

/** Moves the checkpoint's deadline from `expected` to `next` (off the index when none), if `holds`; true when moved. */
const moveIf = (table: MemoryTable, checkpointId: string, expected: string, next: string | undefined, holds: (checkpoint: Checkpoint) => boolean, change: Partial<Checkpoint> = {}): boolean => {
  const current = table.checkpoints.get(checkpointId);
  if (!current || current.dueAt !== expected || !holds(current)) return false;
  const { dueAt: _old, ...rest } = current;
  table.checkpoints.set(checkpointId, { ...rest, ...change, ...(next && { dueAt: next }), version: current.version + 1 });
  return true;
};

const movable = (table: MemoryTable, checkpointId: string, expected: string, holds: (checkpoint: Checkpoint) => boolean): boolean => {
  const current = table.checkpoints.get(checkpointId);
  return current !== undefined && current.dueAt === expected && holds(current);
};

export const memoryDeadlines = (table: MemoryTable): Deadlines => ({
  overdueCheckpoints: async (now) =>
    [...table.checkpoints.values()].filter((checkpoint) => checkpoint.dueAt !== undefined && checkpoint.dueAt <= now.toISOString()).map((checkpoint) => checkpoint.checkpointId),

  openEscalation: async ({ escalation, expectedDueAt, nextDueAt, missedAt }) => {
    const free = (checkpoint: Checkpoint) => checkpoint.openEscalationId === undefined;
    if (table.escalations.has(escalation.escalationId) || !movable(table, escalation.checkpointId, expectedDueAt, free)) return false;
    // One already resolved (the checkpoint reported before the sweep came) leaves the checkpoint free.
    moveIf(table, escalation.checkpointId, expectedDueAt, nextDueAt, free, {
      ...(escalation.status === 'open' && { openEscalationId: escalation.escalationId }),
      ...(missedAt && { missedAt }),
    });
    table.escalations.set(escalation.escalationId, copy(escalation));
    return true;
  },

  recordMiss: async (input) => {
    const escalation = table.escalations.get(input.escalationId);
    const itsOwn = (checkpoint: Checkpoint) => checkpoint.openEscalationId === input.escalationId;
    if (!escalation || !movable(table, input.checkpointId, input.expectedDueAt, itsOwn)) return false;
    moveIf(table, input.checkpointId, input.expectedDueAt, input.nextDueAt, itsOwn, input.missedAt ? { missedAt: input.missedAt } : {});
    // Counted, as the table's ADD and SET count them (an item from before counts started keeps its list).
    table.escalations.set(input.escalationId, {
      ...escalation,
      missedCount: (escalation.missedCount ?? 0) + input.count,
      firstMissedSlot: escalation.firstMissedSlot ?? input.lastSlot,
      lastMissedSlot: input.lastSlot,
      version: escalation.version + 1,
    });
    return true;
  },

  moveDeadline: async (input) => moveIf(table, input.checkpointId, input.expectedDueAt, input.nextDueAt, () => true),
});
