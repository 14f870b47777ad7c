/** The OpenAPI 3.1 document, generated from the route table and its zod schemas: never written by hand. */
import * as z from 'zod/mini';
import type { Schema as ZodType } from './schemas';
import { methodAndPath, routeList } from '../routes';

const jsonSchema = (schema: ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const parameters = (schema: ZodType | undefined, where: 'path' | 'query') => {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
};

const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
};

export const openApiDocument = (serverUrl: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList()) {
    const { method, path } = methodAndPath(route.key);
    const content: Record<string, unknown> = {};
    if (route.body) {
      content['application/json'] = { schema: jsonSchema(route.body) };
      if (route.acceptsForm) content['application/x-www-form-urlencoded'] = { schema: jsonSchema(route.body) };
    }
    (paths[path] ??= {})[method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      ...(route.auth !== 'public' && { security: [{ [route.auth === 'admin' ? 'adminKey' : 'formToken']: [] }] }),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body && { requestBody: { required: true, content } }),
      responses: {
        '200': { description: 'OK' },
        ...(method === 'PUT' || method === 'POST' ? { '201': { description: 'Created' } } : {}),
        default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'checkpoint-watch', version: '1', description: 'Checkpoint readings, escalation and daily summaries.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: ErrorSchema },
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'The county admin key' },
        formToken: { type: 'http', scheme: 'bearer', description: "A checkpoint's form token" },
      },
    },
  };
};
