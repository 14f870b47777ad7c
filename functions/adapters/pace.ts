/**
 * The pace counters in the table: messages counted per key (an address for the hourly cap, a robot
 * for its pace) and window, each a small item kept two days. A count is one conditional update, so
 * two senders at once never count past the cap. A robot held (its service asked for time) is one more
 * small item beside its counters, `HOLD`, with the latest time asked.
 */
import type { PaceCounter } from '../domain/delivery/pacing';
import { noticeCountKey } from './keys';
import type { Table } from './table';

/** The hold of a key: in the key's partition, beside its counters. */
const holdKey = (key: string) => ({ pk: noticeCountKey(key, 'pace', '').pk, sk: 'HOLD' });

export const paceCounter = (table: Table): PaceCounter => ({
  countNotice: (key, window, cap) =>
    table.updateIf({
      Key: noticeCountKey(key, window.unit, window.start.toISOString()),
      UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.floor(window.start.getTime() / 1000) + 2 * 86_400 },
    }),

  hold: async (key, until) => {
    // A later hold wins; an earlier one asked after it changes nothing (its condition fails).
    await table.updateIf({
      Key: holdKey(key),
      UpdateExpression: 'SET heldUntil = :until, expiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(heldUntil) OR heldUntil < :until',
      ExpressionAttributeValues: { ':until': until.toISOString(), ':expires': Math.floor(until.getTime() / 1000) + 2 * 86_400 },
    });
  },

  heldUntil: async (key, now) => {
    const item = await table.get<{ heldUntil?: string }>(holdKey(key));
    return item?.heldUntil !== undefined && item.heldUntil > now.toISOString() ? new Date(item.heldUntil) : undefined;
  },
});
