import { inIssueOrder, operatorKeyView } from '../domain/operators';
import { routes } from '../routes';
import { operatorKeyDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listOperatorKeys, async () => {
  const keys = await operatorKeyDynamoStore().operatorKeys();
  const items = inIssueOrder(keys).map(operatorKeyView);
  return { status: 200, json: { items } };
});
