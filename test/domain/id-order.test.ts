/**
 * Ids in the order people number gates (compareIds): against a model of the statement — an id is a
 * run of letters and a run of digits after another, digit runs compared by their value, the rest as
 * text — and as a total order, so that every list sorts the same way each time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../functions/domain/text';

/**
 * The model: an id as tokens — each run of digits one token, each other character one — compared
 * token by token: two runs by their value as numbers, else by the first characters' codes; a shorter
 * list of tokens first; ids equal so far (runs that differ only in zeros) by their code units.
 */
const model = (a: string, b: string): number => {
  const tokens = (id: string) => id.match(/\d+|\D/g) ?? [];
  const [x, y] = [tokens(a), tokens(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const [p, q] = [x[i]!, y[i]!];
    if (/^\d/.test(p) && /^\d/.test(q)) {
      const diff = BigInt(p) - BigInt(q);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
    } else if (p[0] !== q[0]) {
      return p.charCodeAt(0) - q.charCodeAt(0);
    }
  }
  if (x.length !== y.length) return x.length - y.length;
  return a === b ? 0 : a < b ? -1 : 1;
};

// Digits often, so that runs of them (with zeros) meet.
const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const numbered = fc.tuple(fc.constantFrom('gate-', 'yuyue-', 'g'), fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('', '-a', '0')).map((parts) => parts.join(''));
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('compareIds', () => {
  it('numbers gates as people do', () => {
    expect(['yuyue-10', 'yuyue-2', 'yuyue-1', 'beimen-3', 'yuyue-9'].sort(compareIds)).toEqual(['beimen-3', 'yuyue-1', 'yuyue-2', 'yuyue-9', 'yuyue-10']);
    expect(['gate-02', 'gate-1', 'gate-10'].sort(compareIds)).toEqual(['gate-1', 'gate-02', 'gate-10']);
  });

  it('agrees with the model on ids of lower-case letters, digits and dashes', () => {
    fc.assert(fc.property(fc.oneof(id, numbered), fc.oneof(id, numbered), (a, b) => sign(compareIds(a, b)) === sign(model(a, b))), { numRuns: 5000 });
  });

  it('is a total order: antisymmetric, zero only for the same id, transitive', () => {
    fc.assert(
      fc.property(fc.oneof(id, numbered), fc.oneof(id, numbered), fc.oneof(id, numbered), (a, b, c) => {
        expect(sign(compareIds(a, b)) + sign(compareIds(b, a))).toBe(0);
        expect(compareIds(a, b) === 0).toBe(a === b);
        if (compareIds(a, b) < 0 && compareIds(b, c) < 0) expect(compareIds(a, c)).toBeLessThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});
