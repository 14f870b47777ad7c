import { requireVisible } from '../domain/operators';
import { communityView, putCommunity } from '../domain/registry';
import { channelRules } from '../runtime/config';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.putCommunity, async ({ path, body, now, actor }) => {
  const store = dynamoStore();
  // An operator replaces its own communities; creating one is the county's.
  await requireVisible(actor, () => store.community(path.communityId), `community ${path.communityId}`);
  const { created, community } = await putCommunity(store, { communityId: path.communityId, body, now, channelRules: channelRules(), actor });
  return { status: created ? 201 : 200, json: communityView(community) };
});
