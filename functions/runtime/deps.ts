/** What handlers depend on, made once per process. */
import { randomUUID } from 'node:crypto';
import { documentClient } from '../adapters/dynamo';
import { escalationHandlerStore } from '../adapters/escalation-store';
import { StepFunctionsFlows } from '../adapters/flows';
import { SesMailer } from '../adapters/mailer';
import { SmtpMailer } from '../adapters/smtp-mailer';
import { operatorKeyStore } from '../adapters/operator-keys';
import { checkpointStore } from '../adapters/store';
import { summaryStore } from '../adapters/summary-store';
import { dynamoTable } from '../adapters/table';
import type { EscalationDeps, FlowStarter } from '../domain/escalation';
import type { SummaryDeliveryDeps } from '../domain/summaries';
import type { SenderDeps } from '../domain/delivery/sender';
import { notifierOf } from '../adapters/notifier';
import { escalationKey } from '../adapters/keys';
import { newRows, noticeRows } from '../adapters/notice-rows';
import { paceCounter } from '../adapters/pace';
import { registryReads } from '../adapters/registry';
import { wantedBy } from '../domain/delivery/wanted';
import type { Escalation } from '../domain/model';
import { linkKeys, smtpRelaySecret } from './admin-key';
import { channelRules, config } from './config';

/**
 * A store made once per table and retention. The configuration is asked on every call, so that a
 * function without TABLE_NAME fails even where another function in the same process (the local stack)
 * already made the store.
 */
const perTable = <T>(make: (tableName: string, retentionDays: number) => T) => {
  const made = new Map<string, T>();
  const get = (): T => {
    const tableName = config.tableName();
    const retentionDays = config.readingRetentionDays();
    const key = `${tableName} ${retentionDays}`;
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(tableName, retentionDays)));
    return value;
  };
  return Object.assign(get, { reset: () => made.clear() });
};

export const summaryDynamoStore = perTable((tableName) => summaryStore(dynamoTable(documentClient(), tableName)));

/** Mail goes out the way the stack was deployed (`-c mailTransport=`): SES, or the SMTP relay of its secret. */
export const mailer = () => (config.mailTransport() === 'smtp' ? new SmtpMailer(smtpRelaySecret) : new SesMailer(config.senderEmail(), config.mailConfigurationSet()));

/** Notices go out by mail (the stack's transport) and to channels (their services over https). */
export const notifier = () => notifierOf(mailer(), channelRules());

export const dynamoStore = perTable((tableName, days) => checkpointStore(dynamoTable(documentClient(), tableName), { readingRetentionDays: days }));

export const escalationDynamoStore = perTable((tableName) => escalationHandlerStore(dynamoTable(documentClient(), tableName)));

export const operatorKeyDynamoStore = perTable((tableName) => operatorKeyStore(dynamoTable(documentClient(), tableName)));

/** What sending a day's summary needs: the communities, and where its rows are written for the sender. */
export const summaryDeliveryDeps = (baseUrl: string): SummaryDeliveryDeps => ({
  store: summaryDynamoStore(),
  rows: newRows(dynamoTable(documentClient(), config.tableName())),
  now: () => new Date(),
  baseUrl,
  linkKeys,
});

/** Starts an escalation's flow (a fever alert's too), named by its id: started once. */
export const flowStarter = (): FlowStarter => ({ start: (id) => new StepFunctionsFlows(config.stateMachineArn()).start(id) });

/** What the escalation use cases need; `baseUrl` is where acknowledge links point. */
export const escalationDeps = (baseUrl = config.publicBaseUrl() ?? ''): EscalationDeps => ({
  store: escalationDynamoStore(),
  flows: flowStarter(),
  linkKeys,
  baseUrl,
  now: () => new Date(),
  newId,
  groupThreshold: config.groupThreshold(),
});

/** The one sender's table: the rows, the pace counters, the registry's channels, and what `wanted` reads. */
export const senderDynamoStore = perTable((tableName) => {
  const table = dynamoTable(documentClient(), tableName);
  const registry = registryReads(table);
  return { rows: noticeRows(table), pace: paceCounter(table), channels: registry, subjects: { checkpoint: registry.checkpoint, escalation: (id: string) => table.get<Escalation>(escalationKey(id)) } };
});

/**
 * What the one sender needs: it sends by mail and to the channels, within the hourly cap. When a run
 * stops beginning messages is the sender function's to say (runUntil, from the invocation's time left);
 * a run given none stops RUN_BUDGET_MS after its start.
 */
export const senderDeps = (): SenderDeps => {
  const { rows, pace, channels, subjects } = senderDynamoStore();
  return { rows, pace, channels, notifier: notifier(), now: () => new Date(), wanted: wantedBy(subjects), limits: { noticesPerHour: config.noticesPerHour() } };
};

export const resetDeps = (): void => {
  for (const stores of [summaryDynamoStore, dynamoStore, escalationDynamoStore, operatorKeyDynamoStore, senderDynamoStore]) stores.reset();
};

export const newId = (): string => randomUUID();
