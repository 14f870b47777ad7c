/**
 * Follow-ups in the table: noted (one put) before an escalation's state changes, crossed out (one
 * delete) once told; the sweep reads those still due with one query, as it reads the outbox.
 */
import type { FollowUpIntent, FollowUps } from '../domain/escalation/ports';
import { FOLLOW_UPS, followUpKey } from './keys';
import type { Table } from './table';

export const followUps = (table: Table): FollowUps => ({
  intendFollowUp: async (intent) => {
    // Kept a week at most: one the sweep could not tell by then (its escalation gone) is let go.
    const expiresAt = Math.floor(Date.parse(intent.dueAt) / 1000) + 7 * 86_400;
    await table.put({ ...followUpKey(intent), escalationId: intent.escalationId, kind: intent.kind, dueAt: intent.dueAt, expiresAt });
  },

  dueFollowUps: async (now) => {
    const items = await table.queryAll({
      // '$' sorts right after '#': every follow-up due at or before now.
      KeyConditionExpression: 'pk = :followUps AND sk < :bound',
      ExpressionAttributeValues: { ':followUps': FOLLOW_UPS, ':bound': `${now.toISOString()}$` },
      ConsistentRead: true,
    });
    return items.map(({ escalationId, kind, dueAt }) => ({ escalationId, kind, dueAt }) as FollowUpIntent);
  },

  doneFollowUp: async (intent) => {
    await table.delete(followUpKey(intent));
  },
});
