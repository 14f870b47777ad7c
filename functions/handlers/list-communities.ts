import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listCommunities, async ({ query }) => ({
  status: 200,
  json: await dynamoStore().listCommunities(query),
}));
