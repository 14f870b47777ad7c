/**
 * The console's saving forms: a community, a checkpoint, a pause or a resume, a new form token. Each is
 * the API's own use case (putCommunity, putCheckpoint, rotateFormToken) with the API's operator scope;
 * a form the schema or the use case refuses comes back with each error at its field, nothing saved.
 */
import { consoleRoutes } from '../console-routes';
import { ValidationError } from '../domain/errors';
import { requireCommunity, requireVisible, visibleTo } from '../domain/operators';
import { putCheckpoint, putCommunity, rotateFormToken } from '../domain/registry';
import { checkpointBodyFrom, communityBodyFrom, storedCheckpointBody, type FieldOf } from '../pages/console/registration';
import type { Issue } from '../pages/console/fields';
import { linkKeys } from '../runtime/admin-key';
import { channelRules } from '../runtime/config';
import { consoleRouteHandler } from '../runtime/console';
import { checkpointPageOf, communityPageOf, pageReply } from '../runtime/console-views';
import { dynamoStore } from '../runtime/deps';
import type { Reply } from '../runtime/http';
import { byRouteKey } from '../runtime/route';

const seeOther = (location: string): Reply => ({ status: 303, headers: { location } });

/** What a use case refused, at the form's fields; anything else is not the form's to show. */
const refusedBy = async (save: () => Promise<unknown>, fieldOf: FieldOf): Promise<Issue[] | undefined> => {
  try {
    await save();
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues ?? [];
    return issues.length > 0 ? issues.map((issue) => ({ path: fieldOf(issue.path), message: issue.message })) : [{ path: '', message: error.message }];
  }
};

const saveCommunity = consoleRouteHandler(consoleRoutes.consoleSaveCommunity, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  // The console edits communities that exist; creating one is the county's, through the API.
  const stored = visibleTo(session.actor, await store.community(path.communityId), `community ${path.communityId}`);
  const { body, issues, fieldOf } = communityBodyFrom(form);
  const refused = body ? await refusedBy(() => putCommunity(store, { communityId: stored.communityId, body, now, channelRules: channelRules(), actor: session.actor }), fieldOf) : issues;
  if (refused) return pageReply(await communityPageOf(session, stored, now, { form, issues: refused }), 400);
  return seeOther(`/admin/communities/${encodeURIComponent(stored.communityId)}?saved=1`);
});

const saveCheckpoint = consoleRouteHandler(consoleRoutes.consoleSaveCheckpoint, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  const stored = visibleTo(session.actor, await store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  requireCommunity(session.actor, stored.communityId);
  const { body, issues, fieldOf } = checkpointBodyFrom(form, stored);
  const refused = body
    ? await refusedBy(() => putCheckpoint(store, { checkpointId: stored.checkpointId, body, now, keys: linkKeys, channelRules: channelRules(), actor: session.actor }), fieldOf)
    : issues;
  if (refused) return pageReply(await checkpointPageOf(session, stored, now, { form, issues: refused }), 400);
  return seeOther(`/admin/checkpoints/${encodeURIComponent(stored.checkpointId)}?saved=1`);
});

/** Pausing and resuming change `active` alone: the stored registration is PUT again as it is (its channels' credentials kept). */
const pause = consoleRouteHandler(consoleRoutes.consolePause, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  const stored = visibleTo(session.actor, await store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const active = form.get('active');
  if (active !== 'true' && active !== 'false') throw new ValidationError('the form is not valid', [{ path: 'active', message: 'true (resume) or false (pause)' }]);
  await putCheckpoint(store, { checkpointId: stored.checkpointId, body: storedCheckpointBody(stored, active === 'true'), now, keys: linkKeys, channelRules: channelRules(), actor: session.actor });
  return seeOther(`/admin/checkpoints/${encodeURIComponent(stored.checkpointId)}?saved=${active === 'true' ? 'resumed' : 'paused'}`);
});

/** A new token, and at once the gate sheet that prints it. */
const rotate = consoleRouteHandler(consoleRoutes.consoleRotate, async ({ session, path, now }) => {
  const store = dynamoStore();
  await requireVisible(session.actor, () => store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const { checkpoint } = await rotateFormToken(store, { checkpointId: path.checkpointId, now, keys: linkKeys, actor: session.actor });
  return seeOther(`/admin/communities/${encodeURIComponent(checkpoint.communityId)}/sheet?checkpointId=${encodeURIComponent(checkpoint.checkpointId)}&rotated=1`);
});

export const handler = byRouteKey({
  [consoleRoutes.consoleSaveCommunity.key]: saveCommunity,
  [consoleRoutes.consoleSaveCheckpoint.key]: saveCheckpoint,
  [consoleRoutes.consolePause.key]: pause,
  [consoleRoutes.consoleRotate.key]: rotate,
});
