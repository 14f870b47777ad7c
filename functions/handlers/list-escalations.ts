import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { escalationView } from '../runtime/views';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listEscalations, async ({ query }) => {
  const escalations = await escalationDynamoStore().listEscalations({ ...(query.status && { status: query.status }), ...(query.communityId && { communityId: query.communityId }) });
  return { status: 200, json: { items: escalations.map((escalation) => escalationView(escalation)) } };
});
