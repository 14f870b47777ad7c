/** What handlers depend on, made once per process. */
import { randomUUID } from 'node:crypto';
import { documentClient } from '../adapters/dynamo';
import { DynamoStore } from '../adapters/store';
import { config } from './config';

let store: DynamoStore | undefined;

export const dynamoStore = (): DynamoStore =>
  (store ??= new DynamoStore(documentClient(), config().tableName, config().readingRetentionDays));

export const resetDeps = (): void => {
  store = undefined;
};

export const newId = (): string => randomUUID();
