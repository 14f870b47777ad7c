/**
 * The audit trail in the table (docs/data-model.md). An entry is a Put added to the transaction of the
 * write it records (`withAudit`), so it is written exactly when that write is. It lives in its
 * community's partition, `AUDIT#<communityId>` (the county's own entries in `AUDIT`), sorted by
 * `<at>#<auditId>`; every entry is also under `AUDIT` on the parent index (keys only), for the county's
 * list. It expires a year after it was made (`expiresAt`, the table's TTL).
 *
 * So a community's entries between two instants are one Query of its partition (consistent), newest
 * first; an operator's several communities are one Query each, merged newest first; the county's one
 * Query of the index, then the entries by key. No new index: the parent index already takes any parent.
 */
import type { AuditEntry, AuditTrail } from '../domain/audit';
import { ValidationError } from '../domain/errors';
import { listOfCommunities } from '../domain/operators';
import { decodeCursor, encodeCursor, type CursorList } from './cursor';
import { AUDIT, auditPartition, auditSort } from './keys';
import { tableSchema } from './table-schema';
import { strip, type Item, type Table, type TransactItem } from './table';

/** A year, and a day for the leap one. */
export const AUDIT_RETENTION_DAYS = 366;

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;

export const auditItem = (entry: AuditEntry): Item => {
  const sort = auditSort(entry);
  return {
    pk: auditPartition(entry.communityId),
    sk: sort,
    gsi1pk: AUDIT,
    gsi1sk: sort,
    expiresAt: Math.floor(Date.parse(entry.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400,
    ...entry,
  };
};

/** The write's own items and, when there is one, the entry that records it: all in one transaction. */
export const withAudit = (items: TransactItem[], audit: AuditEntry | undefined): TransactItem[] =>
  audit ? [...items, { Put: { Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } }] : items;

/** A position in the trail: `<at>#<auditId>`, as the server writes it. */
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The sort-key bounds of [from, to]: every entry made at `from` or later, at `to` or earlier. */
const boundsOf = (from: Date | undefined, to: Date | undefined) => ({ low: from ? from.toISOString() : '0', high: to ? `${to.toISOString()}#~` : '~' });

const invalidCursor = () => new ValidationError('the cursor is not valid', [{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);

/** The county's list on the parent index: a cursor must name an entry (its table key and its index key agree). */
const countyList = (low: string, high: string): CursorList => ({
  partition: ['gsi1pk', AUDIT],
  sort: { attribute: 'gsi1sk', from: low, to: high },
  names: (key) => POSITION.test(key.sk!) && key.sk === key.gsi1sk && (key.pk === AUDIT || key.pk!.startsWith(`${AUDIT}#`)),
});

/**
 * Where each community's list stands: the last position handed out (`''` before the first), or null
 * once it has nothing more; the cursor names its list (listOfCommunities), so one of another community
 * or another key's communities is refused, not read from where it stood there. Only positions in the
 * range, in the communities asked for, are taken: a crafted cursor reaches no other partition.
 */
const decodePositions = (cursor: string | undefined, communityIds: readonly string[], low: string, high: string): (string | null)[] => {
  if (!cursor) return communityIds.map(() => '');
  let decoded: { l?: unknown; p?: unknown } | null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const positions = decoded?.p;
  const valid =
    decoded?.l === listOfCommunities(communityIds) &&
    Array.isArray(positions) &&
    positions.length === communityIds.length &&
    positions.some((position) => position !== null) &&
    positions.every((position) => position === null || position === '' || (typeof position === 'string' && POSITION.test(position) && position >= low && position <= high));
  if (!valid) throw invalidCursor();
  return positions as (string | null)[];
};

export const auditTrail = (table: Table): AuditTrail => {
  /** A page of the county's entries: keys from the index, newest first, then the entries themselves. */
  const countyPage = async (low: string, high: string, limit: number, cursor: string | undefined) => {
    const { items, lastKey } = await table.queryPage(
      {
        IndexName: PARENT_INDEX,
        KeyConditionExpression: 'gsi1pk = :audit AND gsi1sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':audit': AUDIT, ':low': low, ':high': high },
        ScanIndexForward: false,
        Limit: limit,
      },
      cursor ? decodeCursor(cursor, countyList(low, high)) : undefined,
    );
    const entries = await table.batchGet<AuditEntry>(items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    return lastKey ? { items: entries, next: encodeCursor(lastKey) } : { items: entries };
  };

  /**
   * A page across communities, newest first: up to `limit` from each one's partition, after where it
   * stood, merged, the newest `limit` handed out. k communities cost k queries a page (an operator's few).
   */
  const communitiesPage = async (communityIds: readonly string[], low: string, high: string, limit: number, cursor: string | undefined) => {
    const positions = decodePositions(cursor, communityIds, low, high);
    const fetched = await Promise.all(
      communityIds.map(async (communityId, index) => {
        const position = positions[index];
        if (position === null || position === undefined) return { entries: [] as AuditEntry[], more: false };
        const pk = auditPartition(communityId);
        const { items, lastKey } = await table.queryPage(
          {
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
            ExpressionAttributeValues: { ':pk': pk, ':low': low, ':high': high },
            ScanIndexForward: false,
            ConsistentRead: true,
            Limit: limit,
          },
          position ? { pk, sk: position } : undefined,
        );
        return { entries: items.map((item) => strip<AuditEntry>(item)), more: lastKey !== undefined };
      }),
    );
    const merged = fetched
      .flatMap(({ entries }, index) => entries.map((entry) => ({ entry, index, sort: auditSort(entry) })))
      .sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : 0))
      .slice(0, limit);
    const next = positions.map((position, index) => {
      const { entries, more } = fetched[index]!;
      const taken = merged.filter((handed) => handed.index === index);
      if (taken.length === entries.length && !more) return null;
      return taken.length > 0 ? taken[taken.length - 1]!.sort : position;
    });
    const items = merged.map(({ entry }) => entry);
    const cursorOut = { l: listOfCommunities(communityIds), p: next };
    return next.some((position) => position !== null) ? { items, next: Buffer.from(JSON.stringify(cursorOut)).toString('base64url') } : { items };
  };

  return {
    recordAudit: (entry) => table.put(auditItem(entry)),
    auditEntries: async ({ communityIds, from, to, limit, cursor }) => {
      const { low, high } = boundsOf(from, to);
      return communityIds === undefined ? countyPage(low, high, limit, cursor) : communitiesPage(communityIds, low, high, limit, cursor);
    },
  };
};
