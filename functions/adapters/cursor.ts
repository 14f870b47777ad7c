/**
 * List cursors: the position DynamoDB hands back after a page (its LastEvaluatedKey), given to clients
 * as an opaque string. A cursor comes back from a client, so before it reaches DynamoDB it is checked
 * against the list it is used on: exactly that query's key attributes, each a non-empty string, in its
 * partition, within its sort-key condition, and naming the very item that sits at that position. A
 * cursor of another list, or a crafted one, is a 400 at `cursor` — never a start key DynamoDB refuses
 * (which was a 500) nor one it takes and answers from the wrong place.
 */
import { ValidationError } from '../domain/errors';
import { COMMUNITIES, CHECKPOINTS, checkpointKey, checkpointParentSort, communityKey, readingKey, readingTimeKey } from './keys';

type Key = Record<string, string>;

/** What a query's start key must be: the one list a cursor may be used on. */
export interface CursorList {
  /** The queried partition: its attribute and value (the key condition's `=`). */
  partition: readonly [attribute: string, value: string];
  /** The queried sort key and the bounds of the key condition on it (`begins_with`, `BETWEEN`). */
  sort: { attribute: string; prefix?: string; from?: string; to?: string };
  /** True when the table key (pk, sk) is the item's at the index position: DynamoDB does not check. */
  names: (key: Key) => boolean;
}

const MAX_VALUE_LENGTH = 1024;

export const encodeCursor = (lastKey: Record<string, unknown>): string => Buffer.from(JSON.stringify(lastKey)).toString('base64url');

export const decodeCursor = (cursor: string, list: CursorList): Key => {
  const invalid = new ValidationError('the cursor is not valid', [{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw invalid;
  const key = decoded as Record<string, unknown>;
  // The start key of a query on an index carries the index's key and the table's, and nothing else.
  const attributes = new Set(['pk', 'sk', list.partition[0], list.sort.attribute]);
  const names = Object.keys(key);
  if (names.length !== attributes.size || !names.every((name) => attributes.has(name))) throw invalid;
  if (!names.every((name) => typeof key[name] === 'string' && key[name].length > 0 && key[name].length <= MAX_VALUE_LENGTH)) throw invalid;
  const start = key as Key;
  if (start[list.partition[0]] !== list.partition[1]) throw invalid;
  const position = start[list.sort.attribute]!;
  const { prefix, from, to } = list.sort;
  if ((prefix !== undefined && !position.startsWith(prefix)) || (from !== undefined && position < from) || (to !== undefined && position > to)) throw invalid;
  if (!list.names(start)) throw invalid;
  return start;
};

const sameKey = (a: { pk: string; sk: string }, b: Key): boolean => a.pk === b.pk && a.sk === b.sk;

/** A page of a parent's children on the parent index (communities; checkpoints, of one community or all). */
export const childrenList = (parent: string, sortPrefix: string | undefined): CursorList => ({
  partition: ['gsi1pk', parent],
  sort: { attribute: 'gsi1sk', ...(sortPrefix && { prefix: sortPrefix }) },
  names: (key) => {
    if (parent === COMMUNITIES) return sameKey(communityKey(key.gsi1sk!), key);
    if (parent === CHECKPOINTS) {
      const [communityId = '', checkpointId = '', ...rest] = key.gsi1sk!.split('#');
      return rest.length === 0 && checkpointParentSort(communityId, checkpointId) === key.gsi1sk && sameKey(checkpointKey(checkpointId), key);
    }
    return false;
  },
});

/** A page of a checkpoint's readings received in [from, to], on the time index. */
export const readingsList = (checkpointId: string, from: Date, to: Date): CursorList => {
  const { pk } = checkpointKey(checkpointId);
  const readingSort = readingKey(checkpointId, '').sk;
  return {
    partition: ['pk', pk],
    sort: { attribute: 'lsi1sk', from: readingTimeKey(from.toISOString()), to: readingTimeKey(to.toISOString()) },
    names: (key) => key.sk!.length > readingSort.length && key.sk!.startsWith(readingSort),
  };
};
