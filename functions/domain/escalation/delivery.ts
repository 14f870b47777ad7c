/**
 * Getting a notice to a person or a group without flooding them, and without losing it. Every notice
 * goes through `deliver`: an address gets at most `noticesPerHour` an hour (the rest wait in the outbox
 * for one digest when the hour ends), and a robot no more a minute than its service takes (the rest
 * wait for the next minute). A notice the service does not take is put in the outbox too, and the
 * sweep sends it again each minute until it goes (outbox-sending.ts): so when the service comes back,
 * what is outstanding arrives, once each.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_GROUP_THRESHOLD, DEFAULT_NOTICES_PER_HOUR } from '../limits';
import { channelAt, isChatAddress, ownerOf } from './addresses';
import type { NoticeContent } from './content';
import { eventIdOf } from './event-ids';
import { DeliveryRefused, type Destination, type Notifier } from './notifier-port';
import { IN_OUTBOX, type HeldNotice, type NoticeLog, type Outbox, type RegistryReads } from './ports';

export { eventIdOf } from './event-ids';

const HOUR_MS = 3_600_000;

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

const windowStart = (now: Date, ms: number): Date => new Date(Math.floor(now.getTime() / ms) * ms);

/**
 * A robot's pace, kept with fixed windows that bound every sliding one: a third of a minute holds a
 * quarter of the minute's limit (any 60 s touches at most four such windows, so never more than the
 * limit, as DingTalk counts, which blocks a robot for ten minutes beyond it), and a second half its
 * per-second limit where the service has one (Feishu's 5).
 */
const PACE_MS = 20_000;
// The second first: a post it holds back then spends a share of one second, not of twenty.
const paceWindows = (pace: { perMinute: number; perSecond?: number }, now: Date) => [
  ...(pace.perSecond ? [{ window: { unit: 'second' as const, start: windowStart(now, 1000) }, ms: 1000, cap: Math.max(1, Math.floor(pace.perSecond / 2)) }] : []),
  { window: { unit: 'pace' as const, start: windowStart(now, PACE_MS) }, ms: PACE_MS, cap: Math.max(1, Math.floor(pace.perMinute / 4)) },
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

/**
 * Tells claimed notices now, within the caps and the pace: 'sent' (recorded so), 'held' (the digest or
 * the outbox has them), 'kept' (the service did not take them now: into the outbox, for the sweep to
 * send again) or 'refused' (never will: recorded failed). Throws only what the outbox throws.
 */
export const tell = async (deps: DeliveryDeps, recipient: string, content: NoticeContent, lines: HeldNotice[], via?: string): Promise<{ told: 'sent' | 'held' | 'kept' | 'refused'; error?: Error }> => {
  try {
    const outcome = await deliver(deps, recipient, content, lines);
    if (outcome === 'sent') for (const line of lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), ...(via && { via }) });
    return { told: outcome };
  } catch (error) {
    const reason = (error as Error).message;
    if (!isRefusal(error)) {
      await retryLater(deps, recipient, content, lines, reason);
      return { told: 'kept', error: error as Error };
    }
    for (const line of lines) await deps.store.markNotice(line.notice, 'failed', { at: deps.now(), error: reason });
    return { told: 'refused', error: error as Error };
  }
};

/** Puts a notice the service did not take in the outbox, for the next sweeps to send again. */
export const retryLater = (deps: DeliveryDeps, recipient: string, content: NoticeContent, lines: HeldNotice[], error: string): Promise<void> =>
  waitInOutbox(deps, recipient, content, lines, deps.now(), error);
