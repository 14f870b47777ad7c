/**
 * The outbox in the table: notices counted per address and window (the hourly cap, a robot's minute),
 * and what waits to be sent — digests and retries — in one partition sorted by when it is due, so the
 * sweep reads what is due with one query. An entry is claimed before it is sent, and a claim left by a
 * sender that never finished goes stale; a sender lets go of, or finishes, only what it still holds,
 * and finishing keeps the lines held into the entry while it was being sent.
 */
import { storedContent } from '../domain/escalation/content';
import type { Outbox, OutboxEntry } from '../domain/escalation/ports';
import { noticeCountKey, OUTBOX, outboxKey } from './keys';
import type { Table } from './table';

/** How many sent lines one update removes from an entry that was held into while it was being sent. */
const SENT_LINES_PER_UPDATE = 100;

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

  dueOutbox: async (now) => {
    const items = await table.queryAll({
      // '$' sorts right after '#': every entry due at or before now.
      KeyConditionExpression: 'pk = :outbox AND sk < :bound',
      ExpressionAttributeValues: { ':outbox': OUTBOX, ':bound': `${now.toISOString()}$` },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, status: _status, claimedAt: _claimedAt, claim: _claim, ...item }) => {
      const entry = item as unknown as OutboxEntry;
      return entry.content ? { ...entry, content: storedContent(entry.content) } : entry;
    });
  },

  claimOutbox: (entry, claim, now, staleBefore) =>
    table.updateIf({
      Key: outboxKey(entry),
      UpdateExpression: 'SET #status = :sending, claimedAt = :now, claim = :claim',
      ConditionExpression: '#status = :pending OR (#status = :sending AND claimedAt < :stale)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':now': now.toISOString(), ':stale': staleBefore.toISOString(), ':claim': claim },
    }),

  releaseOutbox: async (entry, claim, notBefore) => {
    await table.updateIf({
      Key: outboxKey(entry),
      UpdateExpression: `SET #status = :pending${notBefore ? ', notBefore = :notBefore' : ''} REMOVE claim${notBefore ? '' : ', notBefore'} ADD attempts :one`,
      ConditionExpression: 'claim = :claim',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ':one': 1, ':claim': claim, ...(notBefore && { ':notBefore': notBefore.toISOString() }) },
    });
  },

  finishOutbox: async (entry, claim, handled) => {
    const mine = { ':claim': claim, ':handled': handled };
    const names = { '#lines': 'lines' };
    if (await table.deleteIf(outboxKey(entry), { ConditionExpression: 'claim = :claim AND size(#lines) <= :handled', ExpressionAttributeNames: names, ExpressionAttributeValues: mine })) return;
    // Lines were held into it while it was being sent: they stay, and wait for the next sweep. The sent
    // lines are the first ones; removed a hundred at a time, to stay inside an expression's limits.
    for (let left = handled; left > 0; left -= SENT_LINES_PER_UPDATE) {
      const sent = Array.from({ length: Math.min(left, SENT_LINES_PER_UPDATE) }, (_, index) => `#lines[${index}]`);
      const removed = await table.updateIf({
        Key: outboxKey(entry),
        UpdateExpression: `REMOVE ${sent.join(', ')}`,
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':claim': claim },
      });
      if (!removed) return;
    }
    await table.updateIf({
      Key: outboxKey(entry),
      UpdateExpression: 'SET #status = :pending REMOVE claim',
      ConditionExpression: 'claim = :claim',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claim': claim, ':pending': 'pending' },
    });
  },
});
