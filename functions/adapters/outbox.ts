/**
 * SHIM, kept only for the day's summary (domain/summaries.ts's `tell`), until helper "deliver" moves it
 * onto notice rows and the pace counters to adapters/pace.ts: notices counted per address and window,
 * and what a summary not taken at once waits in. Nothing sends what waits here any more (the sweep no
 * longer flushes an outbox): the one sender sends rows.
 */
import type { Outbox } from '../domain/escalation/ports';
import { noticeCountKey, outboxKey } from './keys';
import type { Table } from './table';

export const outbox = (table: Table): Outbox => ({
  countNotice: (recipient, window, cap) =>
    table.updateIf({
      Key: noticeCountKey(recipient, window.unit, window.start.toISOString()),
      UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.floor(window.start.getTime() / 1000) + 2 * 86_400 },
    }),

  hold: (entry) =>
    table.update({
      Key: outboxKey(entry),
      UpdateExpression:
        'SET kind = :kind, recipient = :to, dueAt = :due, tag = :tag, #status = if_not_exists(#status, :pending), #lines = list_append(if_not_exists(#lines, :none), :lines)' +
        (entry.content ? ', content = :content' : ''),
      ExpressionAttributeNames: { '#status': 'status', '#lines': 'lines' },
      ExpressionAttributeValues: {
        ':kind': entry.kind,
        ':to': entry.recipient,
        ':due': entry.dueAt,
        ':tag': entry.tag,
        ':pending': 'pending',
        ':none': [],
        ':lines': entry.lines,
        ...(entry.content && { ':content': entry.content }),
      },
    }),
});
