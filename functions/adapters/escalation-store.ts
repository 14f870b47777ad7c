/** Escalations and their notices in the table, and the sparse deadline index the sweep reads. */
import { DeleteCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CountWindow, EscalationStore, NoticeRef as NoticeClaim, OutboxEntry } from '../domain/escalation';
import type { AlertGroup, Checkpoint, Escalation, EscalationStatus, Notice, NoticeOutcome } from '../domain/model';
import {
  addressKey,
  allDeadlineShards,
  groupKey,
  groupNoticeKey,
  noticeCountKey,
  OUTBOX,
  outboxKey,
  checkpointKey,
  escalationKey,
  escalationParent,
  escalationParentSort,
  noticeKey,
} from './keys';
import { checkpointStamp } from './board-stamps';
import { conditionFailed, DynamoStore, writeIf } from './store';
import { tableSchema } from './table-schema';

const DEADLINE_INDEX = tableSchema.globalIndexes[1].indexName;
const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;
const ACTIVE: EscalationStatus[] = ['open', 'acknowledged'];
const ALL: EscalationStatus[] = ['open', 'acknowledged', 'resolved', 'unresolved'];

const escalationItem = (escalation: Escalation) => ({
  ...escalationKey(escalation.escalationId),
  gsi1pk: escalationParent(escalation.status),
  gsi1sk: escalationParentSort(escalation.communityId, escalation.openedAt, escalation.escalationId),
  ...escalation,
});

/** The update that moves a checkpoint's watched deadline from `expected` to `next` (or off the index when none comes). */
const deadlineMove = (expected: string, next: string | undefined, extra?: { set?: string; values: Record<string, unknown> }) => {
  const sets = ['version = version + :one', ...(next ? ['dueAt = :next'] : []), ...(extra?.set ? [extra.set] : [])];
  return {
    UpdateExpression: `SET ${sets.join(', ')}${next ? '' : ' REMOVE dueAt'}`,
    ExpressionAttributeValues: { ':one': 1, ':expected': expected, ...(next && { ':next': next }), ...extra?.values },
  };
};

export class DynamoEscalationStore extends DynamoStore implements EscalationStore {
  async escalation(escalationId: string): Promise<Escalation | undefined> {
    return this.get<Escalation>(escalationKey(escalationId));
  }

  /** Checkpoints whose deadline has passed: one query per shard of the sparse index, never a Scan. */
  async overdueCheckpoints(now: Date): Promise<string[]> {
    const shards = await Promise.all(
      allDeadlineShards().map((shard) =>
        this.queryAll({
          TableName: this.tableName,
          IndexName: DEADLINE_INDEX,
          KeyConditionExpression: 'dueShard = :shard AND dueAt <= :now',
          ExpressionAttributeValues: { ':shard': shard, ':now': now.toISOString() },
        }),
      ),
    );
    return shards.flat().map((item) => String(item.pk).slice('CHECKPOINT#'.length));
  }

  /**
   * Opens an escalation and moves the checkpoint's watched deadline past the misses it records, at once.
   * Conditional on the deadline still being the one the sweep read: of two sweeps, one opens it. An
   * escalation opened already resolved (the checkpoint reported before the sweep came) leaves the
   * checkpoint free for the next one.
   */
  async openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt?: string }): Promise<boolean> {
    const { escalation } = input;
    const stays = escalation.status === 'open';
    return writeIf(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: escalationItem(escalation), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.tableName,
                Key: checkpointKey(escalation.checkpointId),
                ...deadlineMove(input.expectedDueAt, input.nextDueAt, stays ? { set: 'openEscalationId = :id', values: { ':id': escalation.escalationId } } : undefined),
                ConditionExpression: 'dueAt = :expected AND attribute_not_exists(openEscalationId)',
              },
            },
            checkpointStamp(this.tableName, escalation.checkpointId, { checkpoint: true, escalation: true }),
          ],
        }),
      ),
    );
  }

  async recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt?: string; missedSlots: string[] }): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: checkpointKey(input.checkpointId),
                ...deadlineMove(input.expectedDueAt, input.nextDueAt, { values: { ':id': input.escalationId } }),
                ConditionExpression: 'dueAt = :expected AND openEscalationId = :id',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: escalationKey(input.escalationId),
                UpdateExpression: 'SET missedSlots = list_append(missedSlots, :slots), version = version + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':slots': input.missedSlots, ':one': 1 },
              },
            },
            checkpointStamp(this.tableName, input.checkpointId, { checkpoint: true, escalation: true }),
          ],
        }),
      ),
    );
  }

  async moveDeadline(input: { checkpointId: string; expectedDueAt: string; nextDueAt?: string }): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: this.tableName, Key: checkpointKey(input.checkpointId), ...deadlineMove(input.expectedDueAt, input.nextDueAt), ConditionExpression: 'dueAt = :expected' } },
            checkpointStamp(this.tableName, input.checkpointId, { checkpoint: true }),
          ],
        }),
      ),
    );
  }

  async saveEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean> {
    return this.stampedPut(escalationItem(escalation), 'version = :version', checkpointStamp(this.tableName, escalation.checkpointId, { escalation: true }), { ':version': expectedVersion });
  }

  /** Ends an escalation (resolved or unresolved) and frees its checkpoint for the next one, atomically. */
  async closeEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: escalationItem(escalation), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } } },
            {
              Update: {
                TableName: this.tableName,
                Key: checkpointKey(escalation.checkpointId),
                UpdateExpression: 'REMOVE openEscalationId SET version = version + :one',
                ConditionExpression: 'openEscalationId = :id',
                ExpressionAttributeValues: { ':id': escalation.escalationId, ':one': 1 },
              },
            },
            checkpointStamp(this.tableName, escalation.checkpointId, { checkpoint: true, escalation: true }),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      // The checkpoint may already point elsewhere (deleted, or freed by an earlier close): close it alone.
      const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
      if (reasons[0]?.Code === 'None' && reasons[1]?.Code === 'ConditionalCheckFailed') return this.saveEscalation(escalation, expectedVersion);
      return false;
    }
  }

  async activeEscalations(): Promise<Escalation[]> {
    return (await Promise.all(ACTIVE.map((status) => this.escalationsWithStatus(status)))).flat();
  }

  async listEscalations(filter: { status?: EscalationStatus; communityId?: string; limit?: number }): Promise<Escalation[]> {
    const statuses = filter.status ? [filter.status] : ALL;
    const lists = await Promise.all(statuses.map((status) => this.escalationsWithStatus(status, filter.communityId, filter.limit ?? 100)));
    return lists.flat().sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1)).slice(0, filter.limit ?? 100);
  }

  /** Escalations of a community opened in [from, to), whatever their status (daily summaries). */
  async escalationsOpenedBetween(communityId: string, from: Date, to: Date): Promise<Escalation[]> {
    const lists = await Promise.all(
      ALL.map((status) =>
        this.queryParent<Escalation>(escalationParent(status), 'gsi1sk BETWEEN :from AND :to', {
          ':from': `${communityId}#${from.toISOString()}`,
          ':to': `${communityId}#${to.toISOString()}`,
        }),
      ),
    );
    return lists.flat().filter((escalation) => escalation.openedAt < to.toISOString());
  }

  async claimNotice(claim: NoticeClaim): Promise<boolean> {
    const key = noticeKey(claim.escalationId, claim.kind, claim.level, claim.repeat, claim.recipient);
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            'SET escalationId = :e, kind = :k, #level = :l, #repeat = :r, recipient = :to, outcome = :sending, claimedAt = :now ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR outcome = :deferred',
          ExpressionAttributeNames: { '#level': 'level', '#repeat': 'repeat' },
          ExpressionAttributeValues: {
            ':e': claim.escalationId,
            ':k': claim.kind,
            ':l': claim.level,
            ':r': claim.repeat,
            ':to': claim.recipient,
            ':sending': 'sending',
            ':deferred': 'deferred',
            ':now': new Date().toISOString(),
            ':one': 1,
          },
        }),
      ),
    );
  }

  async markNotice(claim: NoticeClaim, outcome: NoticeOutcome, detail: { at: Date; error?: string; via?: string }): Promise<void> {
    const sets = ['outcome = :outcome', `${outcome === 'sent' ? 'sentAt' : outcome === 'failed' || outcome === 'deferred' ? 'failedAt' : 'decidedAt'} = :at`];
    if (detail.error) sets.push('#error = :error');
    if (detail.via) sets.push('via = :via');
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: noticeKey(claim.escalationId, claim.kind, claim.level, claim.repeat, claim.recipient),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: detail.error ? { '#error': 'error' } : undefined,
        ExpressionAttributeValues: {
          ':outcome': outcome,
          ':at': detail.at.toISOString(),
          ...(detail.error && { ':error': detail.error.slice(0, 300) }),
          ...(detail.via && { ':via': detail.via }),
        },
      }),
    );
  }

  async escalations(escalationIds: string[]): Promise<Escalation[]> {
    return this.batchGet<Escalation>([...new Set(escalationIds)].map(escalationKey));
  }

  async checkpoints(checkpointIds: string[]): Promise<Checkpoint[]> {
    return this.batchGet<Checkpoint>([...new Set(checkpointIds)].map(checkpointKey));
  }

  async saveGroup(group: AlertGroup): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...groupKey(group.groupId), ...group } }));
  }

  async group(groupId: string): Promise<AlertGroup | undefined> {
    return this.get<AlertGroup>(groupKey(groupId));
  }

  async claimGroupNotice(claim: { groupId: string; level: number; repeat: number; recipient: string; by: string }): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...groupNoticeKey(claim.groupId, claim.level, claim.repeat, claim.recipient), claimedBy: claim.by },
          ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :by',
          ExpressionAttributeValues: { ':by': claim.by },
        }),
      ),
    );
  }

  async unreachable(addresses: string[]): Promise<string[]> {
    const unique = [...new Set(addresses.map((address) => address.toLowerCase()))];
    if (unique.length === 0) return [];
    const found = await this.batchGet<{ address: string }>(unique.map(addressKey));
    return found.map((item) => item.address);
  }

  /** Records what the mail service said of an address (a bounce or a complaint); cleared by `reachable`. */
  async markUnreachable(address: string, detail: { reason: string; at: Date }): Promise<void> {
    // Kept 30 days: an address fixed since (a mailbox created again) is tried without a warning after that.
    const expiresAt = Math.floor(detail.at.getTime() / 1000) + 30 * 86_400;
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...addressKey(address), address: address.toLowerCase(), reason: detail.reason, at: detail.at.toISOString(), expiresAt } }));
  }

  async countNotice(recipient: string, window: CountWindow, cap: number): Promise<boolean> {
    const start = window.start.toISOString();
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: noticeCountKey(recipient, window.unit, start),
          UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': Math.floor(window.start.getTime() / 1000) + 2 * 86_400 },
        }),
      ),
    );
  }

  async hold(entry: OutboxEntry): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
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
    );
  }

  async dueOutbox(now: Date): Promise<OutboxEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      // '$' sorts right after '#': every entry due at or before now.
      KeyConditionExpression: 'pk = :outbox AND sk < :bound',
      ExpressionAttributeValues: { ':outbox': OUTBOX, ':bound': `${now.toISOString()}$` },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, status: _status, claimedAt: _claimedAt, ...entry }) => entry as unknown as OutboxEntry);
  }

  async claimOutbox(entry: OutboxEntry, now: Date, staleBefore: Date): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(entry),
          UpdateExpression: 'SET #status = :sending, claimedAt = :now',
          ConditionExpression: '#status = :pending OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':now': now.toISOString(), ':stale': staleBefore.toISOString() },
        }),
      ),
    );
  }

  async releaseOutbox(entry: OutboxEntry): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: outboxKey(entry),
        UpdateExpression: 'SET #status = :pending ADD attempts :one',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':one': 1 },
      }),
    );
  }

  async removeOutbox(entry: OutboxEntry): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: outboxKey(entry) }));
  }

  async notices(escalationId: string): Promise<Notice[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': escalationKey(escalationId).pk, ':prefix': 'NOTICE#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(({ pk: _pk, sk: _sk, ...notice }) => notice as Notice);
  }

  private async escalationsWithStatus(status: EscalationStatus, communityId?: string, limit?: number): Promise<Escalation[]> {
    return this.queryParent<Escalation>(
      escalationParent(status),
      communityId ? 'begins_with(gsi1sk, :prefix)' : undefined,
      communityId ? { ':prefix': `${communityId}#` } : {},
      limit,
    );
  }

  private async queryParent<T>(parent: string, sortCondition: string | undefined, values: Record<string, unknown>, limit?: number): Promise<T[]> {
    const keys: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: PARENT_INDEX,
          KeyConditionExpression: `gsi1pk = :parent${sortCondition ? ` AND ${sortCondition}` : ''}`,
          ExpressionAttributeValues: { ':parent': parent, ...values },
          ScanIndexForward: false,
          ...(limit && { Limit: limit }),
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      keys.push(...(page.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
      start = limit && keys.length >= limit ? undefined : page.LastEvaluatedKey;
    } while (start);
    return this.batchGet<T>(keys);
  }

}
