import { NotFoundError } from '../domain/errors';
import { revokeOperatorKey } from '../domain/operators';
import { routes } from '../routes';
import { operatorKeyDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

/** Revoked at once: every request looks its key up, consistently, and nothing caches a key. */
export const handler = routeHandler(routes.deleteOperatorKey, async ({ path, now, actor }) => {
  if (!(await revokeOperatorKey(operatorKeyDynamoStore(), { keyId: path.keyId, now, actor }))) throw new NotFoundError(`no operator key ${path.keyId}`);
  return { status: 204 };
});
