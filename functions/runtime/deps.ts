/** What handlers depend on, made once per process. */
import { randomUUID } from 'node:crypto';
import { documentClient } from '../adapters/dynamo';
import { DynamoEscalationStore } from '../adapters/escalation-store';
import { StepFunctionsFlows } from '../adapters/flows';
import { SesMailer } from '../adapters/mailer';
import { DynamoStore } from '../adapters/store';
import { DynamoSummaryStore } from '../adapters/summary-store';
import type { EscalationDeps } from '../domain/escalations';
import { linkKeys } from './admin-key';
import { config } from './config';

let store: DynamoStore | undefined;
let escalationStore: DynamoEscalationStore | undefined;
let summaryStore: DynamoSummaryStore | undefined;

export const summaryDynamoStore = (): DynamoSummaryStore =>
  (summaryStore ??= new DynamoSummaryStore(documentClient(), config.tableName(), config.readingRetentionDays()));

export const mailer = () => new SesMailer(config.senderEmail(), config.mailConfigurationSet());

export const dynamoStore = (): DynamoStore =>
  (store ??= new DynamoStore(documentClient(), config.tableName(), config.readingRetentionDays()));

export const escalationDynamoStore = (): DynamoEscalationStore =>
  (escalationStore ??= new DynamoEscalationStore(documentClient(), config.tableName(), config.readingRetentionDays()));

/** What the escalation use cases need; `baseUrl` is where acknowledge links point. */
export const escalationDeps = (baseUrl = config.publicBaseUrl() ?? ''): EscalationDeps => ({
  store: escalationDynamoStore(),
  mailer: mailer(),
  flows: { start: (id, restart) => new StepFunctionsFlows(config.stateMachineArn()).start(id, restart) },
  linkKeys,
  baseUrl,
  now: () => new Date(),
  newId,
  limits: { noticesPerHour: config.noticesPerHour(), groupThreshold: config.groupThreshold() },
});

export const resetDeps = (): void => {
  store = undefined;
  escalationStore = undefined;
  summaryStore = undefined;
};

export const newId = (): string => randomUUID();
