import { listAudit } from '../domain/audit-query';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** The audit trail, newest first, of what the key may see (functions/domain/audit-query.ts). */
export const handler = scopedRouteHandler(routes.listAudit, async ({ query, actor }) => ({ status: 200, json: await listAudit(dynamoStore(), actor, query) }));
