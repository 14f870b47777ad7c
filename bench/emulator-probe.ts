/**
 * What DynamoDB Local itself costs, with no handler involved (run by the bench), 16 at a time: a PutItem;
 * a GetItem plus a TransactWriteItems of three small items writing the same index keys as the ingest
 * path; and the ingest path's own store calls (DynamoStore.checkpoint and DynamoStore.record of a
 * planned reading, with the real items), without HTTP, middleware, validation or authentication.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { checkpointStore } from '../functions/adapters/store';
import { dynamoTable } from '../functions/adapters/table';
import { planReading } from '../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../functions/domain/registry';
import { fingerprintOf } from '../functions/domain/secrets';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { freePort } from '../local/ports';

const SECONDS = 5;
const dynamo = await startDynamo({ port: await freePort() });
await ensureTable(dynamo.client, 'probe');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

const rate = async (name: string, op: (i: number) => Promise<unknown>) => {
  // A fresh JVM is slow until its JIT has warmed to the operation: two seconds unmeasured first.
  const warm = Date.now() + 2000;
  await Promise.all(Array.from({ length: 16 }, async (_, worker) => {
    while (Date.now() < warm) await op(worker);
  }));
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

// The real items: a registered checkpoint per worker, readings planned by the domain as the handler plans them.
const store = checkpointStore(dynamoTable(db, 'probe'));
const keys = async () => ({ current: 'k1', keys: { k1: 'probe-link-key-0123456789abcdef' } });
await putCommunity(store, { communityId: 'probe', now: new Date(), body: { name: '基准社区', timezone: 'Asia/Shanghai', contacts: [] } });
for (let worker = 0; worker < 16; worker += 1) {
  await putCheckpoint(store, {
    checkpointId: `real-${worker}`,
    keys,
    now: new Date(),
    body: { name: `压测卡点 ${worker}`, communityId: 'probe', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: `leader.${worker}@example.org`, role: 'leader' }], active: true },
  });
}
const real = await rate('DynamoStore.checkpoint + DynamoStore.record', async (worker) => {
  const checkpoint = (await store.checkpoint(`real-${worker}`))!;
  const body = { submissionId: randomUUID(), officer: '张三', screened: 40, entries: 22, exits: 18, feverCount: 0, staffOnDuty: 5 };
  await store.record(planReading(checkpoint, body, { now: new Date(), readingId: randomUUID(), fingerprint: fingerprintOf(body) }));
});
console.log(`ratio ${(tx / put).toFixed(2)}; with the real items ${(real / put).toFixed(2)}`);
await dynamo.stop();
process.exit(0);
