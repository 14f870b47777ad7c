import { createOperatorKey } from '../domain/operators';
import { routes } from '../routes';
import { dynamoStore, operatorKeyDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

/** County admin only (no `operators` on the route: an operator key is refused before this runs). */
export const handler = routeHandler(routes.createOperatorKey, async ({ body, now, actor }) => {
  const registry = dynamoStore();
  const issued = await createOperatorKey(operatorKeyDynamoStore(), async (communityId) => (await registry.community(communityId)) !== undefined, { ...body, now, actor });
  return { status: 201, headers: { 'cache-control': 'no-store' }, json: issued };
});
