import { communitiesListed } from '../domain/operators';
import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { escalationView } from '../runtime/views';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** As many as the county's list gives (the store's default). */
const LIMIT = 100;

export const handler = scopedRouteHandler(routes.listEscalations, async ({ query, actor }) => {
  const store = escalationDynamoStore();
  const status = query.status && { status: query.status };
  const scope = communitiesListed(actor, query.communityId);
  // Per community when narrowed (one query each), newest first across them, as the county's list is.
  const escalations = scope
    ? (await Promise.all(scope.map((communityId) => store.listEscalations({ ...status, communityId }))))
        .flat()
        .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))
        .slice(0, LIMIT)
    : await store.listEscalations({ ...status });
  return { status: 200, json: { items: escalations.map((escalation) => escalationView(escalation)) } };
});
