/**
 * A fresh table on the run's DynamoDB Local for one test file, and the environment the handlers read,
 * as the CDK stack and the local stack give it to them.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../local/dynamodb';
import { resetConfig } from '../../functions/runtime/config';
import { resetDocumentClient } from '../../functions/adapters/dynamo';
import { resetDeps } from '../../functions/runtime/deps';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** `endpoints`: emulators of the test's own (fault tests stop and start them); the run's shared ones by default. */
export const useFreshTable = async (endpoints: { dynamo?: string; ses?: string } = {}): Promise<{ tableName: string; client: DynamoDBClient }> => {
  const endpoint = endpoints.dynamo ?? inject('dynamoEndpoint');
  const tableName = `test-${randomUUID()}`;
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    ADMIN_KEY,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses ?? inject('sesEndpoint'),
    SENDER_EMAIL: 'checkpoint-watch@example.org',
    LINK_KEYS: JSON.stringify({ current: 'k1', k1: 'test-link-key-k1-0123456789abcdef' }),
    PUBLIC_BASE_URL: 'https://api.test',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  resetConfig();
  resetDocumentClient();
  resetDeps();
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, tableName);
  return { tableName, client };
};
