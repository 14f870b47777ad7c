import { requireCommunity, requireVisible } from '../domain/operators';
import { putCheckpoint, viewOf } from '../domain/registry';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { dynamoStore } from '../runtime/deps';
import { formLinks } from '../runtime/links';
import { channelRules } from '../runtime/config';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.putCheckpoint, async ({ path, body, now, baseUrl, actor }) => {
  const store = dynamoStore();
  // An operator registers into its communities, and re-registers (or moves) only checkpoints already in them.
  requireCommunity(actor, body.communityId);
  await requireVisible(actor, () => store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`, true);
  const { created, checkpoint, formToken } = await putCheckpoint(store, { checkpointId: path.checkpointId, body, now, keys: linkKeys, channelRules: channelRules(), actor });
  return { status: created ? 201 : 200, json: { ...viewOf(checkpoint, now), ...formLinks(baseUrl, checkpoint.checkpointId, formToken) } };
});
