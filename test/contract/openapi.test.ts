import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi';
import { methodAndPath, routeList } from '../../functions/routes';

describe('the OpenAPI document', () => {
  const document = openApiDocument('https://api.test');

  it('lists the same routes as the route table', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routeList().map((route) => route.key).sort());
  });

  it('describes the reading body from the zod schema, unknown fields refused', () => {
    const { path, method } = methodAndPath('POST /checkpoints/{checkpointId}/readings');
    const body = (document.paths[path]![method.toLowerCase()] as any).requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.required).toEqual(expect.arrayContaining(['submissionId', 'officer', 'screened', 'entries', 'exits', 'feverCount']));
    expect(body.properties.maxTempC).toMatchObject({ minimum: 34, maximum: 43 });
  });

  it('names the credential of every non-public route', () => {
    for (const route of routeList()) {
      const { path, method } = methodAndPath(route.key);
      const operation = document.paths[path]![method.toLowerCase()] as { security?: unknown };
      expect(operation.security !== undefined, route.key).toBe(route.auth !== 'public');
    }
  });
});
