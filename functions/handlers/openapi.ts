import { openApiDocument } from '../contract/openapi';
import { routes } from '../routes';
import { routeHandler } from '../runtime/route';

let document: unknown;

export const handler = routeHandler(routes.openapi, async ({ baseUrl }) => ({
  status: 200,
  json: (document ??= openApiDocument(baseUrl)),
  headers: { 'cache-control': 'public, max-age=300' },
}));
