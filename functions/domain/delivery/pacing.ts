/**
 * How fast one destination may be sent to, and where it is. A robot is posted to no faster than its
 * service publishes (WeCom and DingTalk 20 a minute — DingTalk blocks a robot ten minutes beyond it —
 * Feishu 5 a second and 100 a minute: the channel kinds declare them, the notifier reads them); an
 * address gets at most `noticesPerHour` messages an hour, and what comes after waits for the next hour,
 * when it goes as one message (the digest). A message is counted before it is sent; a count that is
 * full says how long to wait. Counted messages, not rows: a bundle of several rows is one post.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_NOTICES_PER_HOUR } from '../limits';
import type { Checkpoint, Community } from '../model';
import { channelAt, isChatAddress, ownerOf } from '../escalation/addresses';
import type { Destination, Notifier } from './notifier-port';

const HOUR_MS = 3_600_000;

export interface Limits {
  /** Messages one address is sent in one clock hour before the rest wait for the next (the digest). */
  noticesPerHour: number;
}

export const defaultLimits: Limits = { noticesPerHour: DEFAULT_NOTICES_PER_HOUR };

/** A window messages are counted in: the clock hour (the cap per person or group), or a robot's pace (20 s) and second. */
export interface CountWindow {
  unit: 'hour' | 'pace' | 'second';
  start: Date;
}

/** The pace counters: three methods. */
export interface PaceCounter {
  /** Counts one more message under `key` in the window, unless `cap` are counted already: false then. */
  countNotice(key: string, window: CountWindow, cap: number): Promise<boolean>;
  /** Holds `key` (a robot) until `until`, as its service asked (a 429's Retry-After, DingTalk's block); a later hold wins. */
  hold(key: string, until: Date): Promise<void>;
  /** Until when `key` is held, if it still is at `now`. */
  heldUntil(key: string, now: Date): Promise<Date | undefined>;
}

/** The registry as a destination is looked up in it: where a chat address's channel is registered now. */
export interface ChannelReads {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  community(communityId: string): Promise<Community | undefined>;
}

/** Thrown when a notice's address names a channel that is no longer registered: nothing to send to. */
export class ChannelGone extends Error {
  override readonly name = 'ChannelGone';
}

/** Where an address is sent: a mailbox, or the channel it names as it is registered now (its current key). */
export const destinationOf = async (channels: ChannelReads, address: string): Promise<Destination> => {
  if (!isChatAddress(address)) return { medium: 'mail', address };
  const owner = ownerOf(address);
  const [checkpoint, community] = owner?.owner === 'checkpoint' ? [await channels.checkpoint(owner.ownerId), undefined] : [undefined, owner ? await channels.community(owner.ownerId) : undefined];
  const channel = channelAt(address, checkpoint, community);
  if (!channel) throw new ChannelGone('the channel is no longer registered');
  return { medium: 'chat', address, channel };
};

const windowStart = (now: Date, ms: number): Date => new Date(Math.floor(now.getTime() / ms) * ms);

/**
 * A robot's pace, kept with fixed windows that bound every sliding one: a third of a minute holds a
 * quarter of the minute's limit (any 60 s touches at most four such windows, so never more than the
 * limit, as DingTalk counts, which blocks a robot for ten minutes beyond it), and a second half its
 * per-second limit where the service has one (Feishu's 5: any 1 s touches at most two).
 */
export const PACE_MS = 20_000;

/** The windows a robot's next post is counted in, each with its cap and its end. The second first: a post it holds back then spends a share of one second, not of twenty. */
export const paceWindows = (pace: { perMinute: number; perSecond?: number }, now: Date): { window: CountWindow; cap: number; end: Date }[] => {
  const window = (unit: CountWindow['unit'], ms: number, cap: number) => {
    const start = windowStart(now, ms);
    return { window: { unit, start }, cap: Math.max(1, cap), end: new Date(start.getTime() + ms) };
  };
  return [...(pace.perSecond ? [window('second', 1000, Math.floor(pace.perSecond / 2))] : []), window('pace', PACE_MS, Math.floor(pace.perMinute / 4))];
};

/** The clock hour an address's messages are capped in. */
export const hourWindow = (now: Date): { window: CountWindow; end: Date } => {
  const start = windowStart(now, HOUR_MS);
  return { window: { unit: 'hour', start }, end: new Date(start.getTime() + HOUR_MS) };
};

/**
 * What a robot's pace is counted under: the robot itself (its URL, hashed), so that two channels
 * registered with one robot's URL share its limit, as the service counts it.
 */
export const robotOf = (to: Destination): string => (to.medium === 'chat' ? `robot:${createHash('sha256').update(to.channel.url).digest('hex').slice(0, 20)}` : to.address);

/**
 * Counts one message to `to` against its robot's pace: undefined when it may go now, or when the full
 * window ends (the time to wait for). Mail has no pace.
 */
export const paceFull = async (counter: PaceCounter, notifier: Notifier, to: Destination, now: Date): Promise<Date | undefined> => {
  const pace = notifier.pace(to);
  for (const { window, cap, end } of pace ? paceWindows(pace, now) : []) {
    if (!(await counter.countNotice(robotOf(to), window, cap))) return end;
  }
  return undefined;
};

/** Counts one message to the address against its hourly cap: undefined when it may go now, or the next hour's start. */
export const hourFull = async (counter: PaceCounter, address: string, limits: Limits, now: Date): Promise<Date | undefined> => {
  const { window, end } = hourWindow(now);
  return (await counter.countNotice(address, window, limits.noticesPerHour)) ? undefined : end;
};
