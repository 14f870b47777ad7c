/**
 * Copied readings at the edge, against a model of the rule: the same figures (screened, entries, exits,
 * fevers) COPIED_RUN times in a row flag the checkpoint and count in the day; three do not; a different
 * figure starts a new run. Driven through acceptReading, as the form's posts are.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksCopied } from '../../../functions/domain/fever';
import { COPIED_RUN } from '../../../functions/domain/limits';
import type { Checkpoint } from '../../../functions/domain/model';
import { acceptReading, type ReadingStore } from '../../../functions/domain/readings';
import { gate } from './fixtures';

type Figures = { screened: number; entries: number; exits: number; feverCount: number };

/** A store that keeps what each write sets on the checkpoint, and the readings the day counted as copied. */
const gateStore = (start: Checkpoint) => {
  let checkpoint = start;
  let copied = 0;
  const store: ReadingStore = {
    checkpoint: async () => checkpoint,
    community: async () => undefined,
    feverAlert: async () => undefined,
    reading: async () => undefined,
    record: async (write) => {
      const { expectedVersion, checkpointId: _id, ...fields } = write.checkpoint;
      checkpoint = { ...checkpoint, ...fields, version: expectedVersion + 1 };
      if (write.day.copied) copied += 1;
      return 'stored';
    },
  };
  return { store, checkpoint: () => checkpoint, copied: () => copied };
};

const postAll = async (sequence: Figures[]) => {
  const clock = { now: Date.parse('2026-12-07T02:00:00Z') };
  const gateState = gateStore(gate({ createdAt: '2026-12-01T00:00:00Z' }));
  const flags: boolean[] = [];
  for (const figures of sequence) {
    clock.now += 60_000;
    await acceptReading(gateState.store, {
      checkpoint: gateState.checkpoint(),
      body: { submissionId: randomUUID(), officer: '张三', ...figures, ...(figures.feverCount > 0 && { maxTempC: 38 }) },
      now: () => new Date(clock.now),
      newId: randomUUID,
    });
    flags.push(looksCopied(gateState.checkpoint().sameFiguresRun));
  }
  return { flags, copied: gateState.copied() };
};

/** The rule as stated: after each reading, how many readings in a row, ending with it, carried its figures. */
const runs = (sequence: Figures[]): number[] =>
  sequence.map((_, i) => {
    let n = 1;
    while (i - n >= 0 && JSON.stringify(sequence[i - n]) === JSON.stringify(sequence[i])) n += 1;
    return n;
  });

const same: Figures = { screened: 30, entries: 12, exits: 18, feverCount: 0 };

describe('copied readings', () => {
  it('the rule is stated once: four in a row', () => {
    expect(COPIED_RUN).toBe(4);
  });

  it('three repeats: no flag', async () => {
    const { flags, copied } = await postAll([same, same, same]);
    expect(flags).toEqual([false, false, false]);
    expect(copied).toBe(0);
  });

  it('four repeats: flagged, and the fourth counted', async () => {
    const { flags, copied } = await postAll([same, same, same, same]);
    expect(flags).toEqual([false, false, false, true]);
    expect(copied).toBe(1);
  });

  it.each(['screened', 'entries', 'exits', 'feverCount'] as const)('a different %s resets the run', async (field) => {
    const other = { ...same, [field]: same[field] + 1 };
    const { flags } = await postAll([same, same, same, other, same, same, same]);
    expect(flags).toEqual([false, false, false, false, false, false, false]);
  });

  it('flags exactly where the model says, for any sequence', async () => {
    const figures = fc.constantFrom<Figures>(same, { ...same, exits: 17 }, { ...same, feverCount: 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(figures, { minLength: 1, maxLength: 14 }), async (sequence) => {
        const { flags, copied } = await postAll(sequence);
        const model = runs(sequence).map((n) => n >= 4);
        expect(flags).toEqual(model);
        expect(copied).toBe(model.filter(Boolean).length);
      }),
      { numRuns: 60 },
    );
  });
});
