/**
 * The local stand-in for Lambda's event source mapping on the table's stream (local/streams.ts), against
 * DynamoDB Local's own stream on a fresh table made from the schema: a notice row inserted reaches the
 * function as Lambda's DynamoDBStreamEvent; any other item, and a notice row's later update, do not; a
 * batch whose invocation fails is split, and the failing record tried again up to the trigger's retry
 * bound, then described as Lambda describes it to the on-failure destination.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NOTICE_SORT_PREFIX } from '../../functions/adapters/notice-rows';
import { runtimeOf } from '../../functions/function-env';
import { SENDER_TRIGGER } from '../../functions/sender-trigger';
import { ensureTable } from '../../local/dynamodb';
import { matchesFilter, startStreamPoller, type StreamFailure, type StreamPoller } from '../../local/streams';

const TABLE = `streams-${randomUUID().slice(0, 8)}`;
const FAILING = 'fail@example.org';

interface Call {
  records: DynamoDBRecord[];
  context: Context;
  failed: boolean;
}
const calls: Call[] = [];
const failures: StreamFailure[] = [];
let client: DynamoDBClient;
let poller: StreamPoller;

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint');
  client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  poller = await startStreamPoller({
    endpoint,
    tableName: TABLE,
    functionName: 'notice-sender',
    // A stub of the sender: it fails on any batch with the failing destination's row in it.
    handler: async (event: DynamoDBStreamEvent, context: Context) => {
      const failed = event.Records.some((record) => record.dynamodb?.NewImage?.recipient?.S === FAILING);
      calls.push({ records: event.Records, context, failed });
      if (failed) throw new Error('the destination’s rows could not be read');
      return [];
    },
    onFailure: (failure) => failures.push(failure),
    log: () => undefined,
  });
});

afterAll(async () => {
  await poller?.stop();
  client?.destroy();
});

/** Waits for something the poller does (a safety net for a busy machine, not a budget). */
const eventually = async <T>(what: string, find: () => T | undefined, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const noticeItem = (subject: string, recipient: string): Record<string, AttributeValue> => ({
  pk: { S: `ESCALATION#${subject}` },
  sk: { S: `${NOTICE_SORT_PREFIX}level#01#00#${recipient}` },
  recipient: { S: recipient },
  level: { N: '1' },
  signature: { B: Uint8Array.from([0xff, 0x00, 0x7f]) },
  outcome: { S: 'pending' },
});
const keyOf = (record: DynamoDBRecord) => `${record.dynamodb?.Keys?.pk?.S} ${record.dynamodb?.Keys?.sk?.S}`;
const delivered = () => calls.filter((call) => !call.failed).flatMap((call) => call.records);
const deliveredKey = (item: Record<string, AttributeValue>) => delivered().find((record) => keyOf(record) === `${item.pk!.S} ${item.sk!.S}`);

describe('the local stream poller', () => {
  it('hands a notice row inserted to the function as Lambda does: a DynamoDBStreamEvent with the row as written, in its own function’s context', async () => {
    const item = noticeItem(randomUUID(), 'leader@example.org');
    const before = Math.floor(Date.now() / 1000);
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const after = Math.ceil(Date.now() / 1000);
    const record = await eventually('the row reaching the function', () => deliveredKey(item));

    expect(record).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', eventSourceARN: poller.streamArn });
    expect(typeof record.eventID).toBe('string');
    expect(typeof record.awsRegion).toBe('string');
    expect(poller.streamArn).toContain(`table/${TABLE}/stream/`);
    const { dynamodb } = record;
    expect(dynamodb?.StreamViewType).toBe('NEW_IMAGE');
    expect(dynamodb?.Keys).toEqual({ pk: item.pk, sk: item.sk });
    // Binary values travel in base64, as on the wire; the rest as written.
    expect(dynamodb?.NewImage).toEqual({ ...item, signature: { B: Buffer.from([0xff, 0x00, 0x7f]).toString('base64') } });
    expect(dynamodb?.OldImage).toBeUndefined();
    // Epoch seconds, as Lambda's event has it (the Streams client's Date, turned back); DynamoDB Local rounds it down to the minute.
    expect(Number.isInteger(dynamodb?.ApproximateCreationDateTime)).toBe(true);
    expect(dynamodb!.ApproximateCreationDateTime!).toBeGreaterThan(before - 60);
    expect(dynamodb!.ApproximateCreationDateTime!).toBeLessThanOrEqual(after);
    expect(typeof dynamodb?.SequenceNumber).toBe('string');
    expect(dynamodb?.SizeBytes).toBeGreaterThan(0);

    const call = calls.find((one) => one.records.some((r) => keyOf(r) === keyOf(record)))!;
    expect(call.context.functionName).toBe('notice-sender');
    expect(call.context.memoryLimitInMB).toBe(String(runtimeOf('notice-sender').memoryMB));
    expect(call.context.getRemainingTimeInMillis()).toBeLessThanOrEqual(runtimeOf('notice-sender').timeoutSeconds * 1000);
    expect(call.records.length).toBeLessThanOrEqual(SENDER_TRIGGER.batchSize);
  });

  it('passes no other item and no update of a notice row: the next notice row arrives alone', async () => {
    const subject = randomUUID();
    const updated = noticeItem(subject, 'member@example.org');
    await client.send(new PutItemCommand({ TableName: TABLE, Item: updated }));
    await eventually('the first row reaching the function', () => deliveredKey(updated));
    const seen = calls.length;

    // An escalation's own item, an item whose sort key only contains NOTICE#, and the row's update (claimed, then sent).
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `ESCALATION#${subject}` }, sk: { S: 'ESCALATION' }, recipient: { S: 'nobody@example.org' } } }));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `ESCALATION#${subject}` }, sk: { S: `AUDIT#${NOTICE_SORT_PREFIX}x` }, recipient: { S: 'nobody@example.org' } } }));
    for (const outcome of ['sending', 'sent']) {
      await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: updated.pk!, sk: updated.sk! }, UpdateExpression: 'SET outcome = :o', ExpressionAttributeValues: { ':o': { S: outcome } } }));
    }
    // Written after them, to the same item collection: the stream keeps an item collection's changes in order.
    const marker = noticeItem(subject, 'marker@example.org');
    await client.send(new PutItemCommand({ TableName: TABLE, Item: marker }));
    await eventually('the next row reaching the function', () => deliveredKey(marker));

    const since = calls.slice(seen).flatMap((call) => call.records);
    expect(since.map(keyOf)).toEqual([`${marker.pk!.S} ${marker.sk!.S}`]);
    expect(calls.flatMap((call) => call.records).every((record) => record.eventName === 'INSERT' && record.dynamodb?.Keys?.sk?.S?.startsWith(NOTICE_SORT_PREFIX))).toBe(true);
  });

  it('reads an empty map as one (a new checkpoint holds one): such an item holds nothing up, and a row with one arrives with it', async () => {
    const subject = randomUUID();
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `CHECKPOINT#${subject}` }, sk: { S: 'CHECKPOINT' }, recentMaxTempC: { M: {} } } }));
    const item = { ...noticeItem(subject, 'empty-map@example.org'), facts: { M: {} } };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const record = await eventually('the row reaching the function', () => deliveredKey(item), 10_000);
    expect(record.dynamodb?.NewImage?.facts).toEqual({ M: {} });
  });

  it('splits a failing batch and tries the failing row alone up to the retry bound, then describes the batch for the on-failure destination', async () => {
    const subject = randomUUID();
    const good = noticeItem(subject, 'good@example.org');
    const bad = noticeItem(subject, FAILING);
    // One change's rows, written in one transaction.
    await client.send(new TransactWriteItemsCommand({ TransactItems: [good, bad].map((Item) => ({ Put: { TableName: TABLE, Item } })) }));
    const failure = await eventually('the failing batch given up', () => failures.find((one) => one.DDBStreamBatchInfo.batchSize === 1));

    // The good row reached a run that succeeded, once; the failing one never did.
    expect(delivered().filter((record) => keyOf(record) === `${good.pk!.S} ${good.sk!.S}`)).toHaveLength(1);
    expect(deliveredKey(bad)).toBeUndefined();
    // Alone: the first try and each retry (splitting a batch uses none).
    const alone = calls.filter((call) => call.records.length === 1 && keyOf(call.records[0]!) === `${bad.pk!.S} ${bad.sk!.S}`);
    expect(alone).toHaveLength(1 + SENDER_TRIGGER.retryAttempts);
    expect(failure).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 + SENDER_TRIGGER.retryAttempts },
      DDBStreamBatchInfo: { batchSize: 1, streamArn: poller.streamArn, startSequenceNumber: alone[0]!.records[0]!.dynamodb!.SequenceNumber, endSequenceNumber: alone[0]!.records[0]!.dynamodb!.SequenceNumber },
    });
    expect(failure.requestContext.functionArn).toContain(':function:notice-sender');
    // Nothing more: a batch given up is not tried again.
    expect(failures).toHaveLength(1);
  });
});

describe("Lambda's event filter, as the poller applies it", () => {
  const record = (eventName: string, sk: unknown) => ({ eventName, dynamodb: { Keys: { pk: { S: 'ESCALATION#e' }, ...(sk !== undefined && { sk }) } } });

  it('passes an INSERT whose sort key begins NOTICE#, and nothing else', () => {
    const filter = SENDER_TRIGGER.filter;
    expect(matchesFilter(filter, record('INSERT', { S: 'NOTICE#level#01#00#a@example.org' }))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', { S: 'NOTICE#level#01#00#a@example.org' }))).toBe(false);
    expect(matchesFilter(filter, record('REMOVE', { S: 'NOTICE#level#01#00#a@example.org' }))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', { S: 'ESCALATION' }))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', { S: 'notice#lower' }))).toBe(false);
    // A key of another type, or none, matches nothing.
    expect(matchesFilter(filter, record('INSERT', { N: '1' }))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', undefined))).toBe(false);
  });
});
