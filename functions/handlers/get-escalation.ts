import { visibleTo } from '../domain/operators';
import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';
import { escalationView } from '../runtime/views';

export const handler = scopedRouteHandler(routes.getEscalation, async ({ path, actor }) => {
  const store = escalationDynamoStore();
  const escalation = visibleTo(actor, await store.escalation(path.escalationId), `escalation ${path.escalationId}`);
  return { status: 200, json: escalationView(escalation, await store.notices(path.escalationId)) };
});
