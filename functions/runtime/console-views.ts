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
import { checkpointFields, communityFields } from '../pages/console/registration';
import { FormFields, type ConsoleSession } from './console';
import { dynamoStore } from './deps';
import type { Reply } from './http';

const HTML = 'text/html; charset=utf-8';

export interface Refused {
  form: FormFields;
  issues: Issue[];
}

export const pageReply = (text: string, status = 200): Reply => ({ status, contentType: HTML, text });
export const viewOfSession = (session: ConsoleSession): ConsoleView => ({ lang: session.lang, actor: session.actor, csrf: session.csrf, path: session.path });

/** A community's page, from the stored community or with a refused form's values and issues (console-save). */
export const communityPageOf = async (session: ConsoleSession, community: Community, now: Date, refused?: Refused, saved?: boolean): Promise<string> => {
  const checkpoints = (await dynamoStore().checkpointsOf(community.communityId)).sort((a, b) => (a.checkpointId < b.checkpointId ? -1 : 1)).map((checkpoint) => viewOf(checkpoint, now));
  return communityPage(viewOfSession(session), {
    community: { communityId: community.communityId, name: community.name, timezone: community.timezone, checkpoints },
    values: refused?.form ?? FormFields.of(communityFields(community)),
    issues: refused?.issues ?? [],
    inForce: community.escalation ?? DEFAULT_POLICY,
    channels: (community.channels ?? []).map(channelView),
    ...(saved && { saved: 'saved' as const }),
  });
};

/** A checkpoint's page, from the stored checkpoint or with a refused form's values and issues (console-save). */
export const checkpointPageOf = async (
  session: ConsoleSession,
  checkpoint: Checkpoint,
  now: Date,
  refused?: Refused,
  saved?: 'saved' | 'paused' | 'resumed',
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

