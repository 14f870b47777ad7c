import { putCommunity } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.putCommunity, async ({ path, body, now }) => {
  const { created, community } = await putCommunity(dynamoStore(), { communityId: path.communityId, body, now });
  return { status: created ? 201 : 200, json: community };
});
