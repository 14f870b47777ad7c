/**
 * A reading given the moment its answer is due (`answerBy`, the function's time) starts no attempt that
 * might not end by then — twice the longest attempt so far must fit — and then says, truly, that
 * nothing was stored. The store here always loses the race (another reading of the checkpoint keeps
 * winning), and each write takes 300 ms of a clock the test holds.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BusyError } from '../../functions/domain/errors';
import type { Checkpoint } from '../../functions/domain/model';
import { acceptReading, type ReadingStore } from '../../functions/domain/readings';

const checkpoint: Checkpoint = {
  checkpointId: 'gate', communityId: 'c', name: '卡点', timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M',
  contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }], active: true, createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z', activeSince: '2026-11-01T00:00:00Z', pauses: [], recentlyFilled: [], recentMaxTempC: {}, tokenHash: 'x', version: 1,
} as Checkpoint;

const WRITE_MS = 300;

const alwaysLosing = (clock: { now: number }) => {
  const writes: { start: number; end: number }[] = [];
  const store: ReadingStore = {
    checkpoint: async () => checkpoint,
    community: async () => undefined,
    feverAlert: async () => undefined,
    reading: async () => undefined,
    record: async () => {
      const start = clock.now;
      clock.now += WRITE_MS;
      writes.push({ start, end: clock.now });
      return 'stale';
    },
  };
  return { store, writes };
};

describe('a reading with its answer due', () => {
  it('starts no write that might not end in time, and then answers busy: nothing was stored', async () => {
    const clock = { now: Date.parse('2026-11-29T04:00:00Z') };
    const answerBy = clock.now + 2_000;
    const { store, writes } = alwaysLosing(clock);
    const outcome = await acceptReading(store, {
      checkpoint,
      body: { submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 },
      now: () => new Date(clock.now),
      newId: randomUUID,
      readingsPerMinute: 1000,
      answerBy: new Date(answerBy),
    }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(BusyError);
    expect((outcome as Error).message).toContain('nothing was stored');
    // Every write ended by the time the answer was due…
    for (const write of writes) expect(write.end).toBeLessThanOrEqual(answerBy);
    // …and it did not give up while one more, twice as slow as the slowest, would still have fit.
    expect(writes.at(-1)!.end + 2 * WRITE_MS).toBeGreaterThan(answerBy);
  });
});
