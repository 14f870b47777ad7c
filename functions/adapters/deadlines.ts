/**
 * The watched deadlines: a sparse, sharded index of the checkpoints that carry one (`dueShard`,
 * `dueAt`), which the sweep reads with one query a shard, never a Scan; and the conditional writes
 * that move a deadline on — each only while it is still the one the sweep read, so that of two sweeps
 * at once one does the work.
 */
import type { Deadlines } from '../domain/escalation/ports';
import { checkpointStamp } from './board-stamps';
import { escalationItem } from './escalations';
import { allDeadlineShards, checkpointKey, escalationKey } from './keys';
import { tableSchema } from './table-schema';
import type { Table, Update } from './table';

const DEADLINE_INDEX = tableSchema.globalIndexes[1].indexName;

/** The update that moves a checkpoint's watched deadline from `expected` to `next` (or off the index when none comes). */
const deadlineMove = (
  expected: string,
  next: string | undefined,
  missedAt: string | undefined,
  extra?: { set?: string; values: Record<string, unknown> },
): Pick<Update, 'UpdateExpression' | 'ExpressionAttributeValues'> => {
  const sets = ['version = version + :one', ...(next ? ['dueAt = :next'] : []), ...(missedAt ? ['missedAt = :missedAt'] : []), ...(extra?.set ? [extra.set] : [])];
  return {
    UpdateExpression: `SET ${sets.join(', ')}${next ? '' : ' REMOVE dueAt'}`,
    ExpressionAttributeValues: { ':one': 1, ':expected': expected, ...(next && { ':next': next }), ...(missedAt && { ':missedAt': missedAt }), ...extra?.values },
  };
};

export const deadlines = (table: Table): Deadlines => ({
  overdueCheckpoints: async (now) => {
    const shards = await Promise.all(
      allDeadlineShards().map((shard) =>
        table.queryAll({
          IndexName: DEADLINE_INDEX,
          KeyConditionExpression: 'dueShard = :shard AND dueAt <= :now',
          ExpressionAttributeValues: { ':shard': shard, ':now': now.toISOString() },
        }),
      ),
    );
    return shards.flat().map((item) => String(item.pk).slice('CHECKPOINT#'.length));
  },

  /**
   * Opens an escalation and moves the checkpoint's watched deadline past the misses it records, at once.
   * An escalation opened already resolved (the checkpoint reported before the sweep came) leaves the
   * checkpoint free for the next one.
   */
  openEscalation: ({ escalation, expectedDueAt, nextDueAt, missedAt }) => {
    const stays = escalation.status === 'open';
    return table.transactIf([
      { Put: { Item: escalationItem(escalation), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          Key: checkpointKey(escalation.checkpointId),
          ...deadlineMove(expectedDueAt, nextDueAt, missedAt, stays ? { set: 'openEscalationId = :id', values: { ':id': escalation.escalationId } } : undefined),
          ConditionExpression: 'dueAt = :expected AND attribute_not_exists(openEscalationId)',
        },
      },
      checkpointStamp(escalation.checkpointId, { checkpoint: true, escalation: true }),
    ]);
  },

  recordMiss: (input) =>
    table.transactIf([
      {
        Update: {
          Key: checkpointKey(input.checkpointId),
          ...deadlineMove(input.expectedDueAt, input.nextDueAt, input.missedAt, { values: { ':id': input.escalationId } }),
          ConditionExpression: 'dueAt = :expected AND openEscalationId = :id',
        },
      },
      {
        Update: {
          Key: escalationKey(input.escalationId),
          // Counted, never listed: the item stays the same size however long the checkpoint is silent. An
          // item written before misses were counted starts its count from nothing (missesOf reads its list).
          UpdateExpression: 'SET lastMissedSlot = :last, firstMissedSlot = if_not_exists(firstMissedSlot, :last), version = version + :one ADD missedCount :count',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':last': input.lastSlot, ':count': input.count, ':one': 1 },
        },
      },
      checkpointStamp(input.checkpointId, { checkpoint: true, escalation: true }),
    ]),

  moveDeadline: (input) =>
    table.transactIf([
      { Update: { Key: checkpointKey(input.checkpointId), ...deadlineMove(input.expectedDueAt, input.nextDueAt, undefined), ConditionExpression: 'dueAt = :expected' } },
      checkpointStamp(input.checkpointId, { checkpoint: true }),
    ]),
});
