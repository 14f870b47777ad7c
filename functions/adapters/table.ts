/**
 * The one table, as every DynamoDB adapter sees it: the document client and the table's name, and
 * the few ways they read and write it (consistent gets, batch reads that come back in the order asked,
 * queries page after page, conditional writes that answer true or false). The adapters of the ports
 * (registry.ts, readings.ts, deadlines.ts, …) are each built over one of these; none extends another.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

/** One write of a transaction, without its table name (the table adds it). */
export type TransactItem =
  | { Put: { Item: Item; ConditionExpression?: string; ExpressionAttributeValues?: Item } }
  | { Update: Omit<UpdateCommandInput, 'TableName'> }
  | { Delete: { Key: Key; ConditionExpression?: string; ExpressionAttributeValues?: Item } };

export type Query = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;
export type Update = Omit<UpdateCommandInput, 'TableName'>;

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'dueShard', 'lsi1sk', 'expiresAt'];

/** An item without the table's own attributes (keys, index keys, expiry): what the domain stored. */
export const strip = <T>(item: Item): T => {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
};

export const conditionFailed = (error: unknown): boolean =>
  error instanceof TransactionCanceledException || (error as Error).name === 'ConditionalCheckFailedException';

/** Why a transaction was cancelled, item by item ('None', 'ConditionalCheckFailed', …); undefined for any other error. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code) : undefined;

/** A write whose condition (or whose transaction's) may not hold: true when it was made, false when not. */
export const writeIf = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));

/** Puts and deletes, 25 a request, each request again (with backoff) for what DynamoDB left unprocessed. */
export const writeBatches = async (db: DynamoDBDocumentClient, tableName: string, requests: Item[]): Promise<void> => {
  for (let start = 0; start < requests.length; start += 25) {
    let pending = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await pause(attempt);
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
      pending = (result.UnprocessedItems?.[tableName] as Item[] | undefined) ?? [];
    }
  }
};

export class Table {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get<T>(key: Key): Promise<T | undefined> {
    const result = await this.db.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return result.Item ? strip<T>(result.Item) : undefined;
  }

  /** Items for keys, in the order of the keys; BatchGet answers in any order and may leave some for later. */
  async batchGet<T>(keys: Key[]): Promise<T[]> {
    const found = new Map<string, Item>();
    // Requests of 100 keys (BatchGet's limit), sent together rather than one after another.
    const chunks: Key[][] = [];
    for (let start = 0; start < keys.length; start += 100) chunks.push(keys.slice(start, start + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Item[] = chunk;
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt > 0) await pause(attempt);
          const result = await this.db.send(new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }));
          for (const item of result.Responses?.[this.name] ?? []) found.set(`${item.pk}|${item.sk}`, item);
          pending = (result.UnprocessedKeys?.[this.name]?.Keys as Item[] | undefined) ?? [];
        }
      }),
    );
    return keys.flatMap((key) => {
      const item = found.get(`${key.pk}|${key.sk}`);
      return item ? [strip<T>(item)] : [];
    });
  }

  /** One page of a query, and where the next one starts. */
  async queryPage(query: Query, start?: Item): Promise<{ items: Item[]; lastKey?: Item }> {
    const page = await this.db.send(new QueryCommand({ ...query, TableName: this.name, ...(start && { ExclusiveStartKey: start }) }));
    return { items: page.Items ?? [], ...(page.LastEvaluatedKey && { lastKey: page.LastEvaluatedKey }) };
  }

  /** Every item a query matches, page after page. */
  async queryAll(query: Query): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.queryPage(query, start);
      items.push(...page.items);
      start = page.lastKey;
    } while (start);
    return items;
  }

  async put(item: Item): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  async update(update: Update): Promise<void> {
    await this.db.send(new UpdateCommand({ ...update, TableName: this.name }));
  }

  /** An update under its ConditionExpression: false when the condition does not hold. */
  async updateIf(update: Update): Promise<boolean> {
    return writeIf(() => this.update(update));
  }

  async putIf(item: Item, condition: string, values?: Item): Promise<boolean> {
    return writeIf(() => this.db.send(new PutCommand({ TableName: this.name, Item: item, ConditionExpression: condition, ...(values && { ExpressionAttributeValues: values }) })));
  }

  async delete(key: Key): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.name, Key: key }));
  }

  /** A delete under a condition: false when the condition does not hold. */
  async deleteIf(key: Key, condition: Pick<Update, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<boolean> {
    return writeIf(() => this.db.send(new DeleteCommand({ TableName: this.name, Key: key, ...condition })));
  }

  /** All of the writes or none; throws TransactionCanceledException (see cancellationCodes) when a condition fails. */
  async transact(items: TransactItem[]): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: items.map((item) => this.named(item)) as never }));
  }

  /** A transaction whose conditions may not hold: true when it was made, false when not. */
  async transactIf(items: TransactItem[]): Promise<boolean> {
    return writeIf(() => this.transact(items));
  }

  async writeBatches(requests: Item[]): Promise<void> {
    return writeBatches(this.db, this.name, requests);
  }

  private named(item: TransactItem): Item {
    const [[kind, write]] = Object.entries(item) as [[string, Item]];
    return { [kind]: { ...write, TableName: this.name } };
  }
}

export const dynamoTable = (db: DynamoDBDocumentClient, name: string): Table => new Table(db, name);
