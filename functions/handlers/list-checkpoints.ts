import { viewOf } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listCheckpoints, async ({ query, now }) => {
  const page = await dynamoStore().listCheckpoints(query);
  return { status: 200, json: { ...page, items: page.items.map((checkpoint) => viewOf(checkpoint, now)) } };
});
