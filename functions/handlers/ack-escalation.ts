import { ConflictError } from '../domain/errors';
import { acknowledge, endedHow, isActive } from '../domain/escalation';
import { actorName, requireVisible } from '../domain/operators';
import { routes } from '../routes';
import { escalationDeps, escalationDynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';
import { escalationView } from '../runtime/views';

/**
 * Acknowledges as the admin, or as an operator key of the escalation's community (by the key's name). The answer says whether this request did it (`acknowledgedNow`) or someone
 * had before (`acknowledgedBy`, `acknowledgedAt`); an escalation that has already ended is a 409 that
 * says how it ended, not the escalation as if acknowledged.
 */
export const handler = scopedRouteHandler(routes.ackEscalation, async ({ path, baseUrl, actor }) => {
  await requireVisible(actor, () => escalationDynamoStore().escalation(path.escalationId), `escalation ${path.escalationId}`);
  const { escalation, changed } = await acknowledge(escalationDeps(baseUrl), path.escalationId, actorName(actor), undefined, actor);
  if (!isActive(escalation)) throw new ConflictError(`the escalation already ${endedHow(escalation)}; nothing was acknowledged`);
  return { status: 200, json: { ...escalationView(escalation), acknowledgedNow: changed } };
});
