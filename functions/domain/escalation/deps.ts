/** What the escalation use cases are given: their port, the clock, ids, and where links point. */
import type { LinkKeys } from '../links';
import type { AckStore, FlowStarter, StepStore, SweepStore } from './ports';

/** The flow's Step and Record failure: they write level rows, whose links are signed. */
export interface StepDeps {
  store: StepStore;
  linkKeys: () => Promise<LinkKeys>;
  baseUrl: string;
  now: () => Date;
}

export interface SweepDeps {
  store: SweepStore;
  flows: FlowStarter;
  now: () => Date;
  newId: () => string;
  /** Fresh escalations of one community in one sweep that make an alert group; DEFAULT_GROUP_THRESHOLD when absent. */
  groupThreshold?: number;
}

export interface AckDeps {
  store: AckStore;
  now: () => Date;
}

/** Everything at once, as the runtime builds it for the escalation functions (each use case takes its part). */
export interface EscalationDeps extends StepDeps, SweepDeps, AckDeps {
  store: StepStore & SweepStore & AckStore;
}
