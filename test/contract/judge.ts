/**
 * Judges requests and answers against an OpenAPI 3.1 document with a JSON Schema validator (ajv,
 * draft 2020-12), the document's own schemas and components resolved. It knows nothing of the zod
 * schemas, the route table or the handlers: only what the document says.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export interface Call {
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** An application/x-www-form-urlencoded body, field by field. */
  form?: Record<string, string>;
  /** A file as the body (an upload route): its media type and bytes. */
  file?: { type: string; bytes: Buffer };
  /** Sends the credential the operation's security names. */
  credential?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  security?: Record<string, unknown>[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, unknown>>;
}

const DOCUMENT_ID = 'openapi.json';
const pointer = (...parts: (string | number)[]) =>
  `${DOCUMENT_ID}#/${parts.map((part) => encodeURIComponent(String(part).replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;

const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const headerOf = (headers: Record<string, string> | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

export const judgeOf = (document: Document) => {
  const validator = (coerce: boolean) => {
    // Parameters and form fields travel as text: an integer parameter is judged on its numerals, as
    // OpenAPI's serialization rules say. JSON bodies and answers are judged as they are.
    const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce });
    addFormats(ajv);
    ajv.addSchema(document as object, DOCUMENT_ID);
    const compiled = new Map<string, ValidateFunction>();
    return (ref: string, value: unknown): string[] => {
      let validate = compiled.get(ref);
      if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
      return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
    };
  };
  const exact = validator(false);
  const asText = validator(true);

  const operationOf = (routeKey: string): Operation => {
    const [method, path] = routeKey.split(' ') as [string, string];
    const operation = document.paths[path]?.[method.toLowerCase()] as Operation | undefined;
    if (!operation) throw new Error(`the document has no ${routeKey}`);
    return operation;
  };

  /** What makes the request invalid by the document; empty when it calls it valid. */
  const request = (routeKey: string, call: Call): string[] => {
    const [method, path] = routeKey.split(' ') as [string, string];
    const operation = operationOf(routeKey);
    const problems: string[] = [];
    (operation.parameters ?? []).forEach((parameter, index) => {
      const given = { path: call.path, query: call.query, header: undefined }[parameter.in];
      const value = parameter.in === 'header' ? headerOf(call.headers, parameter.name) : given?.[parameter.name];
      if (value === undefined) {
        if (parameter.required) problems.push(`${parameter.in} ${parameter.name} is required`);
        return;
      }
      for (const problem of asText(pointer('paths', path, method.toLowerCase(), 'parameters', index, 'schema'), value)) problems.push(`${parameter.in} ${parameter.name}${problem}`);
    });
    // A form posted without JavaScript cannot set a header: the document gives it a body field of the
    // security scheme's name (formToken) that carries the credential instead.
    const inForm = (operation.security ?? []).some((scheme) => Object.keys(scheme).some((name) => call.form?.[name] !== undefined));
    if ((operation.security?.length ?? 0) > 0 && !call.credential && !inForm) problems.push('a credential is required');
    const body = operation.requestBody;
    if (!body && (call.json !== undefined || call.form || call.file)) problems.push('this operation takes no body');
    if (body) {
      const type = call.form ? 'application/x-www-form-urlencoded' : call.json !== undefined ? 'application/json' : call.file?.type;
      if (!type) {
        if (body.required) problems.push('a body is required');
      } else if (!body.content[type]) {
        problems.push(`${type} is not a media type of this body`);
      } else if (!call.file) {
        // A file's bytes are what JSON Schema cannot judge: its media type is the document's word on it.
        const schema = pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', type, 'schema');
        problems.push(...(call.form ? asText(schema, { ...call.form }) : exact(schema, call.json)).map((problem) => `body${problem}`));
      }
    }
    return problems;
  };

  /** What in the answer the document does not promise; empty when it agrees. */
  const answer = (routeKey: string, got: Answer): string[] => {
    const [method, path] = routeKey.split(' ') as [string, string];
    const documented = operationOf(routeKey).responses;
    const status = String(got.status) in documented ? String(got.status) : 'default';
    const response = documented[status];
    if (!response) return [`${got.status} is not a documented answer`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const present = name.toLowerCase() === 'set-cookie' ? got.cookies.length > 0 : headerOf(got.headers, name) !== undefined;
      if (header.required && !present) problems.push(`header ${name} is missing`);
    }
    if (!response.content || method === 'HEAD') return problems;
    const type = mediaTypeOf(headerOf(got.headers, 'content-type'));
    if (!response.content[type]) return [...problems, `${type || 'no content type'} is not a documented media type (${Object.keys(response.content).join(', ')})`];
    let body: unknown = got.body;
    if (type.endsWith('json')) {
      try {
        body = JSON.parse(got.body);
      } catch {
        return [...problems, 'the body is not JSON'];
      }
    }
    const schema = pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', type, 'schema');
    return [...problems, ...exact(schema, body).map((problem) => `body${problem}`)];
  };

  return { request, answer, operationOf };
};
