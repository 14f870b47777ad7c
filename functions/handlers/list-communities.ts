import { communitiesListed, pageAcross } from '../domain/operators';
import { communityView } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.listCommunities, async ({ query, actor }) => {
  const store = dynamoStore();
  const scope = communitiesListed(actor, undefined);
  const page = scope
    ? await pageAcross(scope, query, async (communityId) => {
        const community = await store.community(communityId);
        return { items: community ? [community] : [] };
      })
    : await store.listCommunities(query);
  return { status: 200, json: { ...page, items: page.items.map(communityView) } };
});
