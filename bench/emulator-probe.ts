/**
 * What DynamoDB Local itself costs, with no handler involved (run by the bench): a PutItem against a
 * GetItem plus a TransactWriteItems of three items writing the same index keys as the ingest path,
 * 16 at a time.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { freePort } from '../local/ports';

const SECONDS = 5;
const dynamo = await startDynamo({ port: await freePort() });
await ensureTable(dynamo.client, 'probe');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

const rate = async (name: string, op: (i: number) => Promise<unknown>) => {
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: 16 }, async (_, worker) => {
    while (Date.now() < end) {
      await op(worker);
      done += 1;
    }
  }));
  console.log(`${name}: ${(done / SECONDS).toFixed(0)} per second`);
  return done / SECONDS;
};

const put = await rate('PutItem', () => db.send(new PutCommand({ TableName: 'probe', Item: { pk: randomUUID(), sk: 'x', a: 1 } })));
const tx = await rate('GetItem + TransactWriteItems(3 items)', async (worker) => {
  await db.send(new GetCommand({ TableName: 'probe', Key: { pk: `cp-${worker}`, sk: 'CHECKPOINT' }, ConsistentRead: true }));
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        // The same index keys the ingest path writes: the reading into byTime, the deadline moved in byDeadline.
        { Put: { TableName: 'probe', Item: { pk: `cp-${worker}`, sk: `READING#${randomUUID()}`, lsi1sk: `R#${new Date().toISOString()}`, a: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: 'probe',
            Key: { pk: `cp-${worker}`, sk: 'CHECKPOINT' },
            UpdateExpression: 'SET dueShard = :shard, dueAt = :due ADD version :one',
            ExpressionAttributeValues: { ':one': 1, ':shard': `DUE#${worker % 8}`, ':due': new Date(Date.now() + Math.random() * 1e9).toISOString() },
          },
        },
        { Update: { TableName: 'probe', Key: { pk: `cp-${worker}`, sk: 'DAY#2026-11-29' }, UpdateExpression: 'ADD readings :one', ExpressionAttributeValues: { ':one': 1 } } },
      ],
    }),
  );
});
console.log(`ratio ${(tx / put).toFixed(2)}`);
await dynamo.stop();
process.exit(0);
