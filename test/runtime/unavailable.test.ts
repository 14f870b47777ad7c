/**
 * A 503 says only what is known. When the function's time runs out mid-write (middy answers just before
 * Lambda's cut, while the write goes on) or a dependency fails or does not answer in time, the write may
 * have been applied: the answer must not say nothing was stored, and must tell the client to send the
 * same again (a reading with its submissionId, which is stored once) — in the contract's own words.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/contract/openapi';
import type { RouteDef } from '../../functions/routes';
import { routeHandler } from '../../functions/runtime/route';
import { lambdaContext } from '../../local/lambda';
import { httpEvent } from '../helpers/events';

const route: RouteDef = { key: 'POST /test', handler: 'test', auth: 'public', summary: 'a test route', responses: {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const answerOf = async (handle: () => Promise<never> | Promise<{ status: number }>, timeoutSeconds = 10) => {
  const result = await routeHandler(route, handle)(httpEvent({ routeKey: route.key }), lambdaContext('test', { timeoutSeconds, memoryMB: 512 }));
  return { status: result.statusCode, retryAfter: result.headers?.['retry-after'], error: (JSON.parse(result.body!) as { error: { code: string; message: string } }).error };
};

/** The rule, read as a client reads the words: no promise that nothing was stored; send the same again. */
const expectHonest = (message: string) => {
  expect(message).not.toMatch(/nothing (was|has been) (stored|written|changed)/);
  expect(message).toContain('may have been stored');
  expect(message).toContain('same submissionId');
};

describe('a 503', () => {
  it("when the function's time runs out while the write goes on, does not say nothing was stored", async () => {
    let written = false;
    const slowWrite = async () => {
      await sleep(1_200);
      written = true;
      return { status: 201 };
    };
    const answer = await answerOf(slowWrite, 0.3);
    expect(answer.status).toBe(503);
    expect(answer.error.code).toBe('unavailable');
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    expectHonest(answer.error.message);
    // The write it could not promise away did happen.
    await sleep(1_500);
    expect(written).toBe(true);
  });

  it('when the table did not answer in time (the SDK’s TimeoutError), says the same', async () => {
    const answer = await answerOf(async () => {
      throw Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    });
    expect(answer.status).toBe(503);
    expectHonest(answer.error.message);
  });

  it("says what the contract's 503 says", async () => {
    const answer = await answerOf(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const document = openApiDocument('https://api.example') as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const described = document.paths['/checkpoints/{checkpointId}/readings']!.post!.responses['503']!.description;
    expect(described).toContain(answer.error.message);
    expect(described).not.toMatch(/nothing was stored, send again/);
  });
});
