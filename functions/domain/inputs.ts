/**
 * What the use cases are given, in the domain's own terms. The contract's zod schemas
 * (functions/contract/schemas.ts, the registrations' among them re-exported from
 * registration-schemas.ts) produce these — a compile-time check there says so — but the domain does
 * not depend on the contract: a use case can be driven by the API, a spreadsheet import or a test.
 */
import type { ChannelKind } from '../channels/notice';
import type { Channel, Checkpoint, Closure, Community, EscalationPolicySpec, ReadingFigures, Shift, StoredReading } from './model';

/** A reading as a gate's form sends it. */
export interface ReadingInput extends ReadingFigures {
  submissionId: string;
  /** When it was counted, as the phone wrote it (any offset). */
  observedAt?: string;
  officer: string;
  feverCases?: NonNullable<StoredReading['feverCases']>;
  notes?: string;
}

/** A channel as registered: `url` absent keeps the stored one with its secret (domain/channels.ts). */
export interface ChannelInput extends Omit<Channel, 'url' | 'kind'> {
  kind: ChannelKind;
  url?: string;
}

/** A community as registered (PUT /communities/{id}, the console). */
export interface CommunityInput extends Pick<Community, 'name' | 'timezone' | 'language' | 'contacts' | 'feverThresholdC'> {
  escalation?: EscalationPolicySpec;
  feverPolicy?: EscalationPolicySpec;
  channels?: ChannelInput[];
}

/** A checkpoint as registered (PUT /checkpoints/{id}, an import row, the console). */
export interface CheckpointInput extends Pick<Checkpoint, 'name' | 'communityId' | 'schedule' | 'grace' | 'contacts' | 'active' | 'pausedReason'> {
  escalation?: EscalationPolicySpec;
  shifts?: Shift[];
  channels?: ChannelInput[];
  closures?: Closure[];
}
