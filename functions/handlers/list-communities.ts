import { communityView } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listCommunities, async ({ query }) => {
  const page = await dynamoStore().listCommunities(query);
  return { status: 200, json: { ...page, items: page.items.map(communityView) } };
});
