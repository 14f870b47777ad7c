/**
 * The sender function: the only one that sends notices. Woken by the table's stream (each notice row
 * written: its destination's rows go at once) and once a minute by its schedule (`{ "run": "due" }`:
 * what waited — a retry, a robot's pace, the hour's cap — and what a sender that died left claimed).
 * How, in one place: functions/sender-trigger.ts.
 * A row's failure is recorded on the row; the function throws only when it could not read or record at
 * all, so that the stream delivers the batch again.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { runUntil, sendDue, sendToEach, type SendResult } from '../domain/delivery/sender';
import { senderDeps } from '../runtime/deps';
import { metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';
import { SENDER_METRICS, type DueRun } from '../sender-trigger';

export type SenderEvent = DynamoDBStreamEvent | DueRun;

/** The destinations of the notice rows a stream batch carries (each once, in the order first seen). */
export const recipientsOf = (event: DynamoDBStreamEvent): string[] => [
  ...new Set(event.Records.flatMap((record) => { const recipient = record.dynamodb?.NewImage?.recipient?.S; return recipient ? [recipient.toLowerCase()] : []; })),
];

const count = (results: SendResult[]): void => {
  for (const [field, name] of Object.entries(SENDER_METRICS) as [keyof typeof SENDER_METRICS, string][]) {
    metrics.addMetric(name, MetricUnit.Count, results.reduce((sum, result) => sum + result[field], 0));
  }
};

export const handler = taskHandler('notice sender', async (event: SenderEvent, context): Promise<SendResult[]> => {
  // No message begins once the invocation could not finish it: the rest stay due for the minute run.
  const deps = { ...senderDeps(), until: runUntil(new Date(), context?.getRemainingTimeInMillis?.() ?? Infinity) };
  const result = 'run' in event ? await sendDue(deps) : await sendToEach(deps, recipientsOf(event));
  count([result]);
  return [result];
});
