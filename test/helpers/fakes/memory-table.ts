/**
 * The in-memory stand-in for the one table: what every fake port reads and writes, so that a write
 * one port makes (an escalation opened moves the checkpoint's deadline) is seen by the others, as it
 * is in DynamoDB. Each fake (registry.ts, deadlines.ts, …) is built over one of these, as each
 * DynamoDB adapter is built over functions/adapters/table.ts; test/contract/ports.test.ts runs the
 * same checks on both.
 *
 * What goes in and what comes out is copied, as it is over the wire: a caller that changes an object
 * it read changes nothing stored. Keys that DynamoDB compares without case (addresses) are lowercased
 * here as the key shapes lowercase them.
 */
import type { AuditEntry } from '../../../functions/domain/audit';
import type { NoticeRow } from '../../../functions/domain/delivery/rows';
import type { AlertGroup, Checkpoint, Community, Escalation, Notice, StoredReading } from '../../../functions/domain/model';
import type { StoredOperatorKey } from '../../../functions/domain/operators';
import type { DayCounters } from '../../../functions/domain/summary';

export const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

/**
 * A notice row (written with the change it tells of: content, links, createdAt; `groupedInto` when
 * told within an alert group's shared row), with the outcome the sender records on it.
 */
export type NoticeRecord = Partial<Omit<Notice, 'outcome'>> & Partial<Omit<NoticeRow, 'notice' | 'outcome' | 'attempts' | 'error' | 'via' | 'sentAt'>> & { outcome?: Notice['outcome']; failedAt?: string; decidedAt?: string };

export type DayRecord = DayCounters & { checkpointId: string; communityId: string; date: string };

export class MemoryTable {
  readonly communities = new Map<string, Community>();
  readonly checkpoints = new Map<string, Checkpoint>();
  /** By `checkpointId|submissionId`. */
  readonly readings = new Map<string, StoredReading>();
  /** By `checkpointId|date`. */
  readonly days = new Map<string, DayRecord>();
  readonly escalations = new Map<string, Escalation>();
  /** By escalation, then by the notice's place (kind, level, repeat, address): the order DynamoDB lists them in. */
  readonly notices = new Map<string, Map<string, NoticeRecord>>();
  readonly groups = new Map<string, AlertGroup>();
  /** Addresses the mail service reported, lowercased. */
  readonly unreachable = new Map<string, { address: string; reason: string; at: string }>();
  /** By auditId: each entry written with the write it records, only when that write was made. */
  readonly audit = new Map<string, AuditEntry>();
  readonly operatorKeys = new Map<string, StoredOperatorKey>();

  /** Records an entry that came with a write that was made (none came: nothing). */
  recordAudit(entry: AuditEntry | undefined): void {
    if (entry) this.audit.set(entry.auditId, copy(entry));
  }

  /** A day's counters as the summary reads them. */
  dayCounters(checkpointId: string, date: string): DayCounters | undefined {
    const day = this.days.get(`${checkpointId}|${date}`);
    if (!day) return undefined;
    const { checkpointId: _c, communityId: _co, date: _d, ...counters } = copy(day);
    return counters;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

export const noticePlace = (notice: { kind: string; level: number; repeat: number; recipient: string }) =>
  `${notice.kind}#${pad(notice.level)}#${pad(notice.repeat)}#${notice.recipient.toLowerCase()}`;

/** Sorted as DynamoDB sorts string keys (by code point, which for these keys is byte order). */
export const byKey = <T>(entries: Iterable<[string, T]>, descending = false): T[] =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0) * (descending ? -1 : 1)).map(([, value]) => value);
