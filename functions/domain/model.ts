/** The records checkpoint-watch keeps, as the domain sees them (instants as ISO strings). */
import type { ChannelKind } from '../channels/notice';
import type { FeverCase, FeverHandling } from './fever/shapes';
import type { ScheduleSpec } from './schedule';
import type { ZoneSpan } from './time';
import type { Lang } from './words';

/** A person of the chain: mailed at `email`, @mentioned in group chats by `mobile`; at least one is set. */
export interface Person {
  name: string;
  email?: string;
  mobile?: string;
}

export interface Contact extends Person {
  role: 'secretary' | 'committee' | 'summary' | 'leader';
}

/**
 * A group chat robot or webhook that notices also go to. `url` and `secret` are credentials: stored,
 * used by the sender, never shown or logged.
 */
export interface Channel {
  id: string;
  kind: ChannelKind;
  name?: string;
  url: string;
  secret?: string;
  /** The levels it is told of; every level when absent. */
  levels?: number[];
  summaries: boolean;
}

export interface EscalationPolicySpec {
  levels: { notify: string[]; after: string }[];
  repeatEvery: string;
  maxRepeats: number;
}

export interface Shift {
  from: string;
  to: string;
  leader: Person;
}

export interface Community {
  communityId: string;
  name: string;
  timezone: string;
  /** What its notices and summaries are written in: zh-CN when absent. */
  language?: Lang;
  contacts: Contact[];
  escalation?: EscalationPolicySpec;
  /** At or above this a fever case alerts the community (fever/rule.ts); the county's default when absent. */
  feverThresholdC?: number;
  /** How a fever alert climbs until someone handles it (fever/rule.ts, DEFAULT_FEVER_POLICY when absent). */
  feverPolicy?: EscalationPolicySpec;
  channels?: Channel[];
  createdAt: string;
  updatedAt: string;
  /** Bumped by every replacement, which is written at the version it read (absent on records from before). */
  version?: number;
}

export interface Pause {
  from: string;
  to?: string;
  /** Why, as the pause was given or last changed (shown while it lasts; kept after). */
  reason?: string;
  /** Who paused it, as the audit trail names them; told when the pause ends an escalation. */
  by?: string;
}

/**
 * When the gate is planned to be shut: every day by the local clock (`to` not after `from` crosses
 * midnight), or once between two instants. A slot wholly inside closures is not expected (slots.ts).
 */
export type Closure = { daily: { from: string; to: string }; reason?: string } | { from: string; to: string; reason?: string };

export interface Checkpoint {
  checkpointId: string;
  communityId: string;
  name: string;
  /** The community's zone, kept here so that ingest reads one record. */
  timezone: string;
  schedule: ScheduleSpec;
  grace: string;
  contacts: Contact[];
  escalation?: EscalationPolicySpec;
  shifts?: Shift[];
  channels?: Channel[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the checkpoint was created or last resumed (shown; the slot rule reads `pauses`). */
  activeSince: string;
  /** Every pause, oldest first; the last one has no `to` while the checkpoint is paused. */
  pauses: Pause[];
  /** Why the checkpoint is paused (the open pause's reason); absent while it reports, or when none was given. */
  pausedReason?: string;
  /** As the last PUT gave them; absent when none. */
  closures?: Closure[];
  lastReadingAt?: string;
  /** Runs of adjacent filled slots, [start, end) in epoch ms, as far back as the slot rule still looks (slots.ts). */
  filledRuns?: [number, number][];
  /** Start instants of the latest filled slots, as records written before `filledRuns` hold them. */
  recentlyFilled?: number[];
  /** Its zone's offset over a stretch around its last registration (time.ts): a cold start works in the zone without ICU. */
  zoneSpan?: ZoneSpan;
  /** Highest temperature seen per local date, for the last few dates (kept to update day counters). */
  recentMaxTempC: Record<string, number>;
  /**
   * The deadline the sweep watches: the earliest expected slot still empty whose miss is not yet recorded
   * (slots.ts, watchedDeadline). Absent when none can come (paused). Indexed (sparse) so overdue
   * checkpoints are found cheaply.
   */
  dueAt?: string;
  /** The latest missed deadline the sweep recorded: the status is `missed` from it until a reading or a pause (slots.ts, statusAt). */
  missedAt?: string;
  openEscalationId?: string;
  /**
   * The gate's latest fever alert, open or not (written with the reading that opened it): a fever reading
   * reads it, and joins it while it takes cases (fever/joining.ts), so that no query is needed.
   */
  feverAlertId?: string;
  tokenHash: string;
  /** How the current form token was derived (see secrets.ts); absent on records from before derivation. */
  tokenKid?: string;
  tokenVersion?: number;
  /** The one-minute window (epoch ms / 60,000) of the rate limit, and the readings counted in it. */
  rateWindow?: number;
  rateCount?: number;
  /**
   * The last reading's figures (fever/copied.ts, figuresKeyOf) and how many readings in a row have
   * carried them: at COPIED_RUN the board flags 疑似重复上报. Absent before the first reading that kept them.
   */
  lastFigures?: string;
  sameFiguresRun?: number;
  /** Bumped by every write, so concurrent readings never overwrite each other's state. */
  version: number;
}

export interface ReadingFigures {
  screened: number;
  entries: number;
  exits: number;
  feverCount: number;
  maxTempC?: number;
  staffOnDuty?: number;
}

export interface StoredReading extends ReadingFigures {
  readingId: string;
  checkpointId: string;
  communityId: string;
  submissionId: string;
  receivedAt: string;
  observedAt?: string;
  officer: string;
  feverCases?: { tempC: number; direction: 'in' | 'out'; note?: string }[];
  notes?: string;
  slot: { start: string; end: string };
  /** How this reading filled its slot; absent when the slot already held one. */
  filled?: 'onTime' | 'late';
  nextDeadline?: string;
  /** The fever alert its fever cases opened or joined (fever/opening.ts), written with it: a replay answers as the first did. */
  feverAlertId?: string;
  /** Hash of the submitted body, to tell a retry from a different report under the same id. */
  fingerprint: string;
}

/** `paused`: ended by a pause of its checkpoint, which excuses what it escalated (closing.ts, endPaused). */
export type EscalationStatus = 'open' | 'acknowledged' | 'resolved' | 'unresolved' | 'paused';

export interface Escalation {
  escalationId: string;
  /** What it escalates: a missed report (the default, when absent) or a fever at the gate (fever/). */
  cause?: EscalationCause;
  /** A fever alert's cases, oldest first (fever/joining.ts bounds them). */
  cases?: FeverCase[];
  /** A fever alert's handling, recorded with its acknowledgement. */
  handling?: FeverHandling;
  checkpointId: string;
  communityId: string;
  status: EscalationStatus;
  /** The highest level notified so far; 0 before the first notice. */
  level: number;
  /** Times the last level has been repeated. */
  repeats: number;
  /**
   * How many slots were missed during this streak, read through missesOf (an old item keeps
   * `missedSlots`; a fever alert misses none and has none of the three).
   */
  missedCount?: number;
  /** The start of the first slot missed, and of the last: a streak is kept in three numbers, never as a list. */
  firstMissedSlot?: string;
  lastMissedSlot?: string;
  /** Items written before misses were counted keep the list (read as such, never written again). */
  missedSlots?: string[];
  /** The deadline whose passing opened it: a reading after this resolves it. */
  missedDeadline: string;
  openedAt: string;
  /** When the flow should act next (the next level or repeat). */
  nextActionAt: string;
  /** The policy as it was when the escalation opened. */
  policy: EscalationPolicySpec;
  /** Everyone told so far, to tell them again when it resolves or is acknowledged. */
  notified: string[];
  acknowledgedBy?: string;
  /** The group chat the acknowledgement came from (its name and kind), when it came from a group's link. */
  acknowledgedVia?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  resolvedByReadingAt?: string;
  closedAt?: string;
  /** Ended `paused`: who paused the checkpoint and why, as the pause was given. */
  pausedBy?: string;
  pausedReason?: string;
  /** Set when it opened with others of its community in one sweep (an alert storm): notices go out grouped. */
  groupId?: string;
  /**
   * The flow's steps that failed for good (Record failure), each level or repeat at most once: the next
   * level is told that the system could not tell this one. Bounded by the policy's levels and repeats.
   */
  failures?: StepFailure[];
  version: number;
}

export type EscalationCause = 'missed' | 'fever';

/** A level (or repeat) the flow could not open, and why. */
export interface StepFailure {
  level: number;
  repeat: number;
  at: string;
  error: string;
}

/** Escalations of one community opened by one sweep, told about together (see escalations.ts). */
export interface AlertGroup {
  groupId: string;
  communityId: string;
  escalationIds: string[];
  openedAt: string;
  /**
   * By level (1-based), each address and the escalations of the group it is told about there, as the
   * sweep resolved the roles: only an address told about two or more gets a grouped notice.
   */
  recipients: Record<string, Record<string, string[]>>;
}

/**
 * `grouped`: told within another escalation's grouped notice; `held`: over the recipient's hourly cap,
 * waiting for the hourly digest; `deferred`: not taken by the mail service yet, retried by the sweep
 * (`held` and `deferred` are of items written before notice rows; a row is `pending` until the sender settles it).
 */
export type NoticeOutcome = 'pending' | 'sending' | 'sent' | 'deferred' | 'failed' | 'skipped' | 'grouped' | 'held';

export interface Notice {
  escalationId: string;
  /** 1-based level; 'resolution', 'acknowledgement', 'unresolved' and 'paused' notices carry kind instead. */
  level: number;
  repeat: number;
  kind: 'level' | 'resolution' | 'acknowledgement' | 'unresolved' | 'paused' | 'summary';
  recipient: string;
  outcome: NoticeOutcome;
  sentAt?: string;
  attempts: number;
  error?: string;
  /** How it went out when not on its own: 'group' (a grouped notice), 'digest', 'retry'. */
  via?: string;
}
