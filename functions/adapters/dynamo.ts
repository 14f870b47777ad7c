/** The DynamoDB client, made once per process and reused across invocations. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
