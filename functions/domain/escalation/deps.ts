/** What the escalation use cases are given: the ports, the clock, ids, and where links point. */
import type { LinkKeys } from '../links';
import type { Limits } from './delivery';
import type { EscalationStore, FlowStarter, Notifier } from './ports';

export interface EscalationDeps {
  store: EscalationStore;
  notifier: Notifier;
  flows: FlowStarter;
  linkKeys: () => Promise<LinkKeys>;
  baseUrl: string;
  now: () => Date;
  newId: () => string;
  /** Grouping and hourly caps; defaultLimits when absent. */
  limits?: Limits;
}
