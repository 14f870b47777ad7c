/**
 * The OpenAPI 3.1 document, generated from the route table, the request schemas (schemas.ts) and the
 * response schemas (responses.ts): never written by hand. test/contract/ lints it (redocly, recommended
 * rules) and judges the handlers' real answers against it.
 */
import * as z from 'zod/mini';
import { FORM_TOKEN_FIELD, MAX_BODY_BYTES } from '../runtime/http';
import { functionEnv } from '../function-env';
import { methodAndPath, routeList, type RouteDef } from '../routes';
import { Html, responses, responseSchemas, WEBHOOK_SUMMARIES, type ResponseName, type ResponseSchemaName, type ResponseSpec } from './responses';
import type { Schema as ZodType } from './schemas';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; type?: unknown };

const jsonSchema = (schema: ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const parameters = (schema: ZodType | undefined, where: 'path' | 'query') => {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' && { description: property.description }),
    schema: property,
  }));
};

/** A preflight never reads its path: any value gets the same answer, and the request itself checks it. */
const preflightParameters = (path: string) => [
  ...[...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: 'path',
    required: true,
    description: 'Not checked by the preflight; the request it precedes checks it',
    schema: { type: 'string' },
  })),
  { name: 'Origin', in: 'header', required: true, description: 'The calling page’s origin: a configured form origin (FORM_ORIGINS) or the API’s own', schema: { type: 'string' } },
];

/**
 * The form a page without JavaScript posts: the JSON body's fields as form fields, lists of objects as
 * `feverCases[0].tempC`, numbers as numerals, empty fields left out; on a form-token route the token in
 * the `formToken` field (the page cannot set a header).
 */
const formSchema = (body: JsonSchema, withToken: boolean): JsonSchema => {
  const properties: Record<string, JsonSchema> = {};
  const patternProperties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(body.properties ?? {})) {
    const inner = property.type === 'array' ? property.items?.properties : undefined;
    if (!inner) {
      properties[name] = property;
      continue;
    }
    for (const [field, schema] of Object.entries(inner)) patternProperties[`^${name}\\[\\d{1,3}\\]\\.${field}$`] = schema;
  }
  if (withToken) properties[FORM_TOKEN_FIELD] = { type: 'string', description: 'The form token, when it cannot travel as Authorization: Bearer' };
  const lists = Object.keys(body.properties ?? {}).filter((name) => body.properties![name]!.type === 'array' && body.properties![name]!.items?.properties);
  return {
    ...body,
    description: [
      body.description,
      lists.length > 0 && `Lists of objects as indexed fields: ${lists.map((name) => `${name}[0].field`).join(', ')}; the list itself follows the same rules as in JSON.`,
    ]
      .filter(Boolean)
      .join(' '),
    properties,
    ...(Object.keys(patternProperties).length > 0 && { patternProperties }),
    required: (body.required ?? []).filter((name) => name in properties),
  };
};

/**
 * A file as the body (RouteDef.file): its bytes, of any of the route's media types, up to its own cap.
 * Binary types are described as bytes (contentMediaType); text types as text.
 */
const fileBody = (file: NonNullable<RouteDef['file']>) => ({
  required: true,
  description: file.description ?? `The file itself, at most ${file.maxBytes.toLocaleString('en')} bytes (what Lambda's 6 MiB takes once API Gateway base64-encodes it); CSV in UTF-8 (a BOM is fine) or GB18030, or an xlsx workbook. With a generic type (application/octet-stream, application/vnd.ms-excel, none) the format is told by the bytes`,
  content: Object.fromEntries(
    file.mediaTypes.map((type) => [type, { schema: /^text\/|csv$/.test(type) ? { type: 'string' } : { type: 'string', contentMediaType: type } }]),
  ),
});

const contentOf = (spec: ResponseSpec) =>
  spec.content &&
  Object.fromEntries(
    Object.entries(spec.content).map(([type, schema]) => [
      type,
      { schema: typeof schema === 'string' ? { $ref: `#/components/schemas/${schema as ResponseSchemaName}` } : jsonSchema(schema, 'output') },
    ]),
  );

const responseObject = (spec: ResponseSpec, options: { head: boolean; formPage: boolean; page: boolean }) => {
  // A page route's refusals are pages, not the JSON error (RouteDef.page).
  const content = options.head ? undefined : options.page && spec.content ? { 'text/html': { schema: jsonSchema(Html, 'output') } } : contentOf(spec);
  if (content && options.formPage) content['text/html'] = { schema: jsonSchema(Html, 'output') };
  return {
    description: spec.description,
    ...(spec.headers && { headers: Object.fromEntries(Object.entries(spec.headers).map(([name, header]) => [name, { ...header, required: header.required ?? false }])) }),
    ...(content && { content }),
  };
};

/** The refusals and faults a route gives by what it is; its own `responses` add to and override them. */
const usualErrors = (route: RouteDef, preflight: boolean): Partial<Record<number, ResponseName>> => {
  if (preflight) return { 500: 'internal' };
  const credential = route.auth !== 'public';
  // Anything the function reaches — the table, a secret, mail — may be unreachable for a moment: a 503.
  const env: { table?: unknown; secrets?: readonly unknown[]; mail?: unknown } = functionEnv[route.handler as keyof typeof functionEnv];
  const dependency = env.table !== undefined || (env.secrets?.length ?? 0) > 0 || env.mail !== undefined;
  return {
    ...((route.params || route.query || route.body || route.file) && { 400: 'badRequest' }),
    ...(credential && { 401: 'unauthorized' }),
    // A form token of another checkpoint; an operator key outside its communities, or on a county-only route.
    ...(route.auth !== 'public' && { 403: 'forbidden' }),
    ...((route.body || route.file) && { 413: 'payloadTooLarge', 415: 'unsupportedMediaType' }),
    ...(dependency && { 503: 'unavailable' }),
    500: 'internal',
  };
};

const SECURITY = { admin: [{ adminKey: [] }], form: [{ formToken: [] }], public: [], console: [{ consolePass: [] }] } as const;

export const openApiDocument = (serverUrl: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList()) {
    const { method, path } = methodAndPath(route.key);
    const preflight = method === 'OPTIONS';
    const content: Record<string, unknown> = {};
    if (route.body) {
      const body = jsonSchema(route.body, 'input');
      content['application/json'] = { schema: body };
      if (route.acceptsForm) content['application/x-www-form-urlencoded'] = { schema: formSchema(body, route.auth === 'form') };
    }
    const named = { ...usualErrors(route, preflight), ...route.responses };
    const statuses = Object.keys(named).sort();
    (paths[path] ??= {})[method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      ...(route.acceptsForm && {
        description:
          'Takes JSON, or a form posted without JavaScript (application/x-www-form-urlencoded)' +
          (route.formErrorPage ? '; a form is answered with pages: a 303 to the result page, or the refusal as an HTML page with the same status.' : '.'),
      }),
      security: route.operators ? [...SECURITY.admin, { operatorKey: [] }] : SECURITY[route.auth],
      parameters: preflight ? preflightParameters(path) : [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body && { requestBody: { required: true, description: `At most ${MAX_BODY_BYTES / 1024} KiB, UTF-8`, content } }),
      ...(route.file && { requestBody: fileBody(route.file) }),
      responses: Object.fromEntries(
        statuses.map((status) => [
          status,
          responseObject(responses[named[Number(status)]!], {
            head: method === 'HEAD',
            formPage: Number(status) >= 400 && route.formErrorPage === true,
            page: Number(status) >= 400 && route.page === true,
          }),
        ]),
      ),
    };
  }
  // What a `webhook` channel receives: one operation per event type, all the same signed envelope.
  const signatureHeaders = [
    { name: 'webhook-id', in: 'header', required: true, description: 'The event id: the same on every retry', schema: { type: 'string' } },
    { name: 'webhook-timestamp', in: 'header', required: true, description: 'This attempt, in seconds since the epoch', schema: { type: 'string', pattern: '^\\d+$' } },
    {
      name: 'webhook-signature',
      in: 'header',
      required: true,
      description: 'v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" under the channel secret whsec_<base64>> (Standard Webhooks 1.0)',
      schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+$' },
    },
  ];
  const webhooks = Object.fromEntries(
    Object.entries(WEBHOOK_SUMMARIES).map(([type, summary]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace('.', '_')}`,
          summary,
          description: `Sent to each \`webhook\` channel that hears of it, with \`type: "${type}"\`. Answer 2xx; 429 and 5xx are tried again, each minute or not before the answer's Retry-After when that is longer; any other answer is not.`,
          tags: ['webhooks'],
          security: [],
          parameters: signatureHeaders,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookEvent' } } } },
          responses: { '200': { description: 'Taken' }, '429': { description: 'Rate limited: sent again later' } },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'checkpoint-watch',
      version: '1',
      description: 'Checkpoint readings, escalation and daily summaries.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    paths,
    webhooks,
    components: {
      schemas: Object.fromEntries(Object.entries(responseSchemas).map(([name, schema]) => [name, jsonSchema(schema, 'output')])),
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'The county admin key' },
        operatorKey: { type: 'http', scheme: 'bearer', description: "A community operator key (op_<keyId>_<secret>): what the admin key may do, within the key's communities only" },
        consolePass: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cw_admin',
          description: "The console's signed pass (POST /admin/sign-in, with the admin key or an operator key): HttpOnly, SameSite=Strict. Every POST also carries the pass's CSRF token in its form and must come from the console's own origin",
        },
        formToken: {
          type: 'http',
          scheme: 'bearer',
          description: `A checkpoint's form token; a form posted without JavaScript may carry it in its ${FORM_TOKEN_FIELD} field instead`,
        },
      },
    },
  };
};
