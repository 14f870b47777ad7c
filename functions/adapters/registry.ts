/**
 * The registry in the table: communities and checkpoints, read by key (RegistryReads), written under
 * their conditions with the board stamp each write moves (RegistryWrites), and listed by their parent
 * (RegistryLists: the admin API's pages, and everything at once for the summary and the board).
 */
import type { AuditEntry } from '../domain/audit';
import type { BoardStore } from '../domain/board';
import type { RegistryReads } from '../domain/escalation/ports';
import type { Checkpoint, Community } from '../domain/model';
import type { RegistryStore } from '../domain/registry';
import type { SummaryStore } from '../domain/summaries';
import { withAudit } from './audit-trail';
import { checkpointStamp, communityStamp } from './board-stamps';
import { childrenList, decodeCursor, encodeCursor } from './cursor';
import { CHECKPOINTS, COMMUNITIES, checkpointKey, checkpointParentSort, communityKey, deadlineShardOf } from './keys';
import { tableSchema } from './table-schema';
import type { Item, Table } from './table';

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;

/** A checkpoint as the table holds it: its keys, its place under CHECKPOINTS, and its deadline index entry. */
export const checkpointItem = (checkpoint: Checkpoint): Item => ({
  ...checkpointKey(checkpoint.checkpointId),
  gsi1pk: CHECKPOINTS,
  gsi1sk: checkpointParentSort(checkpoint.communityId, checkpoint.checkpointId),
  ...(checkpoint.dueAt && { dueShard: deadlineShardOf(checkpoint.checkpointId) }),
  ...checkpoint,
});

export const pageOf = <T>(items: T[], lastKey: Item | undefined): Page<T> => (lastKey ? { items, next: encodeCursor(lastKey) } : { items });

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

export const registryReads = (table: Table): RegistryReads => ({
  community: (communityId) => table.get<Community>(communityKey(communityId)),
  checkpoint: (checkpointId) => table.get<Checkpoint>(checkpointKey(checkpointId)),
  checkpoints: (checkpointIds) => table.batchGet<Checkpoint>([...new Set(checkpointIds)].map(checkpointKey)),
});

export type RegistryWrites = Pick<RegistryStore, 'saveCommunity' | 'saveCheckpoint'>;

/** A conditional put, the board stamp it moves and the audit entry that records it, in one transaction: false when the condition fails. */
const stampedPut = (table: Table, item: Item, condition: string, stamp: ReturnType<typeof checkpointStamp>, audit: AuditEntry | undefined, values?: Item) =>
  table.transactIf(withAudit([{ Put: { Item: item, ConditionExpression: condition, ...(values && { ExpressionAttributeValues: values }) } }, stamp], audit));

export const registryWrites = (table: Table): RegistryWrites => ({
  saveCommunity: (community, isNew, audit) => {
    const item = { ...communityKey(community.communityId), gsi1pk: COMMUNITIES, gsi1sk: community.communityId, ...community };
    const stamp = communityStamp(community.communityId);
    if (isNew) return stampedPut(table, item, 'attribute_not_exists(pk)', stamp, audit);
    // At the version before its own; version 1 replaces a record from before versions too.
    if (community.version === undefined) return stampedPut(table, item, 'attribute_exists(pk)', stamp, audit);
    if (community.version === 1) return stampedPut(table, item, 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :version)', stamp, audit, { ':version': 0 });
    return stampedPut(table, item, 'version = :version', stamp, audit, { ':version': community.version - 1 });
  },
  saveCheckpoint: (checkpoint, expectedVersion, audit) => {
    const stamp = checkpointStamp(checkpoint.checkpointId, { checkpoint: true });
    return expectedVersion === undefined
      ? stampedPut(table, checkpointItem(checkpoint), 'attribute_not_exists(pk)', stamp, audit)
      : stampedPut(table, checkpointItem(checkpoint), 'version = :version', stamp, audit, { ':version': expectedVersion });
  },
});

export interface RegistryLists extends Pick<RegistryStore, 'checkpointsOf'>, Pick<SummaryStore, 'allCommunities'>, Pick<BoardStore, 'allCheckpoints' | 'communitiesById' | 'checkpointsById'> {
  listCommunities(page: PageRequest): Promise<Page<Community>>;
  listCheckpoints(page: PageRequest & { communityId?: string }): Promise<Page<Checkpoint>>;
}

export const registryLists = (table: Table): RegistryLists => {
  /** A page of a parent's children: keys from the (keys-only) index, then the items themselves. */
  const children = async <T>(parent: string, sortPrefix: string | undefined, page: PageRequest): Promise<Page<T>> => {
    const { items, lastKey } = await table.queryPage(
      {
        IndexName: PARENT_INDEX,
        KeyConditionExpression: sortPrefix ? 'gsi1pk = :parent AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :parent',
        ExpressionAttributeValues: { ':parent': parent, ...(sortPrefix && { ':prefix': sortPrefix }) },
        Limit: page.limit,
      },
      page.cursor ? decodeCursor(page.cursor, childrenList(parent, sortPrefix)) : undefined,
    );
    return pageOf(await table.batchGet<T>(items.map((item) => ({ pk: item.pk as string, sk: item.sk as string }))), lastKey);
  };
  const listCommunities = (page: PageRequest) => children<Community>(COMMUNITIES, undefined, page);
  const listCheckpoints = (page: PageRequest & { communityId?: string }) => children<Checkpoint>(CHECKPOINTS, page.communityId && `${page.communityId}#`, page);
  return {
    listCommunities,
    listCheckpoints,
    checkpointsOf: (communityId) => everyPage((page) => listCheckpoints({ communityId, ...page })),
    allCommunities: () => everyPage(listCommunities),
    /** Every checkpoint of the county: its keys from the parent index in one query, then the items. */
    allCheckpoints: async () => {
      const keys = await table.queryAll({ IndexName: PARENT_INDEX, KeyConditionExpression: 'gsi1pk = :parent', ExpressionAttributeValues: { ':parent': CHECKPOINTS } });
      return table.batchGet<Checkpoint>(keys.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    },
    communitiesById: (communityIds) => table.batchGet<Community>(communityIds.map(communityKey)),
    checkpointsById: (checkpointIds) => table.batchGet<Checkpoint>(checkpointIds.map(checkpointKey)),
  };
};
