import { communitiesListed } from '../domain/operators';
import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { escalationView } from '../runtime/views';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** The newest `limit` (100 unless asked, at most 1000), as the other lists' pages: no cursor (EscalationListQuery). */
export const handler = scopedRouteHandler(routes.listEscalations, async ({ query, actor }) => {
  const store = escalationDynamoStore();
  const filter = { ...(query.status && { status: query.status }), limit: query.limit };
  const scope = communitiesListed(actor, query.communityId);
  // Per community when narrowed (one query each), newest first across them, as the county's list is.
  const escalations = scope
    ? (await Promise.all(scope.map((communityId) => store.listEscalations({ ...filter, communityId }))))
        .flat()
        .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))
        .slice(0, query.limit)
    : await store.listEscalations(filter);
  return { status: 200, json: { items: escalations.map((escalation) => escalationView(escalation)) } };
});
