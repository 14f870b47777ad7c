/**
 * Who is calling an admin route, and what they may touch. The county admin key opens the whole county.
 * A community operator key — issued by the county to a community secretary — opens what the admin key
 * does, but only within its communities: the handlers ask `requireCommunity` / `visibleTo` here, in
 * one place, rather than each deciding for itself. What only the county may do (create a community,
 * build the county's summary, manage keys) is said by the route table instead: those routes take no
 * operator key at all (functions/runtime/http/auth.ts); the console, one pass for every page, asks
 * `requireCountyAdmin`.
 *
 * An operator key is `op_<keyId>_<secret>`: the key id (16 hex digits) makes the lookup one GetItem,
 * and the secret is 256 random bits. Only the key's SHA-256 is stored. A fast hash is enough for a key
 * with that much entropy: a slow, salted hash (bcrypt, scrypt) defends guessable passwords against
 * guessing, and nobody can guess 2^256 keys — while a per-request bcrypt would cost every operator
 * request tens of milliseconds of Lambda time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { auditActor, operatorKeyAudit, type AuditActor, type AuditEntry } from './audit';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { hashSecret, tokenMatchesHash } from './secrets';

export type Actor = { kind: 'admin' } | { kind: 'operator'; keyId: string; name: string; communityIds: readonly string[] };

export const COUNTY_ADMIN: Actor = { kind: 'admin' };

/** An operator key as it is listed: never the key, never its hash. */
export interface OperatorKey {
  keyId: string;
  name: string;
  communityIds: string[];
  createdAt: string;
}

export interface StoredOperatorKey extends OperatorKey {
  /** SHA-256 of the whole key, base64url. */
  keyHash: string;
  /** Who issued it, as the audit trail names them (absent on a key issued without an actor: the local seed, tests). */
  createdBy?: AuditActor;
}

/** What authenticating a key needs: one consistent read by key id, on every request (revocation is immediate). */
export interface OperatorKeyLookup {
  operatorKey(keyId: string): Promise<StoredOperatorKey | undefined>;
}

export interface OperatorKeyStore extends OperatorKeyLookup {
  operatorKeys(): Promise<StoredOperatorKey[]>;
  /** False when the key id is taken. With `audit`, the entry is written in the same transaction: only if the key is. */
  saveOperatorKey(key: StoredOperatorKey, audit?: AuditEntry): Promise<boolean>;
  /** False when there was no such key (and then no entry is written either). */
  deleteOperatorKey(keyId: string, audit?: AuditEntry): Promise<boolean>;
}

/** A key id: 16 hexadecimal digits (the path's, the pass's, the console's form's). */
export const OPERATOR_KEY_ID = /^[0-9a-f]{16}$/;

const OPERATOR_KEY = new RegExp(`^op_(${OPERATOR_KEY_ID.source.slice(1, -1)})_([A-Za-z0-9_-]{43})$`);

/** The key id an operator key names, or undefined when the text is no operator key at all. */
export const operatorKeyIdOf = (bearer: string): string | undefined => OPERATOR_KEY.exec(bearer)?.[1];

/** A new key id, drawn at random. */
export const newOperatorKeyId = (): string => randomBytes(8).toString('hex');

export const issueOperatorKey = (keyId = newOperatorKeyId()): { keyId: string; key: string; keyHash: string } => {
  const key = `op_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { keyId, key, keyHash: hashSecret(key) };
};

/** The operator a key opens, or undefined (no such key, revoked, or the secret does not match). */
export const authenticateOperator = async (lookup: OperatorKeyLookup, bearer: string): Promise<Actor | undefined> => {
  const keyId = operatorKeyIdOf(bearer);
  if (!keyId) return undefined;
  const stored = await lookup.operatorKey(keyId);
  // Compared in constant time, against zeros when there is no such key (tokenMatchesHash).
  if (!tokenMatchesHash(bearer, stored?.keyHash ?? '') || !stored) return undefined;
  return operatorActor(stored);
};

export const operatorActor = ({ keyId, name, communityIds }: OperatorKey): Actor => ({ kind: 'operator', keyId, name, communityIds });

export const operatorKeyView = ({ keyId, name, communityIds, createdAt }: OperatorKey): OperatorKey => ({ keyId, name, communityIds, createdAt });

/** Keys in the order they were issued (by id within a moment), as the API lists them and the console shows them. */
export const inIssueOrder = <K extends OperatorKey>(keys: readonly K[]): K[] =>
  [...keys].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId < b.keyId ? -1 : 1));

type KeyRequest = { name: string; communityIds: string[]; now: Date; actor?: AuditActor };
type IssuedKey = OperatorKey & { key: string };

/**
 * Issues a key for communities that exist (each one that does not is a 400 at its index). The key is
 * in the answer only; a key id already taken (a 1 in 2^64 chance) is drawn again.
 */
export const createOperatorKey = async (store: Pick<OperatorKeyStore, 'saveOperatorKey'>, communityExists: (communityId: string) => Promise<boolean>, input: KeyRequest): Promise<IssuedKey> => {
  await requireCommunities(communityExists, input.communityIds);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const issued = await saveKey(store, input, newOperatorKeyId());
    if (issued) return issued;
  }
  throw new Error('three operator key ids drawn were all taken');
};

/**
 * Issues the key a form names by its id (the console's issue form carries the id of the key it is to
 * issue): undefined when that id is taken — the form was sent already, and its key issued then — so
 * that sending it again issues no second key.
 */
export const createOperatorKeyOnce = async (
  store: Pick<OperatorKeyStore, 'saveOperatorKey'>,
  communityExists: (communityId: string) => Promise<boolean>,
  input: KeyRequest & { keyId: string },
): Promise<IssuedKey | undefined> => {
  await requireCommunities(communityExists, input.communityIds);
  return saveKey(store, input, input.keyId);
};

const requireCommunities = async (communityExists: (communityId: string) => Promise<boolean>, communityIds: readonly string[]): Promise<void> => {
  const exists = await Promise.all(communityIds.map(communityExists));
  const unknown = communityIds.flatMap((_, index) => (exists[index] ? [] : [{ path: `communityIds.${index}`, message: 'no community has this id' }]));
  if (unknown.length > 0) throw new ValidationError('the operator key is not valid', unknown);
};

/** The key with this id, stored with its entry; undefined when the id is taken. */
const saveKey = async (store: Pick<OperatorKeyStore, 'saveOperatorKey'>, input: KeyRequest, id: string): Promise<IssuedKey | undefined> => {
  const { keyId, key, keyHash } = issueOperatorKey(id);
  const record: StoredOperatorKey = { keyId, name: input.name, communityIds: input.communityIds, createdAt: input.now.toISOString(), keyHash, ...(input.actor && { createdBy: auditActor(input.actor) }) };
  const audit = input.actor && operatorKeyAudit(input.actor, input.now, 'operator-key.created', record);
  return (await store.saveOperatorKey(record, audit)) ? { ...operatorKeyView(record), key } : undefined;
};

/** Revokes a key (refused from the next request on), recorded with its name and communities; false when there is no such key. */
export const revokeOperatorKey = async (store: Pick<OperatorKeyStore, 'operatorKey' | 'deleteOperatorKey'>, input: { keyId: string; now: Date; actor?: AuditActor }): Promise<boolean> => {
  const stored = await store.operatorKey(input.keyId);
  if (!stored) return false;
  return store.deleteOperatorKey(input.keyId, input.actor && operatorKeyAudit(input.actor, input.now, 'operator-key.revoked', stored));
};

// ---- Scope: what an actor may act on ----

export const mayActOn = (actor: Actor, communityId: string): boolean => actor.kind === 'admin' || actor.communityIds.includes(communityId);

/** The name the county admin is recorded by (an acknowledgement's or a pause's `by`); pages say it in their words. */
export const ADMIN_NAME = 'admin';

/** Who did it, for records such as an acknowledgement or a pause: `admin`, or the operator key's (or link holder's) name. */
export const actorName = (actor: Actor | AuditActor): string => (actor.kind === 'admin' ? ADMIN_NAME : actor.name);

const outside = (what: string) => new ForbiddenError(`${what} is not in the communities of this operator key`);

export const requireCommunity = (actor: Actor, communityId: string): void => {
  if (!mayActOn(actor, communityId)) throw outside(`community ${communityId}`);
};

/**
 * What only the county may do (a new community, the operator keys): refused to an operator. The API's
 * routes for these take no operator key at all, refused before their handler runs
 * (functions/runtime/http/auth.ts); the console, whose pass may be an operator's on any page, asks here.
 */
export const requireCountyAdmin = (actor: Actor, what: string): void => {
  if (actor.kind !== 'admin') throw new ForbiddenError(`${what} is the county admin's: an operator key may not`);
};

/**
 * A record read for an actor: to the admin, absent is a 404; to an operator, absent and another
 * community's are the same 403, so a key learns nothing of what lies outside its communities.
 */
export const visibleTo = <T extends { communityId: string }>(actor: Actor, record: T | undefined, what: string): T => {
  if (record && mayActOn(actor, record.communityId)) return record;
  if (actor.kind === 'operator') throw outside(what);
  throw new NotFoundError(`no ${what}`);
};

/**
 * The same check before a write that reads its record itself (a rotation, a re-registration): only an
 * operator's request pays the read; the admin's goes on as before.
 */
export const requireVisible = async <T extends { communityId: string }>(actor: Actor, read: () => Promise<T | undefined>, what: string, absentIsFine = false): Promise<void> => {
  if (actor.kind === 'admin') return;
  const record = await read();
  if (record ? !mayActOn(actor, record.communityId) : !absentIsFine) throw outside(what);
};

/**
 * The communities a listing covers: `undefined` for the whole county (the admin without a filter), else
 * the ids — the one asked for when the actor may see it, or all of an operator's.
 */
export const communitiesListed = (actor: Actor, requested: string | undefined): readonly string[] | undefined => {
  if (requested) {
    requireCommunity(actor, requested);
    return [requested];
  }
  // In id order, as the county's own lists are.
  return actor.kind === 'admin' ? undefined : [...actor.communityIds].sort();
};

export interface Page<T> {
  items: T[];
  next?: string;
}

/**
 * What a cursor over several communities names its list by: a digest of their ids, in order. The same
 * count of communities is not the same list — an operator key's one community is not the one the admin
 * paged — so a cursor of another list is a 400 at `cursor`, never a page from where it stood there.
 */
export const listOfCommunities = (communityIds: readonly string[]): string => createHash('sha256').update(communityIds.join('\n')).digest('base64url').slice(0, 16);

/**
 * One list over several communities, paged as one: the cursor names the list (listOfCommunities), the
 * community the page stopped in and where in it (that list's own cursor, checked by its store). A cursor
 * can only point among the ids given, so a crafted one reaches no other community.
 */
export const pageAcross = async <T>(
  communityIds: readonly string[],
  page: { limit: number; cursor?: string },
  list: (communityId: string, page: { limit: number; cursor?: string }) => Promise<Page<T>>,
): Promise<Page<T>> => {
  let { index, inner } = decodeAcross(page.cursor, communityIds);
  const items: T[] = [];
  while (index < communityIds.length && items.length < page.limit) {
    const got = await list(communityIds[index]!, { limit: page.limit - items.length, ...(inner && { cursor: inner }) });
    items.push(...got.items);
    if (got.next) inner = got.next;
    else [index, inner] = [index + 1, undefined];
  }
  const next = { l: listOfCommunities(communityIds), c: index, ...(inner && { n: inner }) };
  return index < communityIds.length ? { items, next: Buffer.from(JSON.stringify(next)).toString('base64url') } : { items };
};

const decodeAcross = (cursor: string | undefined, communityIds: readonly string[]): { index: number; inner: string | undefined } => {
  if (!cursor) return { index: 0, inner: undefined };
  try {
    const { l, c, n } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; c?: unknown; n?: unknown };
    const ours = l === listOfCommunities(communityIds);
    if (ours && Number.isInteger(c) && (c as number) >= 0 && (c as number) < communityIds.length && (n === undefined || typeof n === 'string')) return { index: c as number, inner: n as string | undefined };
  } catch {
    // Not JSON: refused below like any other.
  }
  throw new ValidationError('the cursor is not valid', [{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);
};

/** A board (or any view listing communities and escalations) with only what the actor may see. */
export const narrowBoard = <B extends { communities: { communityId: string }[]; escalations: { communityId: string }[] }>(board: B, actor: Actor): B =>
  actor.kind === 'admin'
    ? board
    : { ...board, communities: board.communities.filter((c) => mayActOn(actor, c.communityId)), escalations: board.escalations.filter((e) => mayActOn(actor, e.communityId)) };
