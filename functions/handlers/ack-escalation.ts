import { acknowledge } from '../domain/escalations';
import { routes } from '../routes';
import { escalationDeps } from '../runtime/deps';
import { routeHandler } from '../runtime/route';
import { escalationView } from '../runtime/views';

export const handler = routeHandler(routes.ackEscalation, async ({ path, baseUrl }) => {
  const { escalation } = await acknowledge(escalationDeps(baseUrl), path.escalationId, 'admin');
  return { status: 200, json: escalationView(escalation) };
});
