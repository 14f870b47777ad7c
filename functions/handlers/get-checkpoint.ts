import { NotFoundError } from '../domain/errors';
import { viewOf } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.getCheckpoint, async ({ path, now }) => {
  const checkpoint = await dynamoStore().checkpoint(path.checkpointId);
  if (!checkpoint) throw new NotFoundError(`no checkpoint ${path.checkpointId}`);
  return { status: 200, json: viewOf(checkpoint, now) };
});
