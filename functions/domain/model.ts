/** The records checkpoint-watch keeps, as the domain sees them (instants as ISO strings). */
import type { ScheduleSpec } from './schedule';

export interface Contact {
  name: string;
  email: string;
  role: 'secretary' | 'committee' | 'summary' | 'leader';
}

export interface Community {
  communityId: string;
  name: string;
  timezone: string;
  contacts: Contact[];
  createdAt: string;
  updatedAt: string;
}

export interface Pause {
  from: string;
  to?: string;
}

export interface Checkpoint {
  checkpointId: string;
  communityId: string;
  name: string;
  /** The community's zone, kept here so that ingest reads one record. */
  timezone: string;
  schedule: ScheduleSpec;
  grace: string;
  contacts: Contact[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the checkpoint was created or last resumed: earlier slots are not expected. */
  activeSince: string;
  pauses: Pause[];
  lastReadingAt?: string;
  /** Start instants (epoch ms) of the latest filled slots; see slots.ts. */
  recentlyFilled: number[];
  /** Highest temperature seen per local date, for the last few dates (kept to update day counters). */
  recentMaxTempC: Record<string, number>;
  /** The next deadline; absent while paused. Indexed (sparse) so overdue checkpoints are found cheaply. */
  dueAt?: string;
  openEscalationId?: string;
  tokenHash: string;
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
  /** Hash of the submitted body, to tell a retry from a different report under the same id. */
  fingerprint: string;
}
