/** Key shapes of every entity in the table (docs/data-model.md lists them with their access patterns). */
import { createHash } from 'node:crypto';
import { DEADLINE_SHARDS } from './table-schema';

export const COMMUNITIES = 'COMMUNITIES';
export const CHECKPOINTS = 'CHECKPOINTS';

export const communityKey = (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'COMMUNITY' });
export const checkpointKey = (checkpointId: string) => ({ pk: `CHECKPOINT#${checkpointId}`, sk: 'CHECKPOINT' });
export const readingKey = (checkpointId: string, submissionId: string) => ({
  pk: `CHECKPOINT#${checkpointId}`,
  sk: `READING#${submissionId}`,
});
export const readingTimeKey = (receivedAt: string) => `R#${receivedAt}`;
export const dayKey = (checkpointId: string, date: string) => ({ pk: `CHECKPOINT#${checkpointId}`, sk: `DAY#${date}` });

/** Checkpoints of one community sort together under the one CHECKPOINTS parent. */
export const checkpointParentSort = (communityId: string, checkpointId: string) => `${communityId}#${checkpointId}`;

export const deadlineShardOf = (checkpointId: string): string => {
  const n = createHash('sha256').update(checkpointId).digest().readUInt32BE(0) % DEADLINE_SHARDS;
  return `DUE#${n}`;
};
export const allDeadlineShards = (): string[] => Array.from({ length: DEADLINE_SHARDS }, (_, n) => `DUE#${n}`);

export const escalationKey = (escalationId: string) => ({ pk: `ESCALATION#${escalationId}`, sk: 'ESCALATION' });
/** Escalations sort by community and opening time within their status. */
export const escalationParent = (status: string) => `ESCALATIONS#${status}`;
export const escalationParentSort = (communityId: string, openedAt: string, escalationId: string) => `${communityId}#${openedAt}#${escalationId}`;
/** What an escalation's parent sort key says of it (ids and instants carry no `#`). */
export const ofEscalationParentSort = (sort: string): { communityId: string; openedAt: string; escalationId: string } => {
  const [communityId = '', openedAt = '', ...rest] = sort.split('#');
  return { communityId, openedAt, escalationId: rest.join('#') };
};
export const noticeKey = (escalationId: string, kind: string, level: number, repeat: number, recipient: string) => ({
  pk: `ESCALATION#${escalationId}`,
  sk: `NOTICE#${kind}#${String(level).padStart(2, '0')}#${String(repeat).padStart(2, '0')}#${recipient.toLowerCase()}`,
});

export const summaryKey = (date: string) => ({ pk: `SUMMARY#${date}`, sk: 'HEAD' });
export const summaryRowPrefix = (buildId: string) => `ROW#${buildId}#`;
export const summaryRowKey = (date: string, buildId: string, communityId: string, checkpointId: string) => ({
  pk: `SUMMARY#${date}`,
  sk: `${summaryRowPrefix(buildId)}${communityId}#${checkpointId}`,
});

/** Escalations opened together (an alert storm). Its shared notice rows live under `ESCALATION#group-<groupId>` (noticeKey). */
export const groupKey = (groupId: string) => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' });
/** Notices counted per address and window: the hourly cap (HOUR#, as before channels) and a robot's pace (PACE#, SECOND#). */
export const noticeCountKey = (recipient: string, unit: 'hour' | 'pace' | 'second', start: string) => ({ pk: `RECIPIENT#${recipient.toLowerCase()}`, sk: `${unit.toUpperCase()}#${start}` });
export const addressKey = (recipient: string) => ({ pk: `RECIPIENT#${recipient.toLowerCase()}`, sk: 'ADDRESS' });
/** Notices waiting to go out (digests, retries), in the order they are due: the sweep reads what is due with one query. */
export const OUTBOX = 'OUTBOX';
export const outboxKey = (entry: { dueAt: string; recipient: string; kind: string; tag: string }) => ({
  pk: OUTBOX,
  sk: `${entry.dueAt}#${entry.recipient.toLowerCase()}#${entry.kind}#${entry.tag}`,
});
/**
 * The board's stamps: one small counter item per community and per checkpoint, all in one partition,
 * bumped in the same transaction as every write the board shows, so one query tells what changed.
 */
export const BOARD = 'BOARD';
export const boardStampKey = (kind: 'COMMUNITY' | 'CHECKPOINT', id: string) => ({ pk: BOARD, sk: `${kind}#${id}` });
/**
 * Audit entries: one partition per community (`AUDIT#<communityId>`), the county's own entries in
 * `AUDIT` (which no community's partition can be), sorted by time and id; and every entry under
 * `AUDIT` on the parent index too, for the county's list.
 */
export const AUDIT = 'AUDIT';
export const auditPartition = (communityId: string | undefined) => (communityId === undefined ? AUDIT : `${AUDIT}#${communityId}`);
export const auditSort = (entry: { at: string; auditId: string }) => `${entry.at}#${entry.auditId}`;
