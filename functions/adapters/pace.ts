/**
 * The pace counters in the table: messages counted per key (an address for the hourly cap, a robot
 * for its pace) and window, each a small item kept two days. A count is one conditional update, so
 * two senders at once never count past the cap.
 */
import type { PaceCounter } from '../domain/delivery/pacing';
import { noticeCountKey } from './keys';
import type { Table } from './table';

export const paceCounter = (table: Table): PaceCounter => ({
  countNotice: (key, window, cap) =>
    table.updateIf({
      Key: noticeCountKey(key, window.unit, window.start.toISOString()),
      UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.floor(window.start.getTime() / 1000) + 2 * 86_400 },
    }),
});
