/**
 * Getting a notice to a person without flooding them, and without losing it. Every mail goes through
 * `deliver`: a recipient gets at most `noticesPerHour` notices an hour; the rest wait in the outbox for
 * one digest when the hour ends. A notice the mail service does not take is put in the outbox too, and
 * the sweep sends it again each minute until it goes: so when SES comes back, what is outstanding
 * arrives, once each (the outbox entry is claimed before it is sent and removed after).
 */
import { DEFAULT_GROUP_THRESHOLD, DEFAULT_NOTICES_PER_HOUR } from './limits';
import type { NoticeOutcome } from './model';
import { digestMail, type Mail } from './notices';

/** A retried notice is given up (recorded failed) after this many sweeps: a day of minutes. */
const MAX_RETRIES = 1440;
/** An outbox entry claimed this long ago by a sender that never finished is taken up again. */
const CLAIM_STALE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

export interface Limits {
  noticesPerHour: number;
  groupThreshold: number;
}

export const defaultLimits: Limits = { noticesPerHour: DEFAULT_NOTICES_PER_HOUR, groupThreshold: DEFAULT_GROUP_THRESHOLD };

/** Which notice record a mail stands for, so that its outcome can be written when it goes out. */
export interface NoticeRef {
  escalationId: string;
  kind: 'level' | 'resolution' | 'acknowledgement';
  level: number;
  repeat: number;
  recipient: string;
}

/** One notice waiting in the outbox: what the digest lists for it. */
export interface HeldNotice {
  notice: NoticeRef;
  subject: string;
  /** Acknowledge links, one per escalation the notice was about. */
  links: { label: string; url: string }[];
}

export interface OutboxEntry {
  /** `digest`: one recipient's overflow of one hour; `retry`: one mail the mail service did not take. */
  kind: 'digest' | 'retry';
  recipient: string;
  dueAt: string;
  /** Tells entries of one recipient and due time apart (the hour, or the notice retried). */
  tag: string;
  lines: HeldNotice[];
  /** The mail itself, for a retry. */
  mail?: Mail;
  attempts?: number;
}

export interface OutboxStore {
  /** Counts one more mail to the recipient in the hour starting at `hour`, unless `cap` are counted already. */
  countMail(recipient: string, hour: string, cap: number): Promise<boolean>;
  /** Adds to the entry with the same recipient, due time and tag (creating it). */
  hold(entry: OutboxEntry): Promise<void>;
  dueOutbox(now: Date): Promise<OutboxEntry[]>;
  /** Claims an entry for sending; false when another sender has it. */
  claimOutbox(entry: OutboxEntry, now: Date, staleBefore: Date): Promise<boolean>;
  releaseOutbox(entry: OutboxEntry): Promise<void>;
  removeOutbox(entry: OutboxEntry): Promise<void>;
  markNotice(notice: NoticeRef, outcome: NoticeOutcome, detail: { at: Date; error?: string; via?: string }): Promise<void>;
}

export interface DeliveryDeps {
  store: OutboxStore;
  mailer: { send(to: string, mail: Mail): Promise<void> };
  now: () => Date;
  limits?: Limits;
}

const hourStart = (now: Date): Date => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Sends a mail unless the recipient has had their hourly share, in which case its notices wait for the
 * digest ('held', recorded on each). Throws what the mailer throws (MailDeferred and others).
 */
export const deliver = async (deps: DeliveryDeps, recipient: string, mail: Mail, lines: HeldNotice[]): Promise<'sent' | 'held'> => {
  const now = deps.now();
  const hour = hourStart(now);
  const cap = (deps.limits ?? defaultLimits).noticesPerHour;
  if (!(await deps.store.countMail(recipient, hour.toISOString(), cap))) {
    const dueAt = new Date(hour.getTime() + HOUR_MS).toISOString();
    await deps.store.hold({ kind: 'digest', recipient, dueAt, tag: hour.toISOString(), lines });
    for (const line of lines) await deps.store.markNotice(line.notice, 'held', { at: now });
    return 'held';
  }
  await deps.mailer.send(recipient, mail);
  return 'sent';
};

/** Puts a mail the mail service did not take in the outbox, for the next sweeps to send again. */
export const retryLater = async (deps: DeliveryDeps, recipient: string, mail: Mail, lines: HeldNotice[], error: string): Promise<void> => {
  const now = deps.now();
  const { notice } = lines[0]!;
  const tag = `${notice.escalationId}#${notice.kind}#${notice.level}#${notice.repeat}`;
  await deps.store.hold({ kind: 'retry', recipient, dueAt: now.toISOString(), tag, lines, mail });
  for (const line of lines) await deps.store.markNotice(line.notice, 'deferred', { at: now, error });
};

export interface OutboxResult {
  sent: number;
  held: number;
  failed: { id: string; error: string }[];
}

/**
 * Run by the sweep: sends the digests whose hour is over and the mails waiting to be sent again. A
 * notice that is no longer `wanted` (its escalation ended meanwhile) is dropped, recorded 'skipped'.
 */
export const sendOutbox = async (deps: DeliveryDeps, wanted: (line: HeldNotice) => Promise<boolean>): Promise<OutboxResult> => {
  const now = deps.now();
  const result: OutboxResult = { sent: 0, held: 0, failed: [] };
  for (const due of await deps.store.dueOutbox(now)) {
    if (!(await deps.store.claimOutbox(due, now, new Date(now.getTime() - CLAIM_STALE_MS)))) continue;
    const entry = { ...due, lines: [] as HeldNotice[] };
    try {
      for (const line of due.lines) {
        if (await wanted(line)) entry.lines.push(line);
        else await deps.store.markNotice(line.notice, 'skipped', { at: now });
      }
      if (entry.lines.length === 0) {
        // Nothing left worth saying.
      } else if (entry.kind === 'digest') {
        await deps.mailer.send(entry.recipient, digestMail(entry.lines));
        for (const line of entry.lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), via: 'digest' });
        result.sent += 1;
      } else {
        const outcome = await deliver(deps, entry.recipient, entry.mail!, entry.lines);
        if (outcome === 'sent') for (const line of entry.lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), via: 'retry' });
        result[outcome] += 1;
      }
      await deps.store.removeOutbox(due);
    } catch (error) {
      const message = (error as Error).message;
      result.failed.push({ id: `${entry.kind}:${entry.tag}`, error: message });
      if ((entry.attempts ?? 0) + 1 >= MAX_RETRIES) {
        for (const line of entry.lines) await deps.store.markNotice(line.notice, 'failed', { at: deps.now(), error: message });
        await deps.store.removeOutbox(due);
      } else {
        await deps.store.releaseOutbox(due);
      }
    }
  }
  return result;
};

/**
 * The addresses a mail-service event says cannot be reached: every complaint (the person does not want
 * our mail), and permanent bounces (no such mailbox). A transient bounce (mailbox full) is not one.
 */
export const unreachableFrom = (
  detail:
    | { eventType: 'Bounce'; bounce: { bounceType: string; bounceSubType?: string | undefined; bouncedRecipients: { emailAddress: string }[]; timestamp: string } }
    | { eventType: 'Complaint'; complaint: { complainedRecipients: { emailAddress: string }[]; timestamp: string } },
): { address: string; reason: string; at: Date }[] => {
  if (detail.eventType === 'Complaint') {
    return detail.complaint.complainedRecipients.map((r) => ({ address: r.emailAddress, reason: 'complaint', at: new Date(detail.complaint.timestamp) }));
  }
  if (detail.bounce.bounceType !== 'Permanent') return [];
  const reason = `bounce: ${detail.bounce.bounceSubType ?? 'permanent'}`;
  return detail.bounce.bouncedRecipients.map((r) => ({ address: r.emailAddress, reason, at: new Date(detail.bounce.timestamp) }));
};
