/**
 * Property-based: thousands of generated requests through the real reading handler on DynamoDB Local.
 * The zod schema is the oracle: what it accepts is stored (201), anything else is refused with a 4xx
 * that names its issues — never a 5xx, and never a write on a 4xx.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { ReadingBody } from '../../functions/contract/schemas';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { invoke, type EventInput } from '../helpers/events';
import { useFreshTable } from '../helpers/table';
import { resetConfig } from '../../functions/runtime/config';

let token: string;
let writes = 0;

beforeAll(async () => {
  await useFreshTable();
  // Thousands of readings a minute from one form: the rate limit (tested in readings.test.ts) is lifted
  // so that the schema alone decides what is accepted.
  process.env.READINGS_PER_MINUTE = '1000000';
  resetConfig();
  await registerCommunity('fuzz');
  ({ token } = await registerCheckpoint('fuzz-gate', { communityId: 'fuzz' }));
  documentClient().middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (/^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(context.commandName ?? '')) writes += 1;
      return next(args);
    }) as never,
    { step: 'initialize', name: 'countWrites' },
  );
});

const post = (input: Partial<EventInput>) =>
  invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'fuzz-gate' }, token, ...input });

/** Sends one request and holds it to the contract; returns the status. */
const check = async (input: Partial<EventInput>, expectAccepted?: boolean) => {
  const before = writes;
  const answer = await post(input);
  expect(answer.status, answer.text).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(writes, `a ${answer.status} wrote`).toBe(before);
    // Forms without JavaScript are answered with a page; everything else with the JSON error contract.
    if ((input.headers?.['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) expect(answer.headers['content-type']).toMatch(/^text\/html/);
    else expect(answer.json?.error?.code, answer.text).toEqual(expect.any(String));
    expect(answer.text).not.toMatch(/at .*\.(ts|js):\d+/);
  }
  if (expectAccepted !== undefined) expect(answer.status === 201 || answer.status === 200, `${answer.status} ${answer.text}`).toBe(expectAccepted);
  return answer.status;
};

const goodCount = fc.nat(100_000);
const badValue = fc.oneof(fc.integer({ min: -5, max: -1 }), fc.integer({ min: 100_001, max: 200_000 }), fc.double(), fc.constant('12'), fc.constant(null), fc.jsonValue());
const feverCase = fc.record({ tempC: fc.double({ min: 37.3, max: 43, noNaN: true }), direction: fc.constantFrom('in', 'out'), note: fc.string({ maxLength: 200 }) }, { requiredKeys: ['tempC', 'direction'] });

/** A reading the schema accepts: the fever cases match the fever count, the highest temperature covers them. */
const validBody = fc
  .record({
    submissionId: fc.uuid({ version: 4 }),
    officer: fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0),
    screened: goodCount,
    entries: goodCount,
    exits: goodCount,
    feverCases: fc.array(feverCase, { maxLength: 3 }),
    staffOnDuty: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    notes: fc.option(fc.string({ maxLength: 1000 }), { nil: undefined }),
  })
  .map(({ feverCases, ...rest }) => ({
    ...rest,
    feverCount: feverCases.length,
    ...(feverCases.length > 0 && { feverCases, maxTempC: Math.max(...feverCases.map((c) => c.tempC)) }),
  }));

const FIELDS = ['submissionId', 'officer', 'screened', 'entries', 'exits', 'feverCount', 'maxTempC', 'feverCases', 'staffOnDuty', 'notes', '__proto__', 'extra'];

/** Half the time the body as it is; otherwise one field removed, replaced by a wrong value, or added. */
const nearlyValid = fc
  .tuple(validBody, fc.nat(3), fc.constantFrom(...FIELDS), badValue)
  .map(([body, mutation, field, value]) => {
    const copy: Record<string, unknown> = { ...body };
    if (mutation === 1) delete copy[field];
    if (mutation === 2 || mutation === 3) Object.defineProperty(copy, field, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });

describe('the reading route under generated input', () => {
  it('accepts exactly what the schema accepts, and refuses the rest with a 4xx and no write (6,000 JSON bodies)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: nearlyValid }, { weight: 1, arbitrary: fc.jsonValue() }), async (body) => {
        const valid = ReadingBody.safeParse(body).success;
        const status = await check({ body }, valid);
        if (status === 201) accepted += 1;
      }),
      { numRuns: 6000 },
    );
    // The generators must reach the accepting path often enough to mean something.
    expect(accepted).toBeGreaterThan(1000);
  }, 600_000);

  it('never answers 5xx to raw bodies: broken JSON, NaN, odd keys, invalid UTF-8, wrong or missing types, huge bodies (4,000)', async () => {
    const rawText = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('{', 'NaN', '{"screened":NaN}', '{"screened":Infinity}', '[]', 'null', '"x"', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{}}}', '{"a":'.repeat(500)),
      fc.json(),
    );
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', '', 'multipart/form-data; boundary=x');
    const request = fc.oneof(
      fc.record({ rawBody: rawText, headers: contentType.map((type): Record<string, string> => (type ? { 'content-type': type } : {})) }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ rawBody: Buffer.from(bytes).toString('base64'), base64: true, headers: { 'content-type': 'application/json' } })),
      fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 })).map((fields) => ({ rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
      fc.integer({ min: 16 * 1024 - 10, max: 1024 * 1024 }).map((size) => ({ rawBody: `{"notes":"${'x'.repeat(size)}"}`, headers: { 'content-type': 'application/json' } })),
    );
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const status = await check(input);
        expect(status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 4000 },
    );
  }, 600_000);

  it('answers odd path parameters with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (checkpointId) => {
        const answer = await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId }, admin: true });
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
