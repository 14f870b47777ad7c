import { rotateFormToken, viewOf } from '../domain/registry';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { dynamoStore } from '../runtime/deps';
import { formLinks } from '../runtime/links';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.rotateToken, async ({ path, now, baseUrl }) => {
  const { checkpoint, formToken } = await rotateFormToken(dynamoStore(), { checkpointId: path.checkpointId, now, keys: linkKeys });
  return { status: 200, json: { ...viewOf(checkpoint, now), ...formLinks(baseUrl, checkpoint.checkpointId, formToken) } };
});
