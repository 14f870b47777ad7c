/**
 * The one definition of the table: the CDK construct and the local stack both build from it, and a
 * test checks that the synthesized template and the local CreateTable input agree. See docs/data-model.md.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export type Projection = 'ALL' | 'KEYS_ONLY';

/** What the table's stream carries of a changed item. */
export type StreamView = 'NEW_IMAGE' | 'KEYS_ONLY' | 'NEW_AND_OLD_IMAGES' | 'OLD_IMAGE';

export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  /**
   * The stream that wakes the sender (infra/constructs/notice-sender.ts; locally local/streams.ts): each
   * notice row written reaches it with the item as written, whose recipient it reads.
   */
  stream: 'NEW_IMAGE' as StreamView,
  globalIndexes: [
    /** Children of a parent, in order: communities, checkpoints by community, escalations by community. */
    { indexName: 'byParent', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'KEYS_ONLY' as Projection },
    /** Sparse: only active checkpoints carry a deadline. Sharded so writes spread and a sweep reads only what is due. */
    { indexName: 'byDeadline', partitionKey: 'dueShard', sortKey: 'dueAt', projection: 'KEYS_ONLY' as Projection },
  ],
  localIndexes: [
    /** Readings of a checkpoint by the time they were received. */
    { indexName: 'byTime', sortKey: 'lsi1sk', projection: 'ALL' as Projection },
  ],
} as const;

/** How many partitions the deadline index is spread over; a sweep queries each. */
export const DEADLINE_SHARDS = 8;

export const createTableInput = (tableName: string): CreateTableCommandInput => {
  const { partitionKey, sortKey, globalIndexes, localIndexes } = tableSchema;
  const attributes = [partitionKey, sortKey, ...globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]), ...localIndexes.map((i) => i.sortKey)];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableSchema.stream },
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
    LocalSecondaryIndexes: localIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
};
