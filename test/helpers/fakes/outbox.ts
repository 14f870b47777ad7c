/**
 * The outbox's fake (SHIM, for the day's summary's `tell` until it writes rows): notices counted per
 * address and window up to the cap, and what is held, added to the entry of the same address, due
 * time, kind and tag. Nothing sends what waits here.
 */
import type { Outbox } from '../../../functions/domain/escalation';
import { copy, outboxPlace, type MemoryTable } from './memory-table';

export const memoryOutbox = (table: MemoryTable): Outbox => ({
  countNotice: async (recipient, window, cap) => {
    const key = `${recipient.toLowerCase()}|${window.unit}|${window.start.toISOString()}`;
    const sent = table.counts.get(key);
    // As the table's condition reads: the first notice of a window is always counted.
    if (sent !== undefined && sent >= cap) return false;
    table.counts.set(key, (sent ?? 0) + 1);
    return true;
  },

  hold: async (entry) => {
    const place = outboxPlace(entry);
    const current = table.outbox.get(place);
    table.outbox.set(place, {
      ...current,
      kind: entry.kind,
      recipient: entry.recipient,
      dueAt: entry.dueAt,
      tag: entry.tag,
      status: current?.status ?? 'pending',
      lines: [...(current?.lines ?? []), ...copy(entry.lines)],
      ...(entry.content && { content: copy(entry.content) }),
    });
  },
});
