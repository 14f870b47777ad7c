/** The DynamoDB client, made once per process and reused across invocations. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { forgetSdkClients } from './sdk';

let client: DynamoDBDocumentClient | undefined;

export const documentClient = (): DynamoDBDocumentClient =>
  (client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  }));

/** For tests that point the process at another endpoint. */
export const resetDocumentClient = (): void => {
  client?.destroy();
  client = undefined;
};

/** Every SDK client of the process let go (the DynamoDB one and those made on first use): see forgetSdkClients. */
export const resetSdkClients = (): void => {
  resetDocumentClient();
  forgetSdkClients();
};
