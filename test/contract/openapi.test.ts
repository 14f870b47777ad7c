import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi';
import { ISO_DURATION_PATTERN } from '../../functions/contract/schemas';
import { durationMs, isValidLocalDate } from '../../functions/domain/time';
import { methodAndPath, routeList } from '../../functions/routes';

const operation = (key: string) => {
  const { path, method } = methodAndPath(key);
  return document.paths[path]![method.toLowerCase()] as any;
};
const document = openApiDocument('https://api.test');

describe('the OpenAPI document', () => {

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

  it('names the credential of every non-public route, and says public routes need none', () => {
    for (const route of routeList()) {
      const { path, method } = methodAndPath(route.key);
      const operation = document.paths[path]![method.toLowerCase()] as { security?: Record<string, unknown>[] };
      // An admin route that takes operator keys takes either credential.
      const expected = route.operators ? [{ adminKey: [] }, { operatorKey: [] }] : { admin: [{ adminKey: [] }], form: [{ formToken: [] }], public: [], console: [{ consolePass: [] }] }[route.auth];
      expect(operation.security, route.key).toEqual(expected);
    }
  });

  it('gives the form a no-JavaScript page posts: its fields, feverCases[i].field, and formToken where the token is the credential', () => {
    const form = operation('POST /checkpoints/{checkpointId}/readings').requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(form.properties.formToken).toMatchObject({ type: 'string' });
    expect(form.properties.feverCases).toBeUndefined();
    expect(Object.keys(form.patternProperties)).toEqual(expect.arrayContaining(['^feverCases\\[\\d{1,3}\\]\\.tempC$']));
    expect(form.additionalProperties).toBe(false);
    const signIn = operation('POST /board/sign-in').requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(signIn.properties.formToken).toBeUndefined();
  });

  it('documents the 303 of a form post with its Location, and the 204 of a preflight with its path parameter', () => {
    expect(operation('POST /checkpoints/{checkpointId}/readings').responses['303'].headers.Location.required).toBe(true);
    expect(operation('POST /board/sign-in').responses['303'].headers).toHaveProperty('Set-Cookie');
    const preflight = operation('OPTIONS /checkpoints/{checkpointId}/readings');
    expect(preflight.responses['204'].headers).toHaveProperty('Access-Control-Allow-Origin');
    expect(preflight.parameters.map((p: { name: string; in: string }) => `${p.in} ${p.name}`)).toEqual(['path checkpointId', 'header Origin']);
  });

  it('gives every 4xx and 5xx in the error contract, with Retry-After on 429 and 503', () => {
    for (const route of routeList()) {
      for (const [status, response] of Object.entries(operation(route.key).responses) as [string, any][]) {
        if (Number(status) < 400 || route.key.startsWith('HEAD')) continue;
        const json = response.content['application/json']?.schema;
        if (json) expect(json, `${route.key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        else expect(Object.keys(response.content), `${route.key} ${status}`).toEqual(['text/html']);
        if (status === '429' || status === '503') expect(response.headers['Retry-After'].required, route.key).toBe(true);
      }
    }
    expect(Object.keys(operation('POST /checkpoints/{checkpointId}/readings').responses).sort()).toEqual(['200', '201', '303', '400', '401', '403', '409', '413', '415', '429', '500', '503']);
  });

  it('says in JSON Schema the duration syntax the server reads: the pattern matches exactly what durationMs reads', () => {
    const pattern = new RegExp(ISO_DURATION_PATTERN, 'u');
    const samples = ['PT2H', 'PT30S', 'P1D', 'P1W', 'PT1,5H', 'P1DT2H', 'P', 'PT', 'P1DT', 'P1M', 'P1Y', 'PT2h', ' PT2H', 'PT1H30M', 'P0D'];
    for (const text of samples) expect(pattern.test(text), text).toBe(durationMs(text) !== undefined);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('P', 'T', 'Y', 'M', 'W', 'D', 'H', 'S', '1', '0', '.', ','), maxLength: 12 }), (text) => pattern.test(text) === (durationMs(text) !== undefined)),
      { numRuns: 5000 },
    );
    const grace = operation('PUT /checkpoints/{checkpointId}').requestBody.content['application/json'].schema.properties.grace;
    expect(grace).toMatchObject({ pattern: ISO_DURATION_PATTERN, description: expect.stringContaining('PT0S to P1D') });
  });

  it('says the summary date the server takes: a calendar date (format) in the years it allows (pattern)', () => {
    const date = operation('POST /summaries/{date}').parameters.find((p: { name: string }) => p.name === 'date').schema;
    expect(date.format).toBe('date');
    const pattern = new RegExp(date.pattern, 'u');
    for (const text of ['1999-12-31', '2000-01-01', '2026-11-29', '2100-12-31', '2101-01-01', '0000-01-01']) expect(pattern.test(text), text).toBe(isValidLocalDate(text));
  });

  it('describes each refinement JSON Schema cannot say', () => {
    const reading = operation('POST /checkpoints/{checkpointId}/readings').requestBody.content['application/json'].schema;
    expect(reading.description).toMatch(/feverCount.*maxTempC.*observedAt/);
    expect(reading.properties.feverCases.description).toMatch(/feverCount/);
    expect(reading.properties.observedAt.description).toMatch(/future/);
    const checkpoint = operation('PUT /checkpoints/{checkpointId}').requestBody.content['application/json'].schema;
    const cron = checkpoint.properties.schedule.anyOf[1].properties.cron;
    expect(cron.description).toMatch(/minute hour day-of-month month day-of-week \(no seconds field\)/);
    const fiveFields = new RegExp(cron.pattern, 'u');
    for (const [text, five] of [['0 8,12,18 * * *', true], [' */5 * * * 1-5 ', true], ['* * * * * *', false], ['0 8 * *', false]] as const) expect(fiveFields.test(text), text).toBe(five);
    const community = operation('PUT /communities/{communityId}').requestBody.content['application/json'].schema;
    expect(community.properties.timezone.description).toMatch(/IANA.*canonical/);
  });
});
