/**
 * The console's pages as its handlers answer them: a community's and a checkpoint's page assembled
 * from the stored records — or with a refused form's own values and issues, which the saving function
 * (console-save) shows again with each error at its field.
 */
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
import { ForbiddenError } from '../domain/errors';
import { compareIds } from '../domain/text';
import type { Actor } from '../domain/operators';
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


/**
 * What only the county may do — a new community, the operator keys — is refused to an operator's pass,
 * as the API's routes that take no operator key refuse one (functions/runtime/http/auth.ts).
 */
export const requireCountyAdmin = (actor: Actor, what: string): void => {
  if (actor.kind !== 'admin') throw new ForbiddenError(`${what} is the county admin's: an operator key may not`);
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
  options: { refused?: Refused; issued?: { name: string; key: string }; revoked?: boolean } = {},
): Promise<string> => {
  const [keys, communities] = await Promise.all([operatorKeyDynamoStore().operatorKeys(), dynamoStore().allCommunities()]);
  return operatorKeysPage(viewOfSession(session), {
    keys: keys
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId < b.keyId ? -1 : 1))
      .map(({ keyId, name, communityIds, createdAt, createdBy }) => ({ keyId, name, communityIds, createdAt, ...(createdBy && { createdBy }) })),
    communities: communities.sort((a, b) => compareIds(a.communityId, b.communityId)).map(({ communityId, name }) => ({ communityId, name })),
    values: options.refused?.form ?? FormFields.of({}),
    issues: options.refused?.issues ?? [],
    ...(options.issued && { issued: options.issued }),
    ...(options.revoked && { revoked: true }),
  });
};
