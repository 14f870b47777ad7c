/** The pace counters' fake: messages counted per key and window, up to the cap, as the table's conditional update counts them. */
import type { PaceCounter } from '../../../functions/domain/delivery/pacing';

export const memoryPace = (counts = new Map<string, number>()): PaceCounter & { counts: Map<string, number> } => ({
  counts,
  countNotice: async (key, window, cap) => {
    const place = `${key.toLowerCase()}|${window.unit}|${window.start.toISOString()}`;
    const sent = counts.get(place) ?? 0;
    // As the table's condition reads: the first message of a window is always counted.
    if (counts.has(place) && sent >= cap) return false;
    counts.set(place, sent + 1);
    return true;
  },
});
