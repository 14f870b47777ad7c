import { communitiesListed, pageAcross } from '../domain/operators';
import { viewOf } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.listCheckpoints, async ({ query, now, actor }) => {
  const store = dynamoStore();
  const scope = communitiesListed(actor, query.communityId);
  // An operator without ?communityId= lists all its communities' checkpoints, paged as one list.
  const page = scope && !query.communityId ? await pageAcross(scope, query, (communityId, part) => store.listCheckpoints({ ...part, communityId })) : await store.listCheckpoints(query);
  return { status: 200, json: { ...page, items: page.items.map((checkpoint) => viewOf(checkpoint, now)) } };
});
