/**
 * How soon a notice row written reaches the sender through the table's stream, locally: DynamoDB Local's
 * stream read by local/streams.ts with the deployed trigger's settings (functions/sender-trigger.ts),
 * the handler a stub that notes when each row arrives. `npx tsx bench/stream-wake.ts`
 *   - single rows, written one at a time at random moments: write → invocation;
 *   - a storm: 30 rows (ten destinations) written at once: how many invocations, and when the last arrives.
 * On AWS, Lambda polls a shard four times a second too, and the window is the same second.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { startStreamPoller } from '../local/streams';

const SINGLES = 20;
const STORM = 30;

const dynamo = await startDynamo({ port: await freePort() });
try {
  await ensureTable(dynamo.client, 'stream-wake');
  const arrived = new Map<string, number>();
  const batches: number[] = [];
  const poller = await startStreamPoller({
    endpoint: dynamo.endpoint,
    tableName: 'stream-wake',
    functionName: 'notice-sender',
    handler: async (event) => {
      batches.push(event.Records.length);
      for (const record of event.Records) arrived.set(record.dynamodb!.NewImage!.recipient!.S!, Date.now());
    },
  });
  const write = (subject: string, recipient: string) =>
    dynamo.client.send(new PutItemCommand({ TableName: 'stream-wake', Item: { pk: { S: `ESCALATION#${subject}` }, sk: { S: `NOTICE#level#01#00#${recipient}` }, recipient: { S: recipient } } }));
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  const waits: number[] = [];
  for (let i = 0; i < SINGLES; i++) {
    const recipient = `single-${i}@example.org`;
    const written = Date.now();
    await write('singles', recipient);
    await until(() => arrived.has(recipient));
    waits.push(arrived.get(recipient)! - written);
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 500));
  }
  waits.sort((a, b) => a - b);
  console.log(`single rows (${SINGLES}): write → invocation min ${waits[0]} ms, median ${waits[Math.floor(SINGLES / 2)]} ms, max ${waits.at(-1)} ms`);

  batches.length = 0;
  const began = Date.now();
  await Promise.all(Array.from({ length: STORM }, (_, i) => write(`storm-${i}`, `storm-${i % 10}@example.org#${i}`)));
  await until(() => Array.from({ length: STORM }, (_, i) => `storm-${i % 10}@example.org#${i}`).every((recipient) => arrived.has(recipient)));
  console.log(`a storm of ${STORM} rows written at once: all in ${Date.now() - began} ms, in ${batches.length} invocation(s) of ${batches.join(', ')} row(s)`);
  await poller.stop();
} finally {
  await dynamo.stop();
}
