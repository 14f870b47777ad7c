/** The pace counters' fake: messages counted per key and window, up to the cap, as the table's conditional update counts them; a key's hold, the latest asked. */
import type { PaceCounter } from '../../../functions/domain/delivery/pacing';

export const memoryPace = (counts = new Map<string, number>(), holds = new Map<string, string>()): PaceCounter & { counts: Map<string, number>; holds: Map<string, string> } => ({
  counts,
  holds,
  countNotice: async (key, window, cap) => {
    const place = `${key.toLowerCase()}|${window.unit}|${window.start.toISOString()}`;
    const sent = counts.get(place) ?? 0;
    // As the table's condition reads: the first message of a window is always counted.
    if (counts.has(place) && sent >= cap) return false;
    counts.set(place, sent + 1);
    return true;
  },
  hold: async (key, until) => {
    const held = holds.get(key.toLowerCase());
    if (held === undefined || held < until.toISOString()) holds.set(key.toLowerCase(), until.toISOString());
  },
  heldUntil: async (key, now) => {
    const held = holds.get(key.toLowerCase());
    return held !== undefined && held > now.toISOString() ? new Date(held) : undefined;
  },
});
