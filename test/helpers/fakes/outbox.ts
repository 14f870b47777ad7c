/**
 * The outbox's fake. It holds what it is given — lines added to the entry of the same address, due
 * time, kind and tag — and gives back what is due, in the table's order (due time first); an entry is
 * claimed by one sender, taken again only once that claim is stale, and released (counting an
 * attempt) or finished — each only by the sender whose claim it still is — keeping lines held into it
 * meanwhile. Notices are counted per address and window, up to the cap.
 */
import type { Outbox, OutboxEntry } from '../../../functions/domain/escalation';
import { byKey, copy, outboxPlace, type MemoryTable } from './memory-table';

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

  dueOutbox: async (now) => {
    const bound = `${now.toISOString()}$`;
    return byKey([...table.outbox].filter(([place]) => place < bound)).map(({ status: _status, claimedAt: _claimedAt, claim: _claim, ...entry }) => copy(entry) as OutboxEntry);
  },

  claimOutbox: async (entry, claim, now, staleBefore) => {
    const place = outboxPlace(entry);
    const current = table.outbox.get(place);
    const free = current?.status === 'pending' || (current?.status === 'sending' && current.claimedAt !== undefined && current.claimedAt < staleBefore.toISOString());
    if (!current || !free) return false;
    table.outbox.set(place, { ...current, status: 'sending', claimedAt: now.toISOString(), claim });
    return true;
  },

  releaseOutbox: async (entry, claim, notBefore) => {
    const place = outboxPlace(entry);
    const { claim: held, notBefore: _before, ...current } = table.outbox.get(place) ?? {};
    if (held !== claim) return;
    table.outbox.set(place, { ...current, status: 'pending', attempts: (current.attempts ?? 0) + 1, ...(notBefore && { notBefore: notBefore.toISOString() }) });
  },

  finishOutbox: async (entry, claim, handled) => {
    const place = outboxPlace(entry);
    const { claim: held, ...current } = table.outbox.get(place) ?? {};
    if (held !== claim) return;
    const lines = (current.lines ?? []).slice(handled);
    if (lines.length === 0) table.outbox.delete(place);
    else table.outbox.set(place, { ...current, status: 'pending', lines });
  },
});
