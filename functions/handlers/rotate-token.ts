import { requireVisible } from '../domain/operators';
import { rotateFormToken, viewOf } from '../domain/registry';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { dynamoStore } from '../runtime/deps';
import { formLinks } from '../runtime/links';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.rotateToken, async ({ path, now, baseUrl, actor }) => {
  const store = dynamoStore();
  await requireVisible(actor, () => store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const { checkpoint, formToken } = await rotateFormToken(store, { checkpointId: path.checkpointId, now, keys: linkKeys, actor });
  return { status: 200, json: { ...viewOf(checkpoint, now), ...formLinks(baseUrl, checkpoint.checkpointId, formToken) } };
});
