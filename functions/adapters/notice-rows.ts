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
 */
import { createHash } from 'node:crypto';
import type { NewRow, NoticeRef } from '../domain/delivery/rows';
import { noticeKey } from './keys';
import { DEADLINE_SHARDS } from './table-schema';
import type { Item, TransactItem } from './table';

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
