import { communityView, putCommunity } from '../domain/registry';
import { channelRules } from '../runtime/config';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.putCommunity, async ({ path, body, now }) => {
  const { created, community } = await putCommunity(dynamoStore(), { communityId: path.communityId, body, now, channelRules: channelRules() });
  return { status: created ? 201 : 200, json: communityView(community) };
});
