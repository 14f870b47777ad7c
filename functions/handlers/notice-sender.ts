/**
 * The sender function: the only one that sends notices. Woken by the table's stream (each notice row
 * written: its destination's rows go at once) and once a minute by its schedule (`{ "run": "due" }`:
 * what waited — a retry, a robot's pace, the hour's cap — and what a sender that died left claimed).
 * A row's failure is recorded on the row; the function throws only when it could not read or record at
 * all, so that the stream delivers the batch again.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { sendDue, sendTo, type SendResult } from '../domain/delivery/sender';
import { senderDeps } from '../runtime/deps';
import { taskHandler } from '../runtime/task';

export type SenderEvent = DynamoDBStreamEvent | { run: 'due' };

/** The destinations of the notice rows a stream batch carries (each once, in the order first seen). */
export const recipientsOf = (event: DynamoDBStreamEvent): string[] => [
  ...new Set(event.Records.flatMap((record) => { const recipient = record.dynamodb?.NewImage?.recipient?.S; return recipient ? [recipient.toLowerCase()] : []; })),
];

export const handler = taskHandler('notice sender', async (event: SenderEvent): Promise<SendResult[]> => {
  const deps = senderDeps();
  if ('run' in event) return [await sendDue(deps)];
  const results: SendResult[] = [];
  for (const recipient of recipientsOf(event)) results.push(await sendTo(deps, recipient));
  return results;
});
