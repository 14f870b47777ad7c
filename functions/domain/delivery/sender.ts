/**
 * The one sender: it sends notice rows (rows.ts), and nothing else sends anything. For one destination
 * (a mailbox, or a channel's chat address) it takes the rows that are due, drops those no longer true,
 * finds where they go, keeps to the robot's pace and the address's hourly cap, claims the rows, sends
 * them as one message — a row alone in its own words, several as a bundle listing each — and records
 * what came of it on each row: sent, refused for good (failed), or to be tried again later (pending,
 * with a backoff and the service's own Retry-After), until it has been tried MAX_ATTEMPTS times or a
 * day, when it is given up (failed, dead-lettered). docs/delivery.md tells the whole path.
 *
 * A row is claimed before it is sent (a conditional write: pending and due, or sending under a lease
 * that ran out) and settled only by the claim that holds it, so two senders at once send it once; a
 * sender that dies between its send and its record leaves the row claimed, and it is sent again when
 * the lease runs out: at least once, and twice only then.
 */
import { runtimeOf } from '../../function-env';
import { ChannelGone, defaultLimits, destinationOf, hourFull, paceFull, robotOf, type ChannelReads, type Limits, type PaceCounter } from './pacing';
import { digestEventIdOf, eventIdOf } from './event-ids';
import { DeliveryDeferred, DeliveryRefused, type Destination, type Notifier } from './notifier-port';
import type { NoticeRef, NoticeRow } from './rows';
import { bundleNotice } from './words';

/**
 * How long a claim holds a row: longer than the sender function may run (its timeout, as deployed), so
 * that a claim runs out only when its sender is surely dead, and soon after, for the next minute's run.
 */
export const LEASE_MS = (runtimeOf('notice-sender').timeoutSeconds + 30) * 1000;
/** Rows one message lists at most; more go in the next message of the same run. */
export const ROWS_PER_MESSAGE = 20;
/**
 * Rows one run reads for one destination at most (its oldest): five full messages. What is beyond it
 * stays due and is taken by the next minute's run, so a destination with thousands waiting costs each
 * run the same bounded work.
 */
export const ROWS_PER_RUN = 5 * ROWS_PER_MESSAGE;
/**
 * How long after its start a run may begin another message: what is left then stays due for the next
 * minute's run. One message begun just before it still ends within the function's timeout: a send is
 * cut by the notifier within 12 s (a chat post's 5 s deadline; the SMTP relay's 4 s connect and 8 s
 * socket timeouts), and its writes are a few table calls (a test holds the two against the timeout).
 */
export const RUN_BUDGET_MS = (runtimeOf('notice-sender').timeoutSeconds - 15) * 1000;
/** The longest one message's send may take before the notifier cuts it (see RUN_BUDGET_MS). */
export const SEND_CUT_MS = 12_000;
/** The time a run keeps back after its last message begins: the function's timeout less RUN_BUDGET_MS. */
export const LAST_MESSAGE_MARGIN_MS = runtimeOf('notice-sender').timeoutSeconds * 1000 - RUN_BUDGET_MS;

/**
 * When an invocation that began at `start` with `remainingMs` left begins no more messages: RUN_BUDGET_MS
 * after its start, or sooner when it has less time than its timeout (LAST_MESSAGE_MARGIN_MS before its
 * end), so that one message begun last is never cut by Lambda in the middle of its send.
 */
export const runUntil = (start: Date, remainingMs: number): Date =>
  new Date(start.getTime() + Math.min(RUN_BUDGET_MS, remainingMs - LAST_MESSAGE_MARGIN_MS));
/** A row is given up (failed, dead-lettered) after this many tries, or a day after it was written. */
export const MAX_ATTEMPTS = 20;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** The wait after a try the service did not take: a minute, doubling, at most an hour (the service's Retry-After when longer). */
export const backoffMs = (attempts: number): number => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** Who may write a row: the claim that holds it (its lease), or anyone while it is free and due at that instant (pending with no notBefore or one past, or its lease ran out), as a claim would find it. */
export type Holder = { lease: Date } | { freeAt: Date };

/** How a row is settled: it leaves the sender's indexes. */
export type Settled =
  | { outcome: 'sent'; at: Date; via?: string }
  | { outcome: 'failed'; at: Date; error: string; attempts?: number; deadLettered?: boolean }
  | { outcome: 'skipped'; at: Date };

/** The notice rows as the sender reads and writes them: five methods. */
export interface NoticeRows {
  /** A destination's oldest waiting rows (pending, or sending under a lease), at most `limit`, oldest first, read back consistently. */
  waiting(recipient: string, limit: number): Promise<NoticeRow[]>;
  /** The destinations with a row due at `now` (its notBefore or its lease over, or written and not yet sent), the longest due first. */
  due(now: Date): Promise<string[]>;
  /** Takes a row free at `now` for sending until `leaseUntil`: false when it is not free (another sender has it, or it is settled). */
  claim(notice: NoticeRef, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Records how the row ended, if `by` still may: false otherwise. */
  settle(notice: NoticeRef, settled: Settled, by: Holder): Promise<boolean>;
  /** Lets the row wait (pending) until `notBefore`, with its tries so far and why, if `by` still may. */
  postpone(notice: NoticeRef, wait: { notBefore: Date; attempts?: number; error?: string }, by: Holder): Promise<boolean>;
}

/** What one run did: messages sent, rows settled otherwise, and rows left waiting for later. */
export interface SendResult {
  /** Messages sent (a bundle of rows is one). */
  messages: number;
  /** Rows recorded sent. */
  sent: number;
  skipped: number;
  failed: number;
  /** Of the failed, rows given up after their attempts (the dead-letter alarm counts them). */
  deadLettered: number;
  /** Rows left pending: paced, capped, or deferred by the service. */
  waiting: number;
}

export const emptyResult = (): SendResult => ({ messages: 0, sent: 0, skipped: 0, failed: 0, deadLettered: 0, waiting: 0 });

const add = (sum: SendResult, more: SendResult): SendResult => {
  for (const key of Object.keys(sum) as (keyof SendResult)[]) sum[key] += more[key];
  return sum;
};

/** What the sender is given: the rows, the pace counters, the registry's channels, the notifier, the clock. */
export interface SenderDeps {
  rows: NoticeRows;
  pace: PaceCounter;
  channels: ChannelReads;
  notifier: Notifier;
  now: () => Date;
  /** A row still worth sending when its turn comes (a level row: its escalation still open, its checkpoint still silent). */
  wanted: (row: NoticeRow) => Promise<boolean>;
  limits?: Limits;
  /** When the run begins no more messages (the invocation's start + RUN_BUDGET_MS); absent: each call's start + RUN_BUDGET_MS. */
  until?: Date;
}

/** Due at `now`: pending with no notBefore or one that is past, or claimed by a sender whose lease ran out. */
export const isDue = (row: NoticeRow, now: Date): boolean => {
  const at = now.toISOString();
  if (row.outcome === 'pending') return row.notBefore === undefined || row.notBefore <= at;
  return row.outcome === 'sending' && (row.leaseUntil === undefined || row.leaseUntil < at);
};

const SERVICE_ASKED = 'the service asked for time before it takes more';

/** Until when the service asked the destination to wait, by its rows waiting after a try it did not take: the latest. */
const serviceWait = (waiting: NoticeRow[], now: Date): Date | undefined => {
  const at = now.toISOString();
  const asked = waiting.filter((row) => row.outcome === 'pending' && row.attempts > 0 && row.notBefore !== undefined && row.notBefore > at).map((row) => row.notBefore!);
  return asked.length > 0 ? new Date(asked.sort().at(-1)!) : undefined;
};

/** A day's summary is not an alert: it is not capped by the hour, and goes on its own, never in a bundle. */
const isSummary = (row: NoticeRow) => row.notice.kind === 'summary';

/** The messages of a destination's rows, in their order: each summary alone, the rest in bundles of ROWS_PER_MESSAGE. */
const messagesOf = (rows: NoticeRow[]): NoticeRow[][] => {
  const summaries = rows.filter(isSummary).map((row) => [row]);
  const alerts = rows.filter((row) => !isSummary(row));
  const bundles: NoticeRow[][] = [];
  for (let start = 0; start < alerts.length; start += ROWS_PER_MESSAGE) bundles.push(alerts.slice(start, start + ROWS_PER_MESSAGE));
  return [...summaries, ...bundles];
};

/** What one message says: a row alone, its own content; several, a bundle listing each with its links (and @mentioning whom each did). */
const contentOf = (rows: NoticeRow[], now: Date) => {
  if (rows.length === 1) return rows[0]!.content;
  const bundle = bundleNotice(rows.map((row) => ({ subject: row.content.subject, links: row.links, lang: row.content.lang, type: row.content.type })), now);
  const mobiles = [...new Set(rows.flatMap((row) => row.content.mentions.mobiles))];
  const names = [...new Set(rows.flatMap((row) => row.content.mentions.names))];
  return { ...bundle, mentions: { mobiles, names } };
};

/** A bundle's event id: the same for the same rows on every retry (the receiver's idempotency key). */
const eventIdOfMessage = (rows: NoticeRow[]): string => {
  if (rows.length === 1) return eventIdOf(rows[0]!.notice);
  const tag = rows.map(({ notice }) => `${notice.escalationId}.${notice.kind}.${notice.level}.${notice.repeat}`).join('|');
  return digestEventIdOf(rows[0]!.notice.recipient, `bundle-${eventIdOf({ ...rows[0]!.notice, escalationId: tag })}`);
};

/** Lets rows that were not claimed wait until `notBefore` (a pace, the hour's cap, the service's block). */
const letWait = async (deps: SenderDeps, rows: NoticeRow[], notBefore: Date, now: Date, error: string, result: SendResult) => {
  for (const row of rows) if (await deps.rows.postpone(row.notice, { notBefore, error }, { freeAt: now })) result.waiting += 1;
};

/**
 * Records a message the service did not take: each row tried once more, waiting again (a backoff, or
 * the service's Retry-After when longer) or, after MAX_ATTEMPTS or a day, given up. Returns when the
 * service may be tried again (undefined when every row was given up).
 */
const recordTransient = async (deps: SenderDeps, rows: NoticeRow[], error: unknown, lease: Date, now: Date, result: SendResult): Promise<Date | undefined> => {
  // Whatever was thrown (a library may throw a string) becomes words on the row.
  const reason = error instanceof Error ? error.message : String(error);
  const retryAfterMs = error instanceof DeliveryDeferred && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
  let latest: Date | undefined;
  for (const row of rows) {
    const attempts = row.attempts + 1;
    if (attempts >= MAX_ATTEMPTS || now.getTime() - Date.parse(row.createdAt) >= GIVE_UP_AFTER_MS) {
      if (await deps.rows.settle(row.notice, { outcome: 'failed', at: now, error: reason, attempts, deadLettered: true }, { lease })) {
        result.failed += 1;
        result.deadLettered += 1;
      }
      continue;
    }
    const notBefore = new Date(now.getTime() + Math.max(backoffMs(attempts), retryAfterMs));
    if (!latest || notBefore > latest) latest = notBefore;
    if (await deps.rows.postpone(row.notice, { notBefore, attempts, error: reason }, { lease })) result.waiting += 1;
  }
  return latest;
};

/** Sends one message of claimed rows and records it on each: taken, refused for good, or to be tried again (from `retryAt`; the service asked for `askedUntil`). */
const sendMessage = async (deps: SenderDeps, to: Destination, rows: NoticeRow[], lease: Date, now: Date, result: SendResult): Promise<{ took: true } | { took: false; retryAt?: Date; askedUntil?: Date }> => {
  try {
    await deps.notifier.send(to, contentOf(rows, now), { eventId: eventIdOfMessage(rows) });
  } catch (error) {
    // The service's Retry-After counts from its answer, not from the run's start: a send that took a while must not come back early and extend a block.
    const answeredAt = deps.now();
    if (error instanceof DeliveryRefused) {
      for (const row of rows) if (await deps.rows.settle(row.notice, { outcome: 'failed', at: answeredAt, error: error.message, attempts: row.attempts + 1 }, { lease })) result.failed += 1;
      return { took: false };
    }
    const retryAt = await recordTransient(deps, rows, error, lease, answeredAt, result);
    const askedUntil = error instanceof DeliveryDeferred && error.retryAfterSeconds ? new Date(answeredAt.getTime() + error.retryAfterSeconds * 1000) : undefined;
    return { took: false, ...(retryAt && { retryAt }), ...(askedUntil && { askedUntil }) };
  }
  result.messages += 1;
  const sentAt = deps.now();
  for (const row of rows) if (await deps.rows.settle(row.notice, { outcome: 'sent', at: sentAt, ...(rows.length > 1 && { via: 'bundle' }) }, { lease })) result.sent += 1;
  return { took: true };
};

/**
 * Sends what is due for one destination (a mailbox or a channel's chat address, any case): one message
 * for all of it, in ROWS_PER_MESSAGE at most (a day's summary on its own), of its ROWS_PER_RUN oldest
 * rows, beginning no message after `until` (what is left stays due for the next run). A row's failure
 * is recorded on the row; it throws only what the rows, the registry or `wanted` throw (the table),
 * leaving each row as it was or claimed under a lease, for the next run.
 */
export const sendTo = async (deps: SenderDeps, recipient: string): Promise<SendResult> => {
  const until = deps.until ?? new Date(deps.now().getTime() + RUN_BUDGET_MS);
  return sendWithin(deps, recipient, until);
};

const sendWithin = async (deps: SenderDeps, recipient: string, until: Date): Promise<SendResult> => {
  const now = deps.now();
  const result = emptyResult();
  if (now >= until) return result;
  const waiting = await deps.rows.waiting(recipient, ROWS_PER_RUN);
  const due = waiting.filter((row) => isDue(row, now));
  const free = { freeAt: now };

  const rows: NoticeRow[] = [];
  for (const row of due) {
    if (await deps.wanted(row)) rows.push(row);
    else if (await deps.rows.settle(row.notice, { outcome: 'skipped', at: now }, free)) result.skipped += 1;
  }
  if (rows.length === 0) return result;

  // The service asked for time (a 429's Retry-After, DingTalk's ten-minute block): nothing more goes to it before then.
  const asked = serviceWait(waiting, now);
  if (asked) {
    await letWait(deps, rows, asked, now, SERVICE_ASKED, result);
    return result;
  }

  // The address as written on the rows: a chat address names its channel's owner in its own case.
  let to: Destination;
  try {
    to = await destinationOf(deps.channels, rows[0]!.notice.recipient);
  } catch (error) {
    if (!(error instanceof ChannelGone)) throw error;
    for (const row of rows) if (await deps.rows.settle(row.notice, { outcome: 'failed', at: now, error: error.message }, free)) result.failed += 1;
    return result;
  }

  // The robot asked for time through another channel registered with its URL: it blocks the robot, not the channel.
  const held = to.medium === 'chat' ? await deps.pace.heldUntil(robotOf(to), now) : undefined;
  if (held) {
    await letWait(deps, rows, held, now, SERVICE_ASKED, result);
    return result;
  }

  const limits = deps.limits ?? defaultLimits;
  const messages = messagesOf(rows);
  let capped: Date | undefined;
  for (const [index, message] of messages.entries()) {
    // Out of time: what is left stays as it is, due, for the next minute's run.
    if (index > 0 && deps.now() >= until) break;
    const capHolds = message.some((row) => !isSummary(row));
    if (capHolds && capped) {
      await letWait(deps, message, capped, now, 'the hourly cap on notices to this address is reached: sent together in the next hour', result);
      continue;
    }
    // Counted in the window of the moment it goes, not of the run's start: a run's later messages go seconds later.
    const postAt = deps.now();
    const paced = await paceFull(deps.pace, deps.notifier, to, postAt);
    if (paced) {
      await letWait(deps, messages.slice(index).flat(), paced, now, 'the robot takes no more just now (its rate limit)', result);
      break;
    }
    capped = capHolds ? await hourFull(deps.pace, to.address, limits, postAt) : undefined;
    if (capped) {
      await letWait(deps, message, capped, now, 'the hourly cap on notices to this address is reached: sent together in the next hour', result);
      continue;
    }
    const lease = new Date(now.getTime() + LEASE_MS);
    const claimed: NoticeRow[] = [];
    for (const row of message) if (await deps.rows.claim(row.notice, now, lease)) claimed.push(row);
    if (claimed.length === 0) continue;
    const sent = await sendMessage(deps, to, claimed, lease, now, result);
    // The service asked for time: what is left for it waits as long, untried; a robot's other channels too.
    if (!sent.took && sent.askedUntil && to.medium === 'chat') await deps.pace.hold(robotOf(to), sent.askedUntil);
    if (!sent.took && sent.retryAt) {
      await letWait(deps, messages.slice(index + 1).flat(), sent.retryAt, now, 'the service did not take the message before it', result);
      break;
    }
  }
  return result;
};

/**
 * Destinations sent to at once, each by its own worker: a storm's twenty mailboxes wait for one
 * another's round trips no more than the flow's Map of ten Send tasks made them wait before the one
 * sender. Each destination's rows are its own (claimed under their lease), and a robot's pace is
 * counted by conditional writes, so two workers never send one row nor overrun one robot.
 */
export const DESTINATIONS_AT_ONCE = 8;

/**
 * Sends to each destination (sendTo's work, DESTINATIONS_AT_ONCE at a time, in order), beginning none
 * after `until`. One destination's trouble does not keep the others from theirs; the first error is
 * thrown at the end, once every destination has had its turn.
 */
const sendEach = async (deps: SenderDeps, recipients: readonly string[], until: Date): Promise<SendResult> => {
  const result = emptyResult();
  let failure: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < recipients.length) {
      const recipient = recipients[next++]!;
      if (deps.now() >= until) return;
      try {
        add(result, await sendWithin(deps, recipient, until));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DESTINATIONS_AT_ONCE, recipients.length) }, worker));
  if (failure) throw failure;
  return result;
};

/** A stream batch's run: the destinations its rows name, each sent what waits for it (sendTo), several at once. */
export const sendToEach = (deps: SenderDeps, recipients: readonly string[]): Promise<SendResult> =>
  sendEach(deps, recipients, deps.until ?? new Date(deps.now().getTime() + RUN_BUDGET_MS));

/**
 * The minute's run: every destination with rows due (a retry's, a pace's or an hour's wait over, a
 * lease run out, a row the stream's run did not send), the longest due first, several at once, until
 * RUN_BUDGET_MS after its start (the rest stay due for the next minute).
 */
export const sendDue = async (deps: SenderDeps): Promise<SendResult> => {
  const until = deps.until ?? new Date(deps.now().getTime() + RUN_BUDGET_MS);
  return sendEach(deps, await deps.rows.due(deps.now()), until);
};
