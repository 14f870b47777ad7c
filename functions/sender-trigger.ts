/**
 * How the one sender (functions/handlers/notice-sender.ts) is woken, in one place: the CDK construct
 * deploys these settings as the event source mapping on the table's stream and the minute's schedule
 * (infra/constructs/notice-sender.ts), and the local stack's stand-in for that mapping reads and
 * filters the stream by the very same numbers and pattern (local/streams.ts). Data only: no CDK, no SDK.
 */
import { NOTICE_SORT_PREFIX } from './adapters/notice-rows';

/** A Lambda event filter pattern (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html), as the mapping's FilterCriteria carries it. */
export type FilterPattern = { [field: string]: FilterPattern | readonly FilterValue[] };
/** A value a field must equal, or a rule on it (only the rules this project uses). */
export type FilterValue = string | number | boolean | null | { readonly prefix: string };

/**
 * The event source mapping on the table's stream.
 * - Only a notice row's INSERT wakes the sender: a row's own updates (claimed, sent) and every other
 *   item are dropped by the filter, so they cost no invocation.
 * - No batching window: a row is sent as soon as Lambda's poll of its shard (four times a second) finds
 *   it, so a first notice waits no longer for the stream than it did for the flow's own Send task.
 *   Bundling does not need one: the sender sends everything waiting for a destination when woken for
 *   any of its rows, and the rows one change writes are in its one transaction, so they reach the
 *   stream together (an invocation woken for a row already sent finds nothing to do).
 * - LATEST: what was written while no mapping read the stream (a deploy) is the minute run's.
 * - A failed batch is split in two (bisected) to isolate what fails, and tried again at most
 *   `retryAttempts` times; then its description goes to the on-failure queue, with an alarm. Its rows
 *   are still in the table, waiting: the minute run sends them.
 */
export const SENDER_TRIGGER = {
  /** Records in one invocation at most: a batch names at most this many destinations, sent several at once (DESTINATIONS_AT_ONCE, sender.ts) within the function's timeout. */
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  startingPosition: 'LATEST',
  retryAttempts: 3,
  bisectBatchOnError: true,
  /** Lambda's filter: an INSERT whose sort key is a notice row's. */
  filter: {
    eventName: ['INSERT'],
    dynamodb: { Keys: { sk: { S: [{ prefix: NOTICE_SORT_PREFIX }] } } },
  },
} as const satisfies {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  retryAttempts: number;
  bisectBatchOnError: boolean;
  filter: FilterPattern;
};

/** The minute's run: what the schedule sends the sender every minute (rows whose wait is over, leases run out). */
export const DUE_RUN = { run: 'due' } as const;
export type DueRun = typeof DUE_RUN;

/** How often the schedule sends DUE_RUN, in minutes (EventBridge Scheduler's finest rate). */
export const DUE_RUN_EVERY_MINUTES = 1;

/** The sender's metrics (Powertools, from each run's SendResult); the stack alarms on `deadLettered`. */
export const SENDER_METRICS = {
  messages: 'NoticeMessages',
  sent: 'NoticeSent',
  failed: 'NoticeFailed',
  deadLettered: 'NoticeDeadLettered',
  waiting: 'NoticeWaiting',
} as const;
