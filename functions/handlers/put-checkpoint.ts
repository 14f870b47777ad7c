import { putCheckpoint, viewOf } from '../domain/registry';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { dynamoStore } from '../runtime/deps';
import { formLinks } from '../runtime/links';
import { channelRules } from '../runtime/config';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.putCheckpoint, async ({ path, body, now, baseUrl }) => {
  const { created, checkpoint, formToken } = await putCheckpoint(dynamoStore(), { checkpointId: path.checkpointId, body, now, keys: linkKeys, channelRules: channelRules() });
  return { status: created ? 201 : 200, json: { ...viewOf(checkpoint, now), ...formLinks(baseUrl, checkpoint.checkpointId, formToken) } };
});
