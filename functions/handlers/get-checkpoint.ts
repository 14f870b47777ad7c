import { visibleTo } from '../domain/operators';
import { viewOf } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.getCheckpoint, async ({ path, now, actor }) => {
  const checkpoint = visibleTo(actor, await dynamoStore().checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  return { status: 200, json: viewOf(checkpoint, now) };
});
