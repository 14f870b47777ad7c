import { ConflictError } from '../domain/errors';
import { acknowledge } from '../domain/escalation';
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
  if (escalation.status === 'resolved' || escalation.status === 'unresolved') {
    const how = escalation.status === 'resolved' ? `resolved at ${escalation.resolvedAt}` : `ended unresolved at ${escalation.closedAt}`;
    const before = escalation.acknowledgedBy ? ` (acknowledged by ${escalation.acknowledgedBy} at ${escalation.acknowledgedAt})` : '';
    throw new ConflictError(`the escalation already ${how}${before}; nothing was acknowledged`);
  }
  return { status: 200, json: { ...escalationView(escalation), acknowledgedNow: changed } };
});
