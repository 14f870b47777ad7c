/** Acknowledging from the console: the API's own use case, as the admin or the operator key's name, and back to the escalations. */
import { consoleRoutes } from '../console-routes';
import { ConflictError } from '../domain/errors';
import { acknowledge, endedHow, isActive } from '../domain/escalation';
import { actorName, requireVisible } from '../domain/operators';
import { consoleRouteHandler } from '../runtime/console';
import { escalationDeps, escalationDynamoStore } from '../runtime/deps';

export const handler = consoleRouteHandler(consoleRoutes.consoleAck, async ({ session, path, baseUrl }) => {
  await requireVisible(session.actor, () => escalationDynamoStore().escalation(path.escalationId), `escalation ${path.escalationId}`);
  const { escalation } = await acknowledge(escalationDeps(baseUrl), path.escalationId, actorName(session.actor), undefined, session.actor);
  if (!isActive(escalation)) throw new ConflictError(`the escalation already ${endedHow(escalation)}; nothing was acknowledged`);
  return { status: 303, headers: { location: '/admin/escalations?saved=acknowledged' } };
});
