/**
 * Faults DynamoDB Local cannot be made to produce, injected around the real store: a duplicate whose
 * first copy is not readable yet, and a checkpoint that other writers keep changing. Both must end in
 * a 503 with Retry-After that tells the phone to send again (409 is only for a submissionId used for another reading), never a 500, and nothing half-written.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointStore, type CheckpointStore } from '../../functions/adapters/store';
import { dynamoTable } from '../../functions/adapters/table';
import { documentClient } from '../../functions/adapters/dynamo';
import { BusyError } from '../../functions/domain/errors';
import { acceptReading, rateAfter } from '../../functions/domain/readings';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { useFreshTable } from '../helpers/table';

let store: CheckpointStore;
const body = () => ({ submissionId: randomUUID(), officer: '张三', screened: 3, entries: 2, exits: 1, feverCount: 0 });

beforeAll(async () => {
  const { tableName } = await useFreshTable();
  store = checkpointStore(dynamoTable(documentClient(), tableName));
  await registerCommunity();
  await registerCheckpoint('gate-fault');
});

const refusal = async (promise: Promise<unknown>): Promise<BusyError> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BusyError);
  return error as BusyError;
};

describe('a reading that cannot be settled now', () => {
  it('answers 503 with Retry-After for a duplicate still in flight', async () => {
    const checkpoint = (await store.checkpoint('gate-fault'))!;
    const inFlight = Object.assign(Object.create(store) as CheckpointStore, {
      record: async () => 'duplicate' as const,
      reading: async () => undefined,
    });
    const error = await refusal(acceptReading(inFlight, { checkpoint, body: body(), now: () => new Date(), newId: randomUUID }));
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(1);
    expect(error.message).toMatch(/still being stored/);
  });

  it('answers 503 with Retry-After when the checkpoint keeps changing under it, and writes nothing', async () => {
    const checkpoint = (await store.checkpoint('gate-fault'))!;
    let attempts = 0;
    const busy = Object.assign(Object.create(store) as CheckpointStore, {
      record: async () => {
        attempts += 1;
        return 'stale' as const;
      },
    });
    const sent = body();
    const error = await refusal(acceptReading(busy, { checkpoint, body: sent, now: () => new Date(), newId: randomUUID }));
    expect(error.retryAfter).toBe(1);
    expect(attempts).toBeGreaterThan(1);
    expect(await store.reading('gate-fault', sent.submissionId)).toBeUndefined();
    expect((await store.checkpoint('gate-fault'))!.version).toBe(checkpoint.version);
  });
});

describe('the rate window', () => {
  const at = (iso: string) => new Date(iso);
  it('counts within a minute and starts again in the next', () => {
    const first = rateAfter({}, at('2026-11-29T08:00:10Z'), 2);
    expect(first.rateCount).toBe(1);
    const second = rateAfter(first, at('2026-11-29T08:00:50Z'), 2);
    expect(second).toMatchObject({ rateCount: 2 });
    expect(rateAfter(second, at('2026-11-29T08:00:59.2Z'), 2).refusedFor).toBe(1);
    expect(rateAfter(second, at('2026-11-29T08:00:20Z'), 2).refusedFor).toBe(40);
    expect(rateAfter(second, at('2026-11-29T08:01:00Z'), 2)).toEqual({ rateWindow: second.rateWindow + 1, rateCount: 1 });
  });
});
