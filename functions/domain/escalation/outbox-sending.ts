/**
 * Sending what waits in the outbox, run by the sweep each minute: the digests whose hour is over, and
 * the notices the service did not take (or a robot's pace held). Each entry is claimed before it is
 * sent and finished after, keeping what was held into it meanwhile, so two sweeps at once send it once;
 * one refused for good, or tried for a day, is recorded failed.
 */
import { randomUUID } from 'node:crypto';
import { deliver, destinationOf, isRefusal, type DeliveryDeps } from './delivery';
import { digestEventIdOf } from './event-ids';
import { digestNotice } from './follow-ups';
import { DeliveryDeferred } from './notifier-port';
import type { HeldNotice } from './ports';

/** A retried notice is given up (recorded failed) after this many sweeps: a day of minutes. */
const MAX_RETRIES = 1440;
/** An outbox entry claimed this long ago by a sender that never finished is taken up again. */
const CLAIM_STALE_MS = 5 * 60_000;
/** The sweep runs once a minute: it tries again what waits in the outbox then anyway. */
const SWEEP_MS = 60_000;

/**
 * When a service that did not take a notice asked to be tried again later than the next sweep (DingTalk
 * blocks a robot for ten minutes once it is flooded), not before then; otherwise the next sweep tries.
 */
const comeBackAt = (error: unknown, now: Date): Date | undefined => {
  const seconds = error instanceof DeliveryDeferred ? error.retryAfterSeconds : undefined;
  return seconds && seconds * 1000 > SWEEP_MS ? new Date(now.getTime() + seconds * 1000) : undefined;
};

export interface OutboxResult {
  sent: number;
  held: number;
  failed: { id: string; error: string }[];
}

/**
 * Run by the sweep: sends the digests whose hour is over and the notices waiting to be sent again. A
 * notice that is no longer `wanted` (its escalation ended meanwhile) is dropped, recorded 'skipped'; one
 * whose channel was removed, or that its service refuses for good, is recorded 'failed'.
 */
export const sendOutbox = async (deps: DeliveryDeps, wanted: (line: HeldNotice) => Promise<boolean>): Promise<OutboxResult> => {
  const now = deps.now();
  const result: OutboxResult = { sent: 0, held: 0, failed: [] };
  for (const due of await deps.store.dueOutbox(now)) {
    if (due.notBefore && due.notBefore > now.toISOString()) continue;
    const claim = randomUUID();
    if (!(await deps.store.claimOutbox(due, claim, now, new Date(now.getTime() - CLAIM_STALE_MS)))) continue;
    const entry = { ...due, lines: [] as HeldNotice[] };
    try {
      for (const line of due.lines) {
        if (await wanted(line)) entry.lines.push(line);
        else await deps.store.markNotice(line.notice, 'skipped', { at: now });
      }
      if (entry.lines.length === 0) {
        // Nothing left worth saying.
      } else if (entry.kind === 'digest') {
        const to = await destinationOf(deps.store, entry.recipient);
        await deps.notifier.send(to, digestNotice(entry.lines, now), { eventId: digestEventIdOf(entry.recipient, entry.tag) });
        for (const line of entry.lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), via: 'digest' });
        result.sent += 1;
      } else {
        const outcome = await deliver(deps, entry.recipient, entry.content!, entry.lines);
        if (outcome === 'sent') for (const line of entry.lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), via: 'retry' });
        result[outcome] += 1;
      }
      await deps.store.finishOutbox(due, claim, due.lines.length);
    } catch (error) {
      const message = (error as Error).message;
      result.failed.push({ id: `${entry.kind}:${entry.tag}`, error: message });
      // Refused for good, or tried for a day: failed, with the reason. Anything else (the service
      // deferring it, a fault of the table or ours) is tried again by the next sweeps.
      if (isRefusal(error) || (entry.attempts ?? 0) + 1 >= MAX_RETRIES) {
        for (const line of entry.lines) await deps.store.markNotice(line.notice, 'failed', { at: deps.now(), error: message });
        await deps.store.finishOutbox(due, claim, due.lines.length);
      } else {
        await deps.store.releaseOutbox(due, claim, comeBackAt(error, now));
      }
    }
  }
  return result;
};
