import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { escalationView } from '../runtime/views';
import { communityIdsInScope, scopedRouteHandler } from '../runtime/scoped-route';

/** The newest `limit` (100 unless asked, at most 1000) of the caller's communities, as the other lists' pages: no cursor (EscalationListQuery). */
export const handler = scopedRouteHandler(routes.listEscalations, async ({ query, actor }) => {
  const communityIds = await communityIdsInScope(actor, query.communityId);
  const escalations = await escalationDynamoStore().listEscalations({ communityIds, ...(query.status && { statuses: [query.status] }), limit: query.limit });
  return { status: 200, json: { items: escalations.map((escalation) => escalationView(escalation)) } };
});
