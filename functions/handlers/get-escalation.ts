import { NotFoundError } from '../domain/errors';
import { routes } from '../routes';
import { escalationDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';
import { escalationView } from '../runtime/views';

export const handler = routeHandler(routes.getEscalation, async ({ path }) => {
  const store = escalationDynamoStore();
  const escalation = await store.escalation(path.escalationId);
  if (!escalation) throw new NotFoundError(`no escalation ${path.escalationId}`);
  return { status: 200, json: escalationView(escalation, await store.notices(path.escalationId)) };
});
