/**
 * Getting a notice to a person or a group without flooding them, and without losing it. Every notice
 * goes through `deliver`: an address gets at most `noticesPerHour` an hour (the rest wait in the outbox
 * for one digest when the hour ends), and a robot no more a minute than its service takes (the rest
 * wait for the next minute). A notice the service does not take is put in the outbox too, and the
 * sweep sends it again each minute until it goes: so when the service comes back, what is outstanding
 * arrives, once each (the outbox entry is claimed before it is sent and finished after, keeping what
 * was held into it meanwhile).
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_GROUP_THRESHOLD, DEFAULT_NOTICES_PER_HOUR } from '../limits';
import type { NoticeContent } from './content';
import { digestNotice } from './follow-ups';
import { DeliveryDeferred, DeliveryRefused, IN_OUTBOX, type Destination, type HeldNotice, type NoticeLog, type NoticeRef, type Notifier, type Outbox, type RegistryReads } from './ports';
import { channelAt, isChatAddress, ownerOf } from './recipients';

/** A retried notice is given up (recorded failed) after this many sweeps: a day of minutes. */
const MAX_RETRIES = 1440;
/** An outbox entry claimed this long ago by a sender that never finished is taken up again. */
const CLAIM_STALE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
/** The sweep runs once a minute: it tries again what waits in the outbox then anyway. */
const SWEEP_MS = 60_000;

export interface Limits {
  noticesPerHour: number;
  groupThreshold: number;
}

export const defaultLimits: Limits = { noticesPerHour: DEFAULT_NOTICES_PER_HOUR, groupThreshold: DEFAULT_GROUP_THRESHOLD };

export interface DeliveryDeps {
  store: Outbox & Pick<NoticeLog, 'markNotice'> & Pick<RegistryReads, 'checkpoint' | 'community'>;
  notifier: Notifier;
  now: () => Date;
  limits?: Limits;
}

/** Thrown when a notice's address names a channel that is no longer registered: nothing to send to. */
export class ChannelGone extends Error {
  override readonly name = 'ChannelGone';
}

/** Where an address is sent: a mailbox, or the channel it names as it is registered now (its current key). */
export const destinationOf = async (store: DeliveryDeps['store'], address: string): Promise<Destination> => {
  if (!isChatAddress(address)) return { medium: 'mail', address };
  const owner = ownerOf(address);
  const [checkpoint, community] = owner?.owner === 'checkpoint' ? [await store.checkpoint(owner.ownerId), undefined] : [undefined, owner ? await store.community(owner.ownerId) : undefined];
  const channel = channelAt(address, checkpoint, community);
  if (!channel) throw new ChannelGone('the channel is no longer registered');
  return { medium: 'chat', address, channel };
};

/** The webhook event id of a notice: the same on every retry (the receiver's idempotency key). */
export const eventIdOf = (notice: NoticeRef): string => `${notice.kind}_${notice.escalationId}_${notice.level}_${notice.repeat}_${hash(notice.recipient)}`;

const hash = (text: string): string => {
  let h = 2166136261;
  for (const char of text.toLowerCase()) h = Math.imul(h ^ char.codePointAt(0)!, 16777619);
  return (h >>> 0).toString(36);
};

const windowStart = (now: Date, ms: number): Date => new Date(Math.floor(now.getTime() / ms) * ms);

/**
 * A robot's pace, kept with fixed windows that bound every sliding one: a third of a minute holds a
 * quarter of the minute's limit (any 60 s touches at most four such windows, so never more than the
 * limit, as DingTalk counts, which blocks a robot for ten minutes beyond it), and a second half its
 * per-second limit where the service has one (Feishu's 5).
 */
const PACE_MS = 20_000;
const paceWindows = (pace: { perMinute: number; perSecond?: number }, now: Date) => [
  { window: { unit: 'pace' as const, start: windowStart(now, PACE_MS) }, ms: PACE_MS, cap: Math.max(1, Math.floor(pace.perMinute / 4)) },
  ...(pace.perSecond ? [{ window: { unit: 'second' as const, start: windowStart(now, 1000) }, ms: 1000, cap: Math.max(1, Math.floor(pace.perSecond / 2)) }] : []),
];

/**
 * What a robot's pace is counted under: the robot itself (its URL, hashed), so that two channels
 * registered with one robot's URL share its limit, as the service counts it.
 */
const robotOf = (to: Destination): string => (to.medium === 'chat' ? `robot:${createHash('sha256').update(to.channel.url).digest('hex').slice(0, 20)}` : to.address);

/**
 * Sends a notice unless the address has had its hourly share, in which case its notices wait for the
 * digest ('held', recorded on each), or a robot its pace's share, in which case it waits in the outbox
 * for the next window. Throws what the notifier throws (DeliveryDeferred and others).
 */
export const deliver = async (deps: DeliveryDeps, recipient: string, content: NoticeContent, lines: HeldNotice[]): Promise<'sent' | 'held'> => {
  const now = deps.now();
  const to = await destinationOf(deps.store, recipient);
  const pace = deps.notifier.pace(to);
  for (const { window, ms, cap } of pace ? paceWindows(pace, now) : []) {
    if (!(await deps.store.countNotice(robotOf(to), window, cap))) {
      await waitInOutbox(deps, recipient, content, lines, new Date(window.start.getTime() + ms), 'the robot takes no more just now (its rate limit)');
      return 'held';
    }
  }
  const hour = windowStart(now, HOUR_MS);
  // A day's summary is not an alert: it neither counts against the hour's cap nor waits for its digest.
  const capped = lines.some((line) => line.notice.kind !== 'summary');
  if (capped && !(await deps.store.countNotice(recipient, { unit: 'hour', start: hour }, (deps.limits ?? defaultLimits).noticesPerHour))) {
    const dueAt = new Date(hour.getTime() + HOUR_MS).toISOString();
    await deps.store.hold({ kind: 'digest', recipient, dueAt, tag: hour.toISOString(), lines });
    for (const line of lines) await deps.store.markNotice(line.notice, 'held', { at: now });
    return 'held';
  }
  await deps.notifier.send(to, content, { eventId: eventIdOf(lines[0]!.notice) });
  return 'sent';
};

const waitInOutbox = async (deps: DeliveryDeps, recipient: string, content: NoticeContent, lines: HeldNotice[], dueAt: Date, error: string): Promise<void> => {
  const { notice } = lines[0]!;
  const tag = `${notice.escalationId}#${notice.kind}#${notice.level}#${notice.repeat}`;
  await deps.store.hold({ kind: 'retry', recipient, dueAt: dueAt.toISOString(), tag, lines, content });
  for (const line of lines) await deps.store.markNotice(line.notice, 'deferred', { at: deps.now(), error, via: IN_OUTBOX });
};

/** A notice the service will never take (or whose channel is gone): recorded failed, not tried again. */
export const isRefusal = (error: unknown): boolean => error instanceof DeliveryRefused || error instanceof ChannelGone;

/** Puts a notice the service did not take in the outbox, for the next sweeps to send again. */
export const retryLater = (deps: DeliveryDeps, recipient: string, content: NoticeContent, lines: HeldNotice[], error: string): Promise<void> =>
  waitInOutbox(deps, recipient, content, lines, deps.now(), error);

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
        await deps.notifier.send(to, digestNotice(entry.lines, now), { eventId: `digest_${hash(entry.recipient)}_${entry.tag.replace(/[^\w-]/g, '')}` });
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
