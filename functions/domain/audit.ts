/**
 * The audit trail: who changed what, and when. The domain says what an entry records — who acted, what
 * they did, about which record, and which fields the change changed — and each write port takes the
 * entry together with the write it records: the adapters put it in the same transaction as the
 * change's own conditional write, so a write that fails (its condition, or DynamoDB itself) leaves no
 * entry, and a change that was made never lacks one. Entries are kept a year.
 *
 * An entry names fields, never their values: `changed` is a diff of names (`schedule`, `contacts`,
 * `channels.zhihui.url`), so no channel URL, signing secret, form token or operator key can reach the
 * trail, whatever a record holds. A write that changes nothing a PUT sets (an idempotent re-PUT)
 * records nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Checkpoint, Community, Escalation } from './model';
import type { OperatorKey } from './operators';

/** Who acted: the county admin, an operator key (by its id and name), or a person holding a signed link. */
export type AuditActor = { kind: 'admin' } | { kind: 'operator'; keyId: string; name: string } | { kind: 'link'; name: string };

export type AuditAction =
  | 'community.created'
  | 'community.replaced'
  | 'checkpoint.created'
  /** A PUT over a stored checkpoint: pausing and resuming (`active`) and closures come this way. */
  | 'checkpoint.replaced'
  | 'checkpoint.token-rotated'
  | 'checkpoints.imported'
  | 'operator-key.created'
  | 'operator-key.revoked'
  | 'escalation.acknowledged';

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface AuditEntry {
  auditId: string;
  /** When the change was made (the use case's clock). */
  at: string;
  actor: AuditActor;
  action: AuditAction;
  /** The community the change is about; absent for the county's own (operator keys, an import across communities). */
  communityId?: string;
  checkpointId?: string;
  escalationId?: string;
  /** The fields a replacement changed, by name only; absent on a creation. */
  changed?: string[];
  /** An import's rows: one entry for the file; each row written has its own checkpoint entry naming the import. */
  counts?: ImportCounts;
  /** The import a checkpoint entry was written by (the import's own entry carries it too). */
  importId?: string;
  /** An operator key issued or revoked: never the key, never its hash. */
  operatorKey?: OperatorKey;
  /** The group chat an acknowledgement came from (its link names the group, the person says who they are). */
  via?: string;
}

/**
 * The trail's own port: an entry that records no single write (an import's counts, written once its
 * rows are), and the entries of the county or of some communities, newest first, a page at a time.
 */
export interface AuditTrail {
  recordAudit(entry: AuditEntry): Promise<void>;
  auditEntries(query: AuditQuery): Promise<{ items: AuditEntry[]; next?: string }>;
}

export interface AuditQuery {
  /** The communities whose entries are listed; undefined for the whole county (the county's own entries too). */
  communityIds?: readonly string[];
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** An actor as an entry names it: an operator key by its id and name, never its communities or its key. */
export const auditActor = (actor: AuditActor): AuditActor => {
  if (actor.kind === 'operator') return { kind: 'operator', keyId: actor.keyId, name: actor.name };
  if (actor.kind === 'link') return { kind: 'link', name: actor.name };
  return { kind: 'admin' };
};

type About = Omit<AuditEntry, 'auditId' | 'at' | 'actor' | 'action'>;

const entryOf = (actor: AuditActor, at: Date, action: AuditAction, about: About): AuditEntry => ({
  auditId: randomUUID(),
  at: at.toISOString(),
  actor: auditActor(actor),
  action,
  ...about,
});

// ---- What changed: names, from a diff of what a PUT sets ----

/** What a record carries beside what a PUT sets: timestamps, counters, token references, slot state. */
export const BOOKKEEPING: ReadonlySet<string> = new Set([
  'createdAt',
  'updatedAt',
  'activeSince',
  'pauses',
  'version',
  'tokenHash',
  'tokenKid',
  'tokenVersion',
  'dueAt',
  'filledRuns',
  'recentlyFilled',
  'recentMaxTempC',
  'zoneSpan',
  'lastReadingAt',
  'rateWindow',
  'rateCount',
  'openEscalationId',
  'feverAlertId',
  'lastFigures',
  'sameFiguresRun',
]);

/**
 * The same value, whatever the order of an object's keys: DynamoDB keeps a map's entries in no
 * particular order, so a record read back need not list `{ name, email, role }` as it was written.
 */
export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

const canonical = (value: unknown): string | undefined =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );

type Fields = Record<string, unknown>;

/**
 * The order changes are named in: a PUT body's, whatever order a record read back lists its
 * attributes in (DynamoDB keeps none); anything else after these, alphabetically.
 */
const REGISTRATION_ORDER = ['name', 'communityId', 'timezone', 'schedule', 'grace', 'contacts', 'escalation', 'shifts', 'channels', 'closures', 'active', 'pausedReason'];
const CHANNEL_ORDER = ['kind', 'name', 'url', 'secret', 'levels', 'summaries'];

const inOrder = (names: Iterable<string>, order: readonly string[]): string[] => {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
};

/**
 * The fields of a registration (a community's or a checkpoint's) that differ between two versions of
 * it, by name, in the order a PUT body lists them. Channels are told apart by id, down to the field:
 * `channels.zhihui.url` when a robot's URL changed, `channels.zhihui` when the channel came or went —
 * the name of a credential, never the credential.
 */
export const changedFields = (before: object, after: object): string[] => {
  const [b, a] = [before as Fields, after as Fields];
  const names = inOrder([...Object.keys(a), ...Object.keys(b)], REGISTRATION_ORDER).filter((name) => !BOOKKEEPING.has(name));
  return names.flatMap((name) => {
    if (sameValue(b[name], a[name])) return [];
    if (name === 'channels' && Array.isArray(b[name]) && Array.isArray(a[name])) return changedChannels(b[name] as Fields[], a[name] as Fields[]);
    return [name];
  });
};

const changedChannels = (before: Fields[], after: Fields[]): string[] => {
  const byId = (channels: Fields[]) => new Map(channels.map((channel) => [String(channel.id), channel]));
  const [b, a] = [byId(before), byId(after)];
  const changed = inOrder([...a.keys(), ...b.keys()], []).flatMap((id) => {
    const [was, is] = [b.get(id), a.get(id)];
    if (!was || !is) return [`channels.${id}`];
    return inOrder([...Object.keys(is), ...Object.keys(was)], CHANNEL_ORDER)
      .filter((field) => !sameValue(was[field], is[field]))
      .map((field) => `channels.${id}.${field}`);
  });
  // The same channels in another order: the list changed, no channel did.
  return changed.length > 0 ? changed : ['channels'];
};

// ---- The entries, one per kind of change ----

/** A community created, or replaced with something changed; undefined for a PUT that changes nothing. */
export const communityAudit = (actor: AuditActor, at: Date, before: Community | undefined, after: Community): AuditEntry | undefined => {
  if (!before) return entryOf(actor, at, 'community.created', { communityId: after.communityId });
  const changed = changedFields(before, after);
  return changed.length > 0 ? entryOf(actor, at, 'community.replaced', { communityId: after.communityId, changed }) : undefined;
};

/**
 * A checkpoint created, or replaced with something changed (a pause or a resume is `active`, closures
 * `closures`); undefined for a PUT that changes nothing. Recorded in the community it is in after the change.
 */
export const checkpointAudit = (actor: AuditActor, at: Date, before: Checkpoint | undefined, after: Checkpoint, importId?: string): AuditEntry | undefined => {
  const about = { communityId: after.communityId, checkpointId: after.checkpointId, ...(importId && { importId }) };
  if (!before) return entryOf(actor, at, 'checkpoint.created', about);
  const changed = changedFields(before, after);
  return changed.length > 0 ? entryOf(actor, at, 'checkpoint.replaced', { ...about, changed }) : undefined;
};

export const rotationAudit = (actor: AuditActor, at: Date, checkpoint: Checkpoint): AuditEntry =>
  entryOf(actor, at, 'checkpoint.token-rotated', { communityId: checkpoint.communityId, checkpointId: checkpoint.checkpointId });

/** An import's one entry: in its community when the file is about one, else the county's. */
export const importAudit = (actor: AuditActor, at: Date, importId: string, counts: ImportCounts, communityIds: readonly string[]): AuditEntry => {
  const [only, ...others] = [...new Set(communityIds)];
  return entryOf(actor, at, 'checkpoints.imported', { ...(only && others.length === 0 && { communityId: only }), importId, counts });
};

export const operatorKeyAudit = (actor: AuditActor, at: Date, action: 'operator-key.created' | 'operator-key.revoked', key: OperatorKey): AuditEntry =>
  entryOf(actor, at, action, { operatorKey: { keyId: key.keyId, name: key.name, communityIds: [...key.communityIds], createdAt: key.createdAt } });

export const acknowledgementAudit = (actor: AuditActor, at: Date, escalation: Escalation, via?: string): AuditEntry =>
  entryOf(actor, at, 'escalation.acknowledged', {
    communityId: escalation.communityId,
    checkpointId: escalation.checkpointId,
    escalationId: escalation.escalationId,
    ...(via && { via }),
  });

/** A new id for an import, named by its rows' entries and its own. */
export const newImportId = (): string => randomUUID();
