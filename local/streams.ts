/**
 * Lambda's event source mapping on the table's stream, locally: no emulator of it exists, so this is
 * ours. It reads DynamoDB Local's stream with the real DynamoDB Streams client, by the settings the CDK
 * construct deploys (functions/sender-trigger.ts: filter, batch size, batching window, starting
 * position, retries, bisection), and invokes the function's handler as Lambda would
 * (local/lambda.ts) with the event Lambda sends: a DynamoDBStreamEvent whose records carry
 * `eventSourceARN`, ApproximateCreationDateTime in epoch seconds and binary values in base64, as on
 * the wire.
 *
 * Like Lambda it polls each shard about four times a second, passes only records the filter matches,
 * gathers them for up to the batching window or a full batch, and sends one batch at a time, a shard's
 * in order. A batch whose invocation fails is split in two (bisection does not use up a retry) and
 * tried again up to the retry attempts; then it is given up, and what Lambda would send to the
 * on-failure destination (the batch's description, not its records) is handed to `onFailure`.
 */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
  type AttributeValue as StreamValue,
  type GetShardIteratorCommandInput,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { SENDER_TRIGGER, type FilterPattern, type FilterValue } from '../functions/sender-trigger';
import { invokeLikeLambda, lambdaContext } from './lambda';

/** The mapping's settings: SENDER_TRIGGER's shape. */
export type StreamTrigger = {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
  readonly retryAttempts: number;
  readonly bisectBatchOnError: boolean;
  readonly filter: FilterPattern;
};

/** What Lambda sends the on-failure destination of a stream mapping for a batch given up. */
export interface StreamFailure {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint; its stream is read there too. */
  endpoint: string;
  tableName: string;
  /** The function invoked, by its name in functions/function-env.ts: its timeout and memory are Lambda's context. */
  functionName: string;
  handler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
  /** @default SENDER_TRIGGER */
  trigger?: StreamTrigger;
  /** How often each shard is read. @default 250 (Lambda polls a shard four times a second) */
  pollMs?: number;
  /** A batch given up after its retries. @default logged as sent to the on-failure destination */
  onFailure?: (failure: StreamFailure, error: Error) => void;
  /** Where the poller says what went wrong with the stream itself. @default console.error */
  log?: (message: string) => void;
}

export interface StreamPoller {
  streamArn: string;
  stop(): Promise<void>;
}

/** How often the stream's shards are listed again, to follow new ones (a shard is closed and succeeded now and then). */
const SHARD_LISTING_MS = 1_000;
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A value as the wire (and so Lambda's event) carries it: binaries in base64, the rest as they are. */
const wireValue = (value: StreamValue): AttributeValue => {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(wireValue) };
  if (value.M !== undefined) return { M: wireImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  // The Streams client reads an empty map ({"M":{}} on the wire: a new checkpoint's recentMaxTempC) as a
  // value with no member at all; thrown, it held the whole shard until its iterator expired.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`a stream value of no known type: ${JSON.stringify(value)}`);
};
const wireImage = (image: Record<string, StreamValue>): Record<string, AttributeValue> => Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value)]));

/** A stream record as Lambda puts it in the event: the record as read, with the stream's ARN. */
export const lambdaRecord = (record: _Record, streamArn: string): DynamoDBRecord => {
  const { dynamodb } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    dynamodb: {
      ...(dynamodb?.ApproximateCreationDateTime && { ApproximateCreationDateTime: Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000) }),
      ...(dynamodb?.Keys && { Keys: wireImage(dynamodb.Keys) }),
      ...(dynamodb?.NewImage && { NewImage: wireImage(dynamodb.NewImage) }),
      ...(dynamodb?.OldImage && { OldImage: wireImage(dynamodb.OldImage) }),
      SequenceNumber: dynamodb?.SequenceNumber,
      SizeBytes: dynamodb?.SizeBytes,
      StreamViewType: dynamodb?.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity && { userIdentity: record.userIdentity }),
  };
};

const isRule = (value: FilterValue): value is { prefix: string } => typeof value === 'object' && value !== null;

/** Refuses, at start, a pattern with a rule this stand-in does not apply (it applies literal values and prefixes). */
const checkPattern = (pattern: FilterPattern, path = ''): void => {
  for (const [field, rule] of Object.entries(pattern)) {
    if (!Array.isArray(rule)) {
      checkPattern(rule as FilterPattern, `${path}${field}.`);
      continue;
    }
    for (const value of rule as readonly FilterValue[]) {
      if (isRule(value) && (Object.keys(value).length !== 1 || typeof value.prefix !== 'string')) {
        throw new Error(`the local stream poller does not apply the filter rule ${JSON.stringify(value)} at ${path}${field}: only values and { prefix }`);
      }
    }
  }
};

const valueMatches = (rule: FilterValue, value: unknown): boolean =>
  isRule(rule) ? typeof value === 'string' && value.startsWith(rule.prefix) : value === rule;

/**
 * Lambda's event filtering (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html):
 * every field the pattern names must match; an object in the pattern is matched field by field, a list
 * by any of its values (a field holding a list: any of its elements); a field absent matches nothing.
 */
export const matchesFilter = (pattern: FilterPattern, event: unknown): boolean =>
  Object.entries(pattern).every(([field, rule]) => {
    const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[field] : undefined;
    if (value === undefined) return false;
    if (!Array.isArray(rule)) return matchesFilter(rule as FilterPattern, value);
    const values: unknown[] = Array.isArray(value) ? value : [value];
    return (rule as readonly FilterValue[]).some((one) => values.some((candidate) => valueMatches(one, candidate)));
  });

interface ShardReading {
  shardId: string;
  iterator: string | undefined;
  /** The last record read, to ask again from after it when the iterator expires (they last 15 minutes). */
  lastSequence?: string;
  /** Records passed by the filter, waiting for a batch. */
  waiting: DynamoDBRecord[];
  /** When the oldest of them was read: the batching window runs from it. */
  since: number;
  /** The shard is closed and read to its end. */
  ended: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const trigger = options.trigger ?? SENDER_TRIGGER;
  checkPattern(trigger.filter);
  const pollMs = options.pollMs ?? 250;
  const log = options.log ?? ((message: string) => console.error(`[stream] ${message}`));
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region: REGION, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: REGION, credentials });
  const release = () => {
    dynamo.destroy();
    streams.destroy();
  };

  let streamArn: string;
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`the table ${options.tableName} has no stream: make it from functions/adapters/table-schema.ts (local/dynamodb.ts, ensureTable)`);
    streamArn = Table.LatestStreamArn;
  } catch (error) {
    release();
    throw error;
  }

  const functionArn = lambdaContext(options.functionName).invokedFunctionArn;
  const onFailure =
    options.onFailure ??
    ((failure: StreamFailure, error: Error) =>
      log(`${options.functionName} failed on a batch of ${failure.DDBStreamBatchInfo.batchSize} record(s) ${failure.requestContext.approximateInvokeCount} time(s) (${error.message}); sent to the on-failure destination: ${JSON.stringify(failure)}`));

  const shards = new Map<string, ShardReading>();
  /** Shards seen and finished with (read to their end, or closed before the poller started). */
  const done = new Set<string>();
  let stopping = false;

  const iteratorOf = async (shardId: string, position: Pick<GetShardIteratorCommandInput, 'ShardIteratorType' | 'SequenceNumber'>) =>
    (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...position }))).ShardIterator;

  const listShards = async (): Promise<Shard[]> => {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start && { ExclusiveStartShardId: start }) }));
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  };

  /** Follows the stream's shards: at the start from the trigger's position; a shard born later from its beginning, once its parent is read. */
  const followShards = async (first: boolean): Promise<void> => {
    for (const shard of await listShards()) {
      const shardId = shard.ShardId!;
      if (shards.has(shardId) || done.has(shardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      if (first && trigger.startingPosition === 'LATEST' && closed) {
        done.add(shardId);
        continue;
      }
      if (!first && shard.ParentShardId && shards.has(shard.ParentShardId)) continue;
      const type = first ? trigger.startingPosition : 'TRIM_HORIZON';
      shards.set(shardId, { shardId, iterator: await iteratorOf(shardId, { ShardIteratorType: type }), waiting: [], since: 0, ended: false });
    }
  };

  const read = async (shard: ShardReading): Promise<void> => {
    if (shard.ended || !shard.iterator) return;
    let answer;
    try {
      answer = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        shard.iterator = await iteratorOf(shard.shardId, shard.lastSequence ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequence } : { ShardIteratorType: 'LATEST' });
        return;
      }
      if (error instanceof TrimmedDataAccessException) {
        shard.iterator = await iteratorOf(shard.shardId, { ShardIteratorType: 'TRIM_HORIZON' });
        return;
      }
      throw error;
    }
    for (const record of answer.Records ?? []) {
      shard.lastSequence = record.dynamodb?.SequenceNumber ?? shard.lastSequence;
      const event = lambdaRecord(record, streamArn);
      if (!matchesFilter(trigger.filter, event)) continue;
      if (shard.waiting.length === 0) shard.since = Date.now();
      shard.waiting.push(event);
    }
    shard.iterator = answer.NextShardIterator;
    if (!shard.iterator) shard.ended = true;
  };

  const describe = (records: DynamoDBRecord[], shardId: string, invokes: number): StreamFailure => {
    const arrival = (record: DynamoDBRecord) => new Date((record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    return {
      requestContext: { requestId: randomUUID(), functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: invokes },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: records[0]!.dynamodb!.SequenceNumber!,
        endSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber!,
        approximateArrivalOfFirstRecord: arrival(records[0]!),
        approximateArrivalOfLastRecord: arrival(records.at(-1)!),
        batchSize: records.length,
        streamArn,
      },
    };
  };

  /** One batch, as Lambda invokes with it: split in two on an error (not a retry), retried up to the bound, then given up. */
  const invoke = async (records: DynamoDBRecord[], shardId: string, retriesLeft: number, invokes = 1): Promise<void> => {
    try {
      await invokeLikeLambda(options.functionName, options.handler, { Records: records });
      return;
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      if (stopping) return;
      if (trigger.bisectBatchOnError && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        await invoke(records.slice(0, half), shardId, retriesLeft);
        await invoke(records.slice(half), shardId, retriesLeft);
        return;
      }
      if (retriesLeft > 0) {
        await sleep(pollMs);
        if (stopping) return;
        await invoke(records, shardId, retriesLeft - 1, invokes + 1);
        return;
      }
      onFailure(describe(records, shardId, invokes), error);
    }
  };

  /** A shard's waiting records, in batches, once a batch is full or its window has passed (or the shard has ended). */
  const dispatch = async (shard: ShardReading): Promise<void> => {
    const windowMs = trigger.maxBatchingWindowSeconds * 1000;
    while (!stopping && shard.waiting.length > 0 && (shard.waiting.length >= trigger.batchSize || Date.now() - shard.since >= windowMs || shard.ended)) {
      const batch = shard.waiting.splice(0, trigger.batchSize);
      await invoke(batch, shard.shardId, trigger.retryAttempts);
    }
  };

  let lastListing = Date.now();
  let lastProblem = '';
  const tick = async (): Promise<void> => {
    try {
      if (Date.now() - lastListing >= SHARD_LISTING_MS) {
        lastListing = Date.now();
        await followShards(false);
      }
      for (const shard of shards.values()) {
        if (stopping) return;
        await read(shard);
        await dispatch(shard);
        if (shard.ended && shard.waiting.length === 0) {
          shards.delete(shard.shardId);
          done.add(shard.shardId);
        }
      }
      lastProblem = '';
    } catch (error) {
      // The stream unreadable for a while (DynamoDB Local restarting): said once, then tried again, as Lambda keeps polling.
      const problem = (error as Error).message;
      if (problem !== lastProblem) log(`could not read the stream of ${options.tableName}: ${problem}`);
      lastProblem = problem;
    }
  };

  try {
    await followShards(true);
  } catch (error) {
    release();
    throw error;
  }

  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        if (!stopping) next();
      });
    }, pollMs);
  };
  next();

  return {
    streamArn,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await running;
      release();
    },
  };
};
