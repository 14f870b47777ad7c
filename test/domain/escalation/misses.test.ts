/**
 * A streak's misses kept bounded: a count and the first and last slot, read the same from an item
 * written before they were counted (its `missedSlots` list, and misses counted on it since); and said in
 * words as people read them — one slot, two, or the first and the last and how many in all.
 */
import { describe, expect, it } from 'vitest';
import { missedInWords, missesOf } from '../../../functions/domain/escalation';

const deadline = '2026-11-29T04:15:00.000Z';

describe('an escalation\'s misses', () => {
  it('are its count and its first and last slot', () => {
    expect(missesOf({ missedCount: 3, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T06:00:00.000Z', missedDeadline: deadline })).toEqual({
      count: 3,
      first: '2026-11-29T02:00:00.000Z',
      last: '2026-11-29T06:00:00.000Z',
    });
  });

  it('of an item from before counts are its list, and what was counted on it since', () => {
    const old = { missedSlots: ['2026-11-29T02:00:00.000Z', '2026-11-29T04:00:00.000Z'], missedDeadline: deadline } as Parameters<typeof missesOf>[0];
    expect(missesOf(old)).toEqual({ count: 2, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T04:00:00.000Z' });
    // recordMiss on it: ADD missedCount, SET lastMissedSlot (and firstMissedSlot if absent, to that last).
    const since = { ...old, missedCount: 3, firstMissedSlot: '2026-11-29T10:00:00.000Z', lastMissedSlot: '2026-11-29T10:00:00.000Z' };
    expect(missesOf(since)).toEqual({ count: 5, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T10:00:00.000Z' });
  });

  it('are said in words: one slot, two, or the first, the last and how many, in the reader\'s language and the checkpoint\'s time', () => {
    const zone = 'Asia/Shanghai';
    expect(missedInWords({ count: 1, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T02:00:00.000Z' }, zone, 'zh-CN')).toBe('2026-11-29 10:00');
    expect(missedInWords({ count: 2, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T04:00:00.000Z' }, zone, 'zh-CN')).toBe('2026-11-29 10:00，2026-11-29 12:00');
    expect(missedInWords({ count: 17_280, first: '2026-11-29T02:00:00.000Z', last: '2026-12-05T01:59:30.000Z' }, zone, 'zh-CN')).toBe('2026-11-29 10:00 至 2026-12-05 09:59，共 17280 个');
    expect(missedInWords({ count: 3, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T06:00:00.000Z' }, zone, 'en')).toBe('2026-11-29 10:00 … 2026-11-29 14:00, 3 in all');
  });
});
