import { ValidationError } from '../domain/errors';
import { communitiesListed } from '../domain/operators';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

/**
 * The audit trail, newest first: the admin's whole county (or one community), an operator key's own
 * communities (or one of them; another's is a 403).
 */
export const handler = scopedRouteHandler(routes.listAudit, async ({ query, actor }) => {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw new ValidationError('the range is empty', [{ path: 'from', message: 'from must not be after to' }]);
  const communityIds = communitiesListed(actor, query.communityId);
  const page = await dynamoStore().auditEntries({ ...(communityIds && { communityIds }), ...(from && { from }), ...(to && { to }), limit: query.limit, ...(query.cursor && { cursor: query.cursor }) });
  return { status: 200, json: page };
});
