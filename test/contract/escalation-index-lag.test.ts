/**
 * The escalation lists read a status's index and then each escalation whole. The index follows the
 * table a moment late (DynamoDB's global indexes are eventually consistent; DynamoDB Local's are not,
 * so a table stub plays one): an escalation the sweep just ended may still be listed under `open` as
 * well as under its new status. A list shows each escalation once, and only under the statuses asked.
 */
import { describe, expect, it } from 'vitest';
import { escalationHistory, escalationItem } from '../../functions/adapters/escalations';
import type { Item, Table } from '../../functions/adapters/table';
import type { Escalation } from '../../functions/domain/model';

const escalation = (escalationId: string, status: Escalation['status'], openedAt: string): Escalation => ({
  escalationId, checkpointId: 'gate', communityId: 'yuyue', status, level: 1, repeats: 0, missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z',
  missedDeadline: '2026-11-29T04:15:00.000Z', openedAt, nextActionAt: openedAt,
  policy: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 1 }, notified: [], version: 1,
});

/** The table: `paused` ended (as stored), while the index still lists it under `open` too. */
const lagging = (): Table => {
  const ended = escalation('e-2', 'paused', '2026-11-29T04:16:00.000Z');
  const stillOpen = escalation('e-1', 'open', '2026-11-29T04:10:00.000Z');
  const index: Item[] = [escalationItem({ ...ended, status: 'open' }), escalationItem(ended), escalationItem(stillOpen)];
  const stored = new Map([ended, stillOpen].map((one) => [escalationItem(one).pk, one]));
  return {
    queryPage: async (query: { ExpressionAttributeValues: Record<string, unknown> }) => {
      const values = query.ExpressionAttributeValues;
      const items = index
        .filter((item) => item.gsi1pk === values[':parent'] && String(item.gsi1sk).startsWith(String(values[':prefix'] ?? '')))
        .sort((a, b) => (String(a.gsi1sk) < String(b.gsi1sk) ? 1 : -1));
      return { items };
    },
    batchGet: async (keys: { pk: string }[]) => keys.flatMap((key) => (stored.has(key.pk) ? [stored.get(key.pk)] : [])),
  } as unknown as Table;
};

describe('an escalation list while the index lags the table', () => {
  it('shows an escalation just ended once, under its status as stored', async () => {
    const history = escalationHistory(lagging());
    const all = await history.listEscalations({ communityIds: ['yuyue'], limit: 10 });
    expect(all.map((one) => [one.escalationId, one.status])).toEqual([['e-2', 'paused'], ['e-1', 'open']]);
    const open = await history.listEscalations({ communityIds: ['yuyue'], statuses: ['open', 'acknowledged'], limit: 10 });
    expect(open.map((one) => [one.escalationId, one.status])).toEqual([['e-1', 'open']]);
  });
});
