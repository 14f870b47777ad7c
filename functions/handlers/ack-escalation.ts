import { ConflictError } from '../domain/errors';
import { acknowledge } from '../domain/escalation';
import { routes } from '../routes';
import { escalationDeps } from '../runtime/deps';
import { routeHandler } from '../runtime/route';
import { escalationView } from '../runtime/views';

/**
 * Acknowledges as admin. The answer says whether this request did it (`acknowledgedNow`) or someone
 * had before (`acknowledgedBy`, `acknowledgedAt`); an escalation that has already ended is a 409 that
 * says how it ended, not the escalation as if acknowledged.
 */
export const handler = routeHandler(routes.ackEscalation, async ({ path, baseUrl }) => {
  const { escalation, changed } = await acknowledge(escalationDeps(baseUrl), path.escalationId, 'admin');
  if (escalation.status === 'resolved' || escalation.status === 'unresolved') {
    const how = escalation.status === 'resolved' ? `resolved at ${escalation.resolvedAt}` : `ended unresolved at ${escalation.closedAt}`;
    const before = escalation.acknowledgedBy ? ` (acknowledged by ${escalation.acknowledgedBy} at ${escalation.acknowledgedAt})` : '';
    throw new ConflictError(`the escalation already ${how}${before}; nothing was acknowledged`);
  }
  return { status: 200, json: { ...escalationView(escalation), acknowledgedNow: changed } };
});
