/**
 * The console's pages as its handlers answer them: a community's and a checkpoint's page assembled
 * from the stored records — or with a refused form's own values and issues, which the saving function
 * (console-save) shows again with each error at its field.
 */
import type { AuditEntry } from '../domain/audit';
import { channelView } from '../domain/channels';
import { DEFAULT_POLICY } from '../domain/escalation/rules';
import type { Checkpoint, Community } from '../domain/model';
import { viewOf } from '../domain/registry';
import { checkpointPage } from '../pages/console/checkpoint';
import { communityPage } from '../pages/console/communities';
import type { Issue } from '../pages/console/fields';
import type { ConsoleView } from '../pages/console/frame';
import { newCheckpointPage, newCommunityPage } from '../pages/console/new';
import { operatorKeysPage } from '../pages/console/operator-keys';
import { checkpointFields, communityFields, newCheckpointFields, newCommunityFields } from '../pages/console/registration';
import { AlreadyRegisteredError } from '../domain/creation';
import { ValidationError } from '../domain/errors';
import { compareIds } from '../domain/text';
import { DEFAULT_TIMEZONE } from '../domain/time';
import { communitiesListed, inIssueOrder, newOperatorKeyId, OPERATOR_KEY_ID, type Actor } from '../domain/operators';
import type { ShownEntry } from '../pages/console/audit';
import { FormFields, type ConsoleSession } from './console';
import { dynamoStore, operatorKeyDynamoStore } from './deps';
import type { Reply } from './http';

const HTML = 'text/html; charset=utf-8';

export interface Refused {
  form: FormFields;
  issues: Issue[];
}

export const pageReply = (text: string, status = 200): Reply => ({ status, contentType: HTML, text });
export const viewOfSession = (session: ConsoleSession): ConsoleView => ({ lang: session.lang, actor: session.actor, csrf: session.csrf, path: session.path });

/** What a form refused, nothing saved: its issues at its fields, and the answer's status — 409 when the id to create is taken, else 400. */
export interface Refusal {
  done: false;
  status: 400 | 409;
  issues: Issue[];
}

/** What a use case did, or what it refused. */
export type Attempt<T> = { done: true; value: T } | Refusal;

/** A form refused before any use case ran (its schema, its id). */
export const refusal = (issues: Issue[]): Refusal => ({ done: false, status: 400, issues });

/**
 * Runs a use case for a form: its refusals (a ValidationError's issues, in body paths) at the form's
 * fields, an id taken (AlreadyRegisteredError) at its id field with 409; anything else is not the
 * form's to show, and goes on up.
 */
export const attempt = async <T>(run: () => Promise<T>, fieldOf: (path: string) => string): Promise<Attempt<T>> => {
  try {
    return { done: true, value: await run() };
  } catch (error) {
    if (error instanceof AlreadyRegisteredError) return { done: false, status: 409, issues: [{ path: error.what === 'community' ? 'communityId' : 'checkpointId', message: error.message, kind: 'id-taken' }] };
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues ?? [];
    return refusal(issues.length > 0 ? issues.map((issue) => ({ path: fieldOf(issue.path), message: issue.message })) : [{ path: '', message: error.message }]);
  }
};

/** The communities an actor may see, in id order: the county's for the admin, an operator's own. */
export const visibleCommunityRecords = async (actor: Actor): Promise<Community[]> => {
  const store = dynamoStore();
  const scope = communitiesListed(actor, undefined);
  const communities = scope ? await store.communitiesById([...scope]) : await store.allCommunities();
  return communities.sort((a, b) => compareIds(a.communityId, b.communityId));
};

/** Audit entries as the page shows them: each with its record's names and told in its community's zone (the county's own in the county's). */
export const shownAuditEntries = async (entries: readonly AuditEntry[], communities: readonly Community[]): Promise<ShownEntry[]> => {
  const checkpointIds = [...new Set(entries.flatMap((entry) => (entry.checkpointId ? [entry.checkpointId] : [])))];
  const checkpointNames = new Map((checkpointIds.length > 0 ? await dynamoStore().checkpointsById(checkpointIds) : []).map((one) => [one.checkpointId, one.name]));
  const byId = new Map(communities.map((community) => [community.communityId, community]));
  return entries.map((entry) => {
    const community = entry.communityId ? byId.get(entry.communityId) : undefined;
    const checkpointName = entry.checkpointId && checkpointNames.get(entry.checkpointId);
    return { entry, zone: community?.timezone ?? DEFAULT_TIMEZONE, ...(community && { communityName: community.name }), ...(checkpointName && { checkpointName }) };
  });
};

/** A community's page, from the stored community or with a refused form's values and issues (console-save). */
export const communityPageOf = async (session: ConsoleSession, community: Community, now: Date, refused?: Refused, saved?: 'saved' | 'created'): Promise<string> => {
  const checkpoints = (await dynamoStore().checkpointsOf(community.communityId)).sort((a, b) => compareIds(a.checkpointId, b.checkpointId)).map((checkpoint) => viewOf(checkpoint, now));
  return communityPage(viewOfSession(session), {
    community: { communityId: community.communityId, name: community.name, timezone: community.timezone, checkpoints },
    values: refused?.form ?? FormFields.of(communityFields(community)),
    issues: refused?.issues ?? [],
    inForce: community.escalation ?? DEFAULT_POLICY,
    channels: (community.channels ?? []).map(channelView),
    ...(saved && { saved }),
  });
};

/** A checkpoint's page, from the stored checkpoint or with a refused form's values and issues (console-save). */
export const checkpointPageOf = async (
  session: ConsoleSession,
  checkpoint: Checkpoint,
  now: Date,
  refused?: Refused,
  saved?: 'saved' | 'created' | 'paused' | 'resumed',
): Promise<string> => {
  const owner = await dynamoStore().community(checkpoint.communityId);
  return checkpointPage(viewOfSession(session), {
    checkpoint: viewOf(checkpoint, now),
    community: owner && { communityId: owner.communityId, name: owner.name },
    values: refused?.form ?? FormFields.of(checkpointFields(checkpoint, owner)),
    issues: refused?.issues ?? [],
    inForce: checkpoint.escalation ?? owner?.escalation ?? DEFAULT_POLICY,
    communityHasPolicy: owner?.escalation !== undefined,
    channels: (checkpoint.channels ?? []).map(channelView),
    ...(saved && { saved }),
  });
};

/** The new community's page: empty, or with a refused form's values and issues. */
export const newCommunityPageOf = (session: ConsoleSession, refused?: Refused): string =>
  newCommunityPage(viewOfSession(session), { values: refused?.form ?? FormFields.of(newCommunityFields()), issues: refused?.issues ?? [], inForce: DEFAULT_POLICY });

/** The new checkpoint's page of a community: empty, or with a refused form's values and issues. */
export const newCheckpointPageOf = (session: ConsoleSession, community: Community, refused?: Refused): string =>
  newCheckpointPage(viewOfSession(session), {
    community: { communityId: community.communityId, name: community.name },
    values: refused?.form ?? FormFields.of(newCheckpointFields(community)),
    issues: refused?.issues ?? [],
    inForce: community.escalation ?? DEFAULT_POLICY,
    communityHasPolicy: community.escalation !== undefined,
  });

/** The operator keys' page (the county admin's): the keys oldest first, as GET /operator-keys lists them, and the form to issue one. */
export const operatorKeysPageOf = async (
  session: ConsoleSession,
  options: { refused?: Refused; issued?: { name: string; key: string }; revoked?: boolean; alreadyIssued?: string } = {},
): Promise<string> => {
  // The county admin's page (requireCountyAdmin): every community.
  const [keys, communities] = await Promise.all([operatorKeyDynamoStore().operatorKeys(), visibleCommunityRecords(session.actor)]);
  return operatorKeysPage(viewOfSession(session), {
    keys: inIssueOrder(keys).map(({ keyId, name, communityIds, createdAt, createdBy }) => ({ keyId, name, communityIds, createdAt, ...(createdBy && { createdBy }) })),
    communities: communities.map(({ communityId, name }) => ({ communityId, name })),
    values: options.refused?.form ?? FormFields.of({}),
    issues: options.refused?.issues ?? [],
    ...(options.issued && { issued: options.issued }),
    ...(options.revoked && { revoked: true }),
    ...(options.alreadyIssued && { alreadyIssued: options.alreadyIssued }),
    // A refused form is sent again with its own id (no key was issued with it); any other page draws a new one.
    formKeyId: options.refused && OPERATOR_KEY_ID.test(options.refused.form.get('keyId')) ? options.refused.form.get('keyId') : newOperatorKeyId(),
  });
};
