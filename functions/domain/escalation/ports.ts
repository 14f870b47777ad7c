/**
 * What the escalation use cases ask of the world, as small ports: a handful of methods each, one
 * DynamoDB adapter per port over a shared table helper (functions/adapters/), one in-memory fake per
 * port under test/helpers/, and a contract suite that runs both. The use cases name the ports they use.
 */
import type { Lang } from '../words';
import type { AlertGroup, Checkpoint, Community, Escalation, Notice, NoticeOutcome } from '../model';
import type { AuditEntry } from '../audit';
import type { NoticeContent } from './content';
import type { FollowUps } from './follow-up-port';

export { DeliveryDeferred, DeliveryRefused, MailDeferred, type Destination, type Notifier } from './notifier-port';

/** The registry as the escalation core reads it. */
export interface RegistryReads {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  /** Several at once (one batch read): those that exist. */
  checkpoints(checkpointIds: string[]): Promise<Checkpoint[]>;
  community(communityId: string): Promise<Community | undefined>;
}

/** The watched deadlines (a sparse index) and the conditional writes that move them. */
export interface Deadlines {
  overdueCheckpoints(now: Date): Promise<string[]>;
  /**
   * Opens it and moves the checkpoint's watched deadline (absent `nextDueAt`: off the index), if that is
   * still `expectedDueAt`; `missedAt`, the last deadline it records, is stored on the checkpoint with it.
   */
  openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt?: string; missedAt?: string }): Promise<boolean>;
  /** Adds misses to the checkpoint's open escalation and moves its watched deadline, if that is still `expectedDueAt`; `missedAt` as above. */
  recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt?: string; missedAt?: string; missedSlots: string[] }): Promise<boolean>;
  /** Moves a watched deadline that turned out to be no miss (its slot was filled meanwhile). */
  moveDeadline(input: { checkpointId: string; expectedDueAt: string; nextDueAt?: string }): Promise<boolean>;
}

export interface Escalations {
  escalation(escalationId: string): Promise<Escalation | undefined>;
  /** Several at once (one batch read): those that exist. */
  escalations(escalationIds: string[]): Promise<Escalation[]>;
  activeEscalations(): Promise<Escalation[]>;
  /** With `audit` (an acknowledgement's entry), the entry is written in the same transaction: only if the escalation is. */
  saveEscalation(escalation: Escalation, expectedVersion: number, audit?: AuditEntry): Promise<boolean>;
  /**
   * Records an address as told (once), bumping the version: so that a resolution or acknowledgement
   * that comes before the level is recorded still tells whoever heard of it. False when it is there already.
   */
  addNotified(escalationId: string, address: string): Promise<boolean>;
  closeEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean>;
}

/** Which notice record a message stands for, so that its outcome can be written when it goes out. */
export interface NoticeRef {
  /** The escalation it is of; for a day's summary, the day's (`summary-<date>`, summaries.ts). */
  escalationId: string;
  kind: 'level' | 'resolution' | 'acknowledgement' | 'unresolved' | 'paused' | 'summary';
  level: number;
  repeat: number;
  /** An e-mail or a channel's chat address (recipients.ts). */
  recipient: string;
}

/** A claim on a notice that was never followed by an outcome (its sender died) is taken up again after this. */
export const NOTICE_CLAIM_STALE_MS = 2 * 60_000;

/** What a notice waiting in the outbox is marked `via`: the outbox sends it, so no flow task claims it again. */
export const IN_OUTBOX = 'outbox';

/** Each notice claimed before it is sent (never twice), its outcome recorded after. */
export interface NoticeLog {
  /**
   * Claims a notice for sending: true when it was never claimed, was deferred by a sender that will try
   * it again (not one waiting in the outbox), or was claimed longer than NOTICE_CLAIM_STALE_MS before
   * `now` by a sender that never recorded what came of it.
   */
  claimNotice(claim: NoticeRef, now: Date): Promise<boolean>;
  markNotice(notice: NoticeRef, outcome: NoticeOutcome, detail: { at: Date; error?: string; via?: string }): Promise<void>;
  notices(escalationId: string): Promise<Notice[]>;
  /** Of these addresses, those the mail service reported as bouncing or complaining. */
  unreachable(addresses: string[]): Promise<string[]>;
}

export interface AlertGroups {
  saveGroup(group: AlertGroup): Promise<void>;
  group(groupId: string): Promise<AlertGroup | undefined>;
  /** Claims the group's notice of one level for one recipient; the same escalation may claim it again (a retry). */
  claimGroupNotice(claim: { groupId: string; level: number; repeat: number; recipient: string; by: string }): Promise<boolean>;
}

/** One notice waiting in the outbox: what the digest lists for it. */
export interface HeldNotice {
  notice: NoticeRef;
  subject: string;
  /** Acknowledge links, one per escalation the notice was about. */
  links: { label: string; url: string }[];
  /** The language it was written in: a digest of held notices is written in theirs. */
  lang?: Lang;
}

export interface OutboxEntry {
  /** `digest`: one recipient's overflow of one hour; `retry`: one notice not taken yet (or paced). */
  kind: 'digest' | 'retry';
  recipient: string;
  dueAt: string;
  /** Tells entries of one recipient and due time apart (the hour, or the notice retried). */
  tag: string;
  lines: HeldNotice[];
  /** The notice itself, for a retry. */
  content?: NoticeContent;
  attempts?: number;
  /** Not to be tried before this (ISO): the service asked for longer than the sweep's minute. */
  notBefore?: string;
}

/** A window notices are counted in: the clock hour (the cap per person or group), or a robot's pace (20 s) and second (delivery.ts). */
export interface CountWindow {
  unit: 'hour' | 'pace' | 'second';
  start: Date;
}

export interface Outbox {
  /** Counts one more notice to the recipient in the window, unless `cap` are counted already. */
  countNotice(recipient: string, window: CountWindow, cap: number): Promise<boolean>;
  /** Adds to the entry with the same recipient, due time and tag (creating it). */
  hold(entry: OutboxEntry): Promise<void>;
  dueOutbox(now: Date): Promise<OutboxEntry[]>;
  /** Claims an entry for sending under `claim` (the sender's own id); false when another sender has it. */
  claimOutbox(entry: OutboxEntry, claim: string, now: Date, staleBefore: Date): Promise<boolean>;
  /**
   * Lets the entry wait again, counting an attempt, until `notBefore` if given; nothing when the claim
   * went stale and another sender took it.
   */
  releaseOutbox(entry: OutboxEntry, claim: string, notBefore?: Date): Promise<void>;
  /**
   * Done with the entry's first `handled` lines: it is gone, or, when lines were held into it while it
   * was being sent, it keeps those, waiting again. Nothing when the claim went stale and another took it.
   */
  finishOutbox(entry: OutboxEntry, claim: string, handled: number): Promise<void>;
}

export type { FollowUpIntent, FollowUps } from './follow-up-port';

export type EscalationStore = RegistryReads & Deadlines & Escalations & NoticeLog & AlertGroups & Outbox & FollowUps;

export interface FlowStarter {
  /** Starts the flow for an escalation; `restart` when one may have run before (a new execution name). */
  start(escalationId: string, restart?: boolean): Promise<void>;
}
