/**
 * Notice rows in the table (domain/delivery/rows.ts). A row lives under its subject, where the
 * escalation's page lists its notices:
 *
 *   pk ESCALATION#<subjectId>   sk NOTICE#<kind>#<LL>#<RR>#<recipient, lower case>   (noticeKey)
 *
 * and while it waits (pending, or sending under a lease) it is in two sparse indexes, whose keys the
 * sender removes when the row is settled:
 *   - byParent:   gsi1pk OUTBOX#<recipient, lower case>, gsi1sk <createdAt>#<subjectId>#<kind>#<LL>#<RR>
 *                 — what waits for one destination, oldest first (the sender bundles it);
 *   - byDeadline: dueShard SEND#<0..7> (by recipient), dueAt <notBefore, leaseUntil or createdAt>
 *                 — what the sender's minute run finds due, across destinations.
 * The table's stream carries each INSERT of a NOTICE# row to the sender at once (infra: the event
 * source mapping's filter); what the stream's run does not send, the minute run does.
 *
 * The sender's writes (noticeRows below) are each conditional on who holds the row: a claim sets
 * `outcome` sending, `leaseUntil` (and `dueAt` with it, so that a lease that runs out is found due);
 * only that lease may then settle the row (sent / failed / skipped: `sentAt` / `failedAt` /
 * `decidedAt`, the index keys removed) or let it wait again (pending, `notBefore` = `dueAt`, its
 * `attempts` and `error`); a row nobody holds and due (pending from a notBefore past, or its lease
 * over) may be settled or let wait by whoever finds it so — not one another sender let wait since.
 */
import { createHash } from 'node:crypto';
import type { NewRow, NoticeRef, NoticeRow } from '../domain/delivery/rows';
import type { Holder, NoticeRows } from '../domain/delivery/sender';
import { noticeKey } from './keys';
import { DEADLINE_SHARDS } from './table-schema';
import type { Item, Table, TransactItem, Update } from './table';

/** The sort key prefix every notice row's key starts with: the stream's filter names it. */
export const NOTICE_SORT_PREFIX = 'NOTICE#';

export const rowKey = (notice: NoticeRef) => noticeKey(notice.escalationId, notice.kind, notice.level, notice.repeat, notice.recipient);

/** The byParent partition of what waits for one destination. */
export const outboxPartition = (recipient: string) => `OUTBOX#${recipient.toLowerCase()}`;

/** The byDeadline shard of a destination's waiting rows (spread like the checkpoints' deadlines). */
export const sendShardOf = (recipient: string): string => `SEND#${createHash('sha256').update(recipient.toLowerCase()).digest().readUInt32BE(0) % DEADLINE_SHARDS}`;
export const allSendShards = (): string[] => Array.from({ length: DEADLINE_SHARDS }, (_, n) => `SEND#${n}`);

/** The item of a new row: pending (in both indexes), or `grouped` into another (in neither). */
export const newRowItem = (row: NewRow, now: Date): Item => {
  const { notice } = row;
  const createdAt = now.toISOString();
  const waiting = row.groupedInto === undefined;
  return {
    ...rowKey(notice),
    ...notice,
    content: row.content,
    links: row.links,
    createdAt,
    attempts: 0,
    ...(waiting
      ? {
          outcome: 'pending',
          gsi1pk: outboxPartition(notice.recipient),
          gsi1sk: `${createdAt}#${notice.escalationId}#${notice.kind}#${String(notice.level).padStart(2, '0')}#${String(notice.repeat).padStart(2, '0')}`,
          dueShard: sendShardOf(notice.recipient),
          dueAt: row.notBefore ?? createdAt,
          ...(row.notBefore && { notBefore: row.notBefore }),
        }
      : { outcome: 'grouped', via: 'group', groupedInto: row.groupedInto }),
  };
};

/** A new row as one write of a transaction: put once (a retried write that finds it there fails its condition). */
export const putNewRow = (row: NewRow, now: Date): TransactItem => ({ Put: { Item: newRowItem(row, now), ConditionExpression: 'attribute_not_exists(pk)' } });

/** New rows written on their own, each once (a day's summary: its build is not in the same transaction). */
export const newRows = (table: Table): { write(row: NewRow, now: Date): Promise<boolean> } => ({
  write: (row, now) => table.putIf(newRowItem(row, now), 'attribute_not_exists(pk)'),
});

/** A row item as the sender reads it (its table attributes already stripped). */
export const rowOf = (item: Item): NoticeRow => {
  const { escalationId, kind, level, repeat, recipient, dueAt: _dueAt, decidedAt: _decidedAt, ...rest } = item as Item & NoticeRef & Omit<NoticeRow, 'notice'>;
  return { notice: { escalationId, kind, level, repeat, recipient }, ...(rest as Omit<NoticeRow, 'notice'>) };
};

/** The sort key's recipient (lower case): the byDeadline index carries only keys. */
const recipientOfKey = (sk: string): string => sk.split('#').slice(4).join('#');

/** The condition that `by` may still write the row: its claim's lease, or the row free and due at that instant (as a claim would take it). */
const held = (by: Holder): { condition: string; values: Item } =>
  'lease' in by
    ? { condition: '#outcome = :sending AND leaseUntil = :lease', values: { ':sending': 'sending', ':lease': by.lease.toISOString() } }
    : {
        condition: '(#outcome = :pending AND (attribute_not_exists(notBefore) OR notBefore <= :free)) OR (#outcome = :sending AND leaseUntil < :free)',
        values: { ':pending': 'pending', ':sending': 'sending', ':free': by.freeAt.toISOString() },
      };

/** An update of the row's fields (those not undefined) and removals, if `by` still may write it. */
const heldUpdate = (notice: NoticeRef, by: Holder, fields: Record<string, unknown>, remove: string[]): Update => {
  const { condition, values } = held(by);
  const set = Object.entries(fields).filter(([, value]) => value !== undefined);
  return {
    Key: rowKey(notice),
    UpdateExpression: `SET ${set.map(([name]) => `#${name} = :${name}`).join(', ')} REMOVE ${remove.join(', ')}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: { ...Object.fromEntries(set.map(([name]) => [`#${name}`, name])), '#outcome': 'outcome' },
    ExpressionAttributeValues: { ...values, ...Object.fromEntries(set.map(([name, value]) => [`:${name}`, value])) },
  };
};

/** When a settled row's outcome was decided, by its outcome. */
const AT_FIELD = { sent: 'sentAt', failed: 'failedAt', skipped: 'decidedAt' } as const;

/** The notice rows port (domain/delivery/sender.ts) over the table. */
export const noticeRows = (table: Table): NoticeRows => ({
  waiting: async (recipient, limit) => {
    // The index is eventually consistent and carries only keys: each row is read back, consistently,
    // and kept only if it is still waiting (a row settled a moment ago may still be listed). The
    // oldest `limit` keys only, page by page: the rest wait for a later run.
    const keys: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await table.queryPage({ IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :outbox', ExpressionAttributeValues: { ':outbox': outboxPartition(recipient) }, Limit: limit - keys.length }, start);
      keys.push(...page.items);
      start = page.lastKey;
    } while (start && keys.length < limit);
    const items = await table.batchGet<Item>(keys.map(({ pk, sk }) => ({ pk: pk as string, sk: sk as string })));
    return items.filter((item) => item.outcome === 'pending' || item.outcome === 'sending').map(rowOf);
  },

  due: async (now) => {
    // Each shard's keys come due-time first; a destination is as due as its longest-due row.
    const since = new Map<string, string>();
    for (const shard of allSendShards()) {
      const keys = await table.queryAll({
        IndexName: 'byDeadline',
        KeyConditionExpression: 'dueShard = :shard AND dueAt <= :now',
        ExpressionAttributeValues: { ':shard': shard, ':now': now.toISOString() },
      });
      for (const { sk, dueAt } of keys) {
        const recipient = recipientOfKey(sk as string);
        const at = since.get(recipient);
        if (at === undefined || (dueAt as string) < at) since.set(recipient, dueAt as string);
      }
    }
    return [...since.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([recipient]) => recipient);
  },

  claim: (notice, now, leaseUntil) =>
    table.updateIf({
      Key: rowKey(notice),
      UpdateExpression: 'SET outcome = :sending, leaseUntil = :lease, dueAt = :lease',
      ConditionExpression: '(outcome = :pending AND (attribute_not_exists(notBefore) OR notBefore <= :now)) OR (outcome = :sending AND leaseUntil < :now)',
      ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':lease': leaseUntil.toISOString(), ':now': now.toISOString() },
    }),

  settle: (notice, settled, by) =>
    table.updateIf(
      heldUpdate(notice, by, {
        outcome: settled.outcome,
        [AT_FIELD[settled.outcome]]: settled.at.toISOString(),
        ...(settled.outcome === 'sent' && { via: settled.via }),
        ...(settled.outcome === 'failed' && { error: settled.error.slice(0, 300), attempts: settled.attempts, deadLettered: settled.deadLettered || undefined }),
      }, ['gsi1pk', 'gsi1sk', 'dueShard', 'dueAt']),
    ),

  postpone: (notice, wait, by) =>
    table.updateIf(
      heldUpdate(notice, by, { outcome: 'pending', notBefore: wait.notBefore.toISOString(), dueAt: wait.notBefore.toISOString(), attempts: wait.attempts, error: wait.error?.slice(0, 300) }, ['leaseUntil']),
    ),
});
