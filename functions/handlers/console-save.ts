/**
 * The console's saving forms: a community, a checkpoint, a new one of each, a pause or a resume, a new
 * form token, an operator key issued or revoked. Each is the API's own use case (putCommunity,
 * putCheckpoint, rotateFormToken, createOperatorKeyOnce, revokeOperatorKey) with the API's operator scope;
 * a form the schema or the use case refuses comes back with each error at its field, nothing saved.
 */
import { consoleRoutes } from '../console-routes';
import { CheckpointBody, CheckpointPath, CommunityPath, OperatorKeyBody } from '../contract/schemas';
import { createOnly } from '../domain/creation';
import { NotFoundError, ValidationError } from '../domain/errors';
import { createOperatorKeyOnce, OPERATOR_KEY_ID, requireCommunity, requireCountyAdmin, requireVisible, revokeOperatorKey, visibleTo } from '../domain/operators';
import { putCheckpoint, putCommunity, rotateFormToken } from '../domain/registry';
import { schemaIssue, type Issue } from '../pages/console/fields';
import { checkpointBodyFrom, checkpointFields, communityBodyFrom, storedCheckpointBody, type Candidate, type FieldOf } from '../pages/console/registration';
import { linkKeys } from '../runtime/admin-key';
import { channelRules } from '../runtime/config';
import { consoleRouteHandler, FormFields } from '../runtime/console';
import { attempt, checkpointPageOf, communityPageOf, newCheckpointPageOf, newCommunityPageOf, operatorKeysPageOf, pageReply, refusal, type Attempt } from '../runtime/console-views';
import { dynamoStore, operatorKeyDynamoStore } from '../runtime/deps';
import type { Reply } from '../runtime/http';
import { byRouteKey } from '../runtime/route';

const seeOther = (location: string): Reply => ({ status: 303, headers: { location } });

const saveCommunity = consoleRouteHandler(consoleRoutes.consoleSaveCommunity, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  // The console edits communities that exist; creating one is the county's, through the API.
  const stored = visibleTo(session.actor, await store.community(path.communityId), `community ${path.communityId}`);
  const { body, issues, fieldOf } = communityBodyFrom(form);
  const saved = body ? await attempt(() => putCommunity(store, { communityId: stored.communityId, body, now, channelRules: channelRules(), actor: session.actor }), fieldOf) : refusal(issues);
  if (!saved.done) return pageReply(await communityPageOf(session, stored, now, { form, issues: saved.issues }), saved.status);
  return seeOther(`/admin/communities/${encodeURIComponent(stored.communityId)}?saved=1`);
});

const saveCheckpoint = consoleRouteHandler(consoleRoutes.consoleSaveCheckpoint, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  const stored = visibleTo(session.actor, await store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  requireCommunity(session.actor, stored.communityId);
  const { body, issues, fieldOf } = checkpointBodyFrom(form, stored);
  const saved = body
    ? await attempt(() => putCheckpoint(store, { checkpointId: stored.checkpointId, body, now, keys: linkKeys, channelRules: channelRules(), actor: session.actor }), fieldOf)
    : refusal(issues);
  if (!saved.done) return pageReply(await checkpointPageOf(session, stored, now, { form, issues: saved.issues }), saved.status);
  return seeOther(`/admin/checkpoints/${encodeURIComponent(stored.checkpointId)}?saved=1`);
});

/**
 * Pausing and resuming change `active` alone — and a pause may say why (`pausedReason`, checked with the
 * body's own rule for it, refused at its field): the stored registration is PUT again as it is (its
 * channels' credentials kept). Resuming ends the reason.
 */
const pause = consoleRouteHandler(consoleRoutes.consolePause, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  const stored = visibleTo(session.actor, await store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const active = form.get('active');
  if (active !== 'true' && active !== 'false') throw new ValidationError('the form is not valid', [{ path: 'active', message: 'true (resume) or false (pause)' }]);
  const reason = active === 'false' ? form.get('pausedReason').trim() : '';
  const checked = CheckpointBody.shape.pausedReason.safeParse(reason);
  if (!checked.success) {
    const values = FormFields.of({ ...checkpointFields(stored, await store.community(stored.communityId)), pausedReason: reason });
    return pageReply(await checkpointPageOf(session, stored, now, { form: values, issues: checked.error.issues.map((issue) => schemaIssue(issue, 'pausedReason')) }), 400);
  }
  const body = { ...storedCheckpointBody(stored, active === 'true'), ...(reason !== '' && { pausedReason: reason }) };
  await putCheckpoint(store, { checkpointId: stored.checkpointId, body, now, keys: linkKeys, channelRules: channelRules(), actor: session.actor });
  return seeOther(`/admin/checkpoints/${encodeURIComponent(stored.checkpointId)}?saved=${active === 'true' ? 'resumed' : 'paused'}`);
});

/** A new token, and at once the gate sheet that prints it. */
const rotate = consoleRouteHandler(consoleRoutes.consoleRotate, async ({ session, path, now }) => {
  const store = dynamoStore();
  await requireVisible(session.actor, () => store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const { checkpoint } = await rotateFormToken(store, { checkpointId: path.checkpointId, now, keys: linkKeys, actor: session.actor });
  return seeOther(`/admin/communities/${encodeURIComponent(checkpoint.communityId)}/sheet?checkpointId=${encodeURIComponent(checkpoint.checkpointId)}&rotated=1`);
});

/** The id a new community (checkpoint) is given, checked as the API's path checks it: the issues at its field (an empty one is required), or none. */
const idIssues = (schema: typeof CommunityPath | typeof CheckpointPath, name: 'communityId' | 'checkpointId', value: string): Issue[] => {
  if (value === '') return [{ path: name, message: 'required', kind: 'required' }];
  const result = schema.safeParse({ [name]: value });
  return result.success ? [] : result.error.issues.map((issue) => schemaIssue(issue, name));
};

/**
 * A new registration from its form: the id checked as the API's path checks it and the body as the
 * form makes it, all their issues at once; then the use case's create — over a store that only creates,
 * so an id taken is refused at its field by the create's own condition (409), nothing written.
 */
const created = async <B>(id: Issue[], form: Candidate<B> & { fieldOf: FieldOf }, create: (body: B) => Promise<unknown>): Promise<Attempt<unknown>> => {
  const invalid = [...id, ...form.issues];
  const { body } = form;
  return invalid.length > 0 || !body ? refusal(invalid) : attempt(() => create(body), form.fieldOf);
};

/** A new community (the county admin's, as PUT /communities creates one): the community's form with an id, the same body and use case. */
const createCommunity = consoleRouteHandler(consoleRoutes.consoleCreateCommunity, async ({ session, form, now }) => {
  requireCountyAdmin(session.actor, 'creating a community');
  const communityId = form.get('communityId').trim();
  const made = await created(idIssues(CommunityPath, 'communityId', communityId), communityBodyFrom(form), (body) =>
    putCommunity(createOnly(dynamoStore()), { communityId, body, now, channelRules: channelRules(), actor: session.actor }),
  );
  if (!made.done) return pageReply(newCommunityPageOf(session, { form, issues: made.issues }), made.status);
  return seeOther(`/admin/communities/${encodeURIComponent(communityId)}?saved=created`);
});

/**
 * A new checkpoint of the community (its operator's or the admin's, as PUT /checkpoints creates one):
 * the checkpoint's form with an id, reporting from now on; an id taken anywhere is refused at its field.
 * On to its page, which offers its gate sheet.
 */
const createCheckpoint = consoleRouteHandler(consoleRoutes.consoleCreateCheckpoint, async ({ session, path, form, now }) => {
  const store = dynamoStore();
  const owner = visibleTo(session.actor, await store.community(path.communityId), `community ${path.communityId}`);
  requireCommunity(session.actor, owner.communityId);
  const checkpointId = form.get('checkpointId').trim();
  const made = await created(idIssues(CheckpointPath, 'checkpointId', checkpointId), checkpointBodyFrom(form, { communityId: owner.communityId, active: true, timezone: owner.timezone }), (body) =>
    putCheckpoint(createOnly(store), { checkpointId, body, now, keys: linkKeys, channelRules: channelRules(), actor: session.actor }),
  );
  if (!made.done) return pageReply(newCheckpointPageOf(session, owner, { form, issues: made.issues }), made.status);
  return seeOther(`/admin/checkpoints/${encodeURIComponent(checkpointId)}?saved=created`);
});

/** A key's issues at the form's fields: a community's index (`communityIds.2`) is the checkboxes'. */
const keyField = (path: string): string => (path.startsWith('communityIds') ? 'communityIds' : path);

/**
 * Issuing a key (the county admin's, as POST /operator-keys): checked with its schema, issued by its use
 * case (audited), and answered with a page that shows the key this once — not a redirect, so the key is
 * in no URL, and not stored by the browser or anything between (no-store, as every console answer is:
 * CONSOLE_HEADERS).
 */
const issueKey = consoleRouteHandler(consoleRoutes.consoleIssueKey, async ({ session, form, now }) => {
  requireCountyAdmin(session.actor, 'managing operator keys');
  const parsed = OperatorKeyBody.safeParse({ name: form.get('name'), communityIds: form.all('communityIds') });
  const keyId = form.get('keyId');
  if (!OPERATOR_KEY_ID.test(keyId)) throw new ValidationError('the form is not valid', [{ path: 'keyId', message: 'the form names no key id: load the page again' }]);
  const registry = dynamoStore();
  const issued = parsed.success
    ? await attempt(() => createOperatorKeyOnce(operatorKeyDynamoStore(), async (communityId) => (await registry.community(communityId)) !== undefined, { ...parsed.data, keyId, now, actor: session.actor }), keyField)
    : refusal(parsed.error.issues.map((issue) => schemaIssue(issue, keyField(issue.path.map(String).join('.')))));
  if (!issued.done) return pageReply(await operatorKeysPageOf(session, { refused: { form, issues: issued.issues } }), issued.status);
  // Sent again (a reload of the page that showed the key): that key stands, and no second one is issued.
  if (!issued.value) return pageReply(await operatorKeysPageOf(session, { alreadyIssued: keyId }), 409);
  return pageReply(await operatorKeysPageOf(session, { issued: { name: issued.value.name, key: issued.value.key } }));
});

/** Revoking a key (the county admin's, as DELETE /operator-keys/{keyId}): refused from the next request on. */
const revokeKey = consoleRouteHandler(consoleRoutes.consoleRevokeKey, async ({ session, path, now }) => {
  requireCountyAdmin(session.actor, 'managing operator keys');
  if (!(await revokeOperatorKey(operatorKeyDynamoStore(), { keyId: path.keyId, now, actor: session.actor }))) throw new NotFoundError(`no operator key ${path.keyId}`);
  return seeOther('/admin/operator-keys?saved=revoked');
});

export const handler = byRouteKey({
  [consoleRoutes.consoleCreateCommunity.key]: createCommunity,
  [consoleRoutes.consoleCreateCheckpoint.key]: createCheckpoint,
  [consoleRoutes.consoleIssueKey.key]: issueKey,
  [consoleRoutes.consoleRevokeKey.key]: revokeKey,
  [consoleRoutes.consoleSaveCommunity.key]: saveCommunity,
  [consoleRoutes.consoleSaveCheckpoint.key]: saveCheckpoint,
  [consoleRoutes.consolePause.key]: pause,
  [consoleRoutes.consoleRotate.key]: rotate,
});
