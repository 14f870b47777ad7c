/**
 * What the escalation use cases ask of the world, as small ports: each use case names the few methods
 * it uses — the flow's Step (StepStore), the sweep (SweepStore), an acknowledgement (AckStore) — and
 * every change goes through one: `commit`, which writes the escalation and the notice rows that tell
 * of it in one transaction (a transactional outbox; the one sender, domain/delivery/, sends the rows).
 * One DynamoDB adapter per port over the shared table helper (functions/adapters/), one in-memory fake
 * per port under test/helpers/fakes/, and a contract suite that runs both (test/contract/ports.test.ts).
 */
import type { AlertGroup, Checkpoint, Community, Escalation } from '../model';
import type { AuditEntry } from '../audit';
import type { NewRow, NoticeRef } from '../delivery/rows';

export { DeliveryDeferred, DeliveryRefused, MailDeferred, type Destination, type Notifier } from '../delivery/notifier-port';
export type { NewRow, NoticeRef } from '../delivery/rows';

/** The registry as the escalation core reads it. */
export interface RegistryReads {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  /** Several at once (one batch read): those that exist. */
  checkpoints(checkpointIds: string[]): Promise<Checkpoint[]>;
  community(communityId: string): Promise<Community | undefined>;
}

/** Someone a level names and cannot reach: written as a row already failed, with why, so that the next level is told. */
export interface UnreachedRow {
  notice: NoticeRef;
  why: string;
}

/**
 * A change to one escalation and the notice rows that tell of it. `escalation` is the item as it is to
 * be stored (its version one more than `expectedVersion`).
 */
export interface EscalationChange {
  escalation: Escalation;
  expectedVersion: number;
  /** It ends (resolved, unresolved, paused): its checkpoint is freed for the next escalation in the same transaction. */
  ends?: boolean;
  rows: NewRow[];
  unreached?: UnreachedRow[];
  /** An acknowledgement's audit entry: written only if the escalation is. */
  audit?: AuditEntry;
}

export interface EscalationCommits {
  /**
   * Writes the change and its rows in one transaction, all or nothing: false when the escalation is no
   * longer at `expectedVersion` (nothing written). A row already there (a retried task, an alert group's
   * shared row written by another member) is left as it is: the change is written without it.
   */
  commit(change: EscalationChange, now: Date): Promise<boolean>;
}

/** Whom an earlier notice did not reach: a row that failed (with why), or an address the mail service reported bouncing. */
export interface NotReached {
  recipient: string;
  error?: string;
}

/** What the flow's Step reads, each once per Step, and how it writes. */
export interface StepStore extends Pick<RegistryReads, 'checkpoint' | 'community'>, EscalationCommits {
  escalation(escalationId: string): Promise<Escalation | undefined>;
  group(groupId: string): Promise<AlertGroup | undefined>;
  /** A group's members as they are now, each with its checkpoint (one batch read each): those that exist. */
  members(escalationIds: string[]): Promise<{ escalation: Escalation; checkpoint: Checkpoint }[]>;
  /**
   * Of an escalation's level rows before `level`, those that failed for good (refused, given up, or no
   * way to reach them), and of the addresses `told`, those the mail service reported bouncing.
   */
  notReached(escalationId: string, level: number, told: string[]): Promise<NotReached[]>;
}

/** The watched deadlines (a sparse index) and the conditional writes that move them. */
export interface Deadlines {
  overdueCheckpoints(now: Date): Promise<string[]>;
  /**
   * Opens it and moves the checkpoint's watched deadline (absent `nextDueAt`: off the index), if that is
   * still `expectedDueAt`; `missedAt`, the last deadline it records, is stored on the checkpoint with it.
   */
  openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt?: string; missedAt?: string }): Promise<boolean>;
  /**
   * Counts misses on the checkpoint's open escalation (missedCount + n, lastMissedSlot) and moves its
   * watched deadline, if that is still `expectedDueAt`; `missedAt` as above.
   */
  recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt?: string; missedAt?: string; count: number; lastSlot: string }): Promise<boolean>;
  /** Moves a watched deadline that turned out to be no miss (its slot was filled meanwhile). */
  moveDeadline(input: { checkpointId: string; expectedDueAt: string; nextDueAt?: string }): Promise<boolean>;
}

/** What the sweep reads and writes besides the deadlines. */
export interface SweepStore extends Deadlines, Pick<RegistryReads, 'checkpoint' | 'community'>, EscalationCommits {
  activeEscalations(): Promise<Escalation[]>;
  saveGroup(group: AlertGroup): Promise<void>;
}

/** What an acknowledgement reads and writes. */
export interface AckStore extends Pick<RegistryReads, 'checkpoint' | 'community'>, EscalationCommits {
  escalation(escalationId: string): Promise<Escalation | undefined>;
}

export interface FlowStarter {
  /**
   * Starts the escalation's flow, once: the execution is named by the escalation's id, so a start
   * repeated (a sweep run twice, a start whose answer was lost) runs no second flow.
   */
  start(escalationId: string): Promise<void>;
}
