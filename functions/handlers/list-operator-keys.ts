import { operatorKeyView } from '../domain/operators';
import { routes } from '../routes';
import { operatorKeyDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listOperatorKeys, async () => {
  const keys = await operatorKeyDynamoStore().operatorKeys();
  const items = keys.map(operatorKeyView).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId < b.keyId ? -1 : 1));
  return { status: 200, json: { items } };
});
