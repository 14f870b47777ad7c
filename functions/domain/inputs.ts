/**
 * What the use cases are given, in the domain's own terms. The contract's zod schemas
 * (functions/contract/schemas.ts) produce these — a compile-time check there says so — but the domain
 * does not depend on the contract: a use case can be driven by the API, a spreadsheet import or a test.
 */
import type { ChannelKind } from '../channels/notice';
import type { Channel, ReadingFigures, StoredReading } from './model';

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
