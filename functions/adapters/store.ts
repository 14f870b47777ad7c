/**
 * The DynamoDB side of the domain's stores: communities, checkpoints, readings and day counters in
 * one table. Only this file (and the other adapters) know item shapes and keys.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Checkpoint, Community, StoredReading } from '../domain/model';
import type { ReadingStore, ReadingWrite, RecordOutcome } from '../domain/readings';
import type { RegistryStore } from '../domain/registry';
import {
  CHECKPOINTS,
  COMMUNITIES,
  checkpointKey,
  checkpointParentSort,
  communityKey,
  dayKey,
  deadlineShardOf,
  readingKey,
  readingTimeKey,
} from './keys';
import { checkpointStamp, communityStamp } from './board-stamps';
import { childrenList, decodeCursor, encodeCursor, readingsList } from './cursor';
import { tableSchema } from './table-schema';

type Item = Record<string, unknown>;
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'dueShard', 'lsi1sk', 'expiresAt'];

const strip = <T>(item: Item): T => {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
};

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;
const TIME_INDEX = tableSchema.localIndexes[0].indexName;

export class DynamoStore implements ReadingStore, RegistryStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly readingRetentionDays = 30,
  ) {}

  async community(communityId: string): Promise<Community | undefined> {
    return this.get<Community>(communityKey(communityId));
  }

  async checkpoint(checkpointId: string): Promise<Checkpoint | undefined> {
    return this.get<Checkpoint>(checkpointKey(checkpointId));
  }

  async reading(checkpointId: string, submissionId: string): Promise<StoredReading | undefined> {
    return this.get<StoredReading>(readingKey(checkpointId, submissionId));
  }

  async saveCommunity(community: Community, isNew: boolean): Promise<boolean> {
    return this.stampedPut(
      { ...communityKey(community.communityId), gsi1pk: COMMUNITIES, gsi1sk: community.communityId, ...community },
      isNew ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
      communityStamp(this.tableName, community.communityId),
    );
  }

  async saveCheckpoint(checkpoint: Checkpoint, expectedVersion: number | undefined): Promise<boolean> {
    const item = checkpointItem(checkpoint);
    const stamp = checkpointStamp(this.tableName, checkpoint.checkpointId, { checkpoint: true });
    return expectedVersion === undefined
      ? this.stampedPut(item, 'attribute_not_exists(pk)', stamp)
      : this.stampedPut(item, 'version = :version', stamp, { ':version': expectedVersion });
  }

  async checkpointsOf(communityId: string): Promise<Checkpoint[]> {
    return everyPage((page) => this.listCheckpoints({ communityId, ...page }));
  }

  async listCommunities(page: PageRequest): Promise<Page<Community>> {
    return this.listChildren<Community>(COMMUNITIES, undefined, page);
  }

  async listCheckpoints(page: PageRequest & { communityId?: string }): Promise<Page<Checkpoint>> {
    return this.listChildren<Checkpoint>(CHECKPOINTS, page.communityId && `${page.communityId}#`, page);
  }

  async listReadings(query: PageRequest & { checkpointId: string; from: Date; to: Date }): Promise<Page<StoredReading>> {
    const pk = checkpointKey(query.checkpointId).pk;
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TIME_INDEX,
        KeyConditionExpression: 'pk = :pk AND lsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': readingTimeKey(query.from.toISOString()),
          ':to': readingTimeKey(query.to.toISOString()),
        },
        Limit: query.limit,
        ...(query.cursor && { ExclusiveStartKey: decodeCursor(query.cursor, readingsList(query.checkpointId, query.from, query.to)) }),
      }),
    );
    return pageOf((result.Items ?? []).map((item) => strip<StoredReading>(item)), result.LastEvaluatedKey);
  }

  async record(write: ReadingWrite): Promise<RecordOutcome> {
    const { reading, checkpoint, day } = write;
    const expiresAt = Math.floor(Date.parse(reading.receivedAt) / 1000) + this.readingRetentionDays * 86_400;
    const dueShard = deadlineShardOf(checkpoint.checkpointId);
    const dayAdds = ['readings :one', 'screened :screened', 'entries :entries', 'exits :exits', 'feverCount :fever'];
    const dayValues: Item = {
      ':one': 1,
      ':screened': day.figures.screened,
      ':entries': day.figures.entries,
      ':exits': day.figures.exits,
      ':fever': day.figures.feverCount,
      ':checkpointId': checkpoint.checkpointId,
      ':communityId': reading.communityId,
      ':date': day.date,
    };
    const daySets = ['checkpointId = :checkpointId', 'communityId = :communityId', '#date = :date'];
    if (day.figures.staffOnDuty !== undefined) {
      dayAdds.push('staffSum :staff', 'staffReadings :one');
      dayValues[':staff'] = day.figures.staffOnDuty;
    }
    if (day.figures.maxTempC !== undefined) {
      daySets.push('maxTempC = :maxTemp');
      dayValues[':maxTemp'] = day.figures.maxTempC;
    }
    if (day.filled) {
      dayAdds.push(`${day.filled.timeliness}Slots :slot`);
      dayValues[':slot'] = new Set([String(day.filled.slotStart)]);
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...readingKey(checkpoint.checkpointId, reading.submissionId), lsi1sk: readingTimeKey(reading.receivedAt), expiresAt, ...reading },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: checkpointKey(checkpoint.checkpointId),
                UpdateExpression:
                  'SET lastReadingAt = :last, filledRuns = :filled, recentMaxTempC = :maxTemps, rateWindow = :window, rateCount = :count, version = :next' +
                  (checkpoint.dueAt ? ', dueAt = :due, dueShard = :shard' : ' REMOVE dueAt, dueShard'),
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: {
                  ':last': checkpoint.lastReadingAt,
                  ':filled': checkpoint.filledRuns,
                  ':maxTemps': checkpoint.recentMaxTempC,
                  ':window': checkpoint.rateWindow,
                  ':count': checkpoint.rateCount,
                  ':version': checkpoint.expectedVersion,
                  ':next': checkpoint.expectedVersion + 1,
                  ...(checkpoint.dueAt && { ':due': checkpoint.dueAt, ':shard': dueShard }),
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: dayKey(checkpoint.checkpointId, day.date),
                UpdateExpression: `SET ${daySets.join(', ')} ADD ${dayAdds.join(', ')}`,
                ExpressionAttributeNames: { '#date': 'date' },
                ExpressionAttributeValues: dayValues,
              },
            },
            // Last, so the cancellation reasons above keep their places.
            checkpointStamp(this.tableName, checkpoint.checkpointId, { checkpoint: true }),
          ],
        }),
      );
      return 'stored';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [readingReason, checkpointReason] = error.CancellationReasons ?? [];
      if (readingReason?.Code === 'ConditionalCheckFailed') return 'duplicate';
      if (checkpointReason?.Code === 'ConditionalCheckFailed') return 'stale';
      if ((error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')) return 'stale';
      throw error;
    }
  }

  protected async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const result = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return result.Item ? strip<T>(result.Item) : undefined;
  }

  /** A conditional put and the board stamp it moves, in one transaction: false when the condition fails. */
  protected async stampedPut(item: Item, condition: string, stamp: Record<string, unknown>, values?: Item): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: this.tableName, Item: item, ConditionExpression: condition, ...(values && { ExpressionAttributeValues: values }) } }, stamp],
        }),
      ),
    );
  }

  /** A page of a parent's children: keys from the (keys-only) index, then the items themselves. */
  protected async listChildren<T>(parent: string, sortPrefix: string | undefined, page: PageRequest): Promise<Page<T>> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PARENT_INDEX,
        KeyConditionExpression: sortPrefix ? 'gsi1pk = :parent AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :parent',
        ExpressionAttributeValues: { ':parent': parent, ...(sortPrefix && { ':prefix': sortPrefix }) },
        Limit: page.limit,
        ...(page.cursor && { ExclusiveStartKey: decodeCursor(page.cursor, childrenList(parent, sortPrefix)) }),
      }),
    );
    const keys = (result.Items ?? []).map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
    return pageOf(await this.batchGet<T>(keys), result.LastEvaluatedKey);
  }

  /** Every item a query matches, page after page. */
  protected async queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, ...(start && { ExclusiveStartKey: start }) }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Items for keys, in the order of the keys; BatchGet answers in any order and may leave some for later. */
  protected async batchGet<T>(keys: { pk: string; sk: string }[]): Promise<T[]> {
    const found = new Map<string, Item>();
    // Requests of 100 keys (BatchGet's limit), sent together rather than one after another.
    const chunks: Record<string, unknown>[][] = [];
    for (let start = 0; start < keys.length; start += 100) chunks.push(keys.slice(start, start + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending = chunk;
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
          const result = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const item of result.Responses?.[this.tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
          pending = (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    );
    return keys.flatMap((key) => {
      const item = found.get(`${key.pk}|${key.sk}`);
      return item ? [strip<T>(item)] : [];
    });
  }
}

/** A checkpoint as the table holds it: its keys, its place under CHECKPOINTS, and its deadline index entry. */
export const checkpointItem = (checkpoint: Checkpoint): Item => ({
  ...checkpointKey(checkpoint.checkpointId),
  gsi1pk: CHECKPOINTS,
  gsi1sk: checkpointParentSort(checkpoint.communityId, checkpoint.checkpointId),
  ...(checkpoint.dueAt && { dueShard: deadlineShardOf(checkpoint.checkpointId) }),
  ...checkpoint,
});

/** A write whose condition (or whose transaction's) may not hold: true when it was made, false when not. */
export const writeIf = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

export const conditionFailed = (error: unknown): boolean =>
  error instanceof TransactionCanceledException || (error as Error).name === 'ConditionalCheckFailedException';

/** Puts and deletes, 25 a request, each request again (with backoff) for what DynamoDB left unprocessed. */
export const writeBatches = async (db: DynamoDBDocumentClient, tableName: string, requests: Record<string, unknown>[]): Promise<void> => {
  for (let start = 0; start < requests.length; start += 25) {
    let pending = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
      pending = (result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
};

/** Every item of a paged list, page by page. */
export const everyPage = async <T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> => {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 1000, ...(cursor && { cursor }) });
    all.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return all;
};

const pageOf = <T>(items: T[], lastKey: Record<string, unknown> | undefined): Page<T> =>
  lastKey ? { items, next: encodeCursor(lastKey) } : { items };
