/**
 * The baseline the ingest path is measured against: it only parses the JSON body and does one PutItem,
 * behind the same gateway and on the same DynamoDB Local. Everything the real handler adds (auth,
 * validation, the slot rule, idempotency, counters, middleware, observability) shows as the difference.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: APIGatewayProxyEventV2) => {
  const body = JSON.parse(event.body ?? '{}') as { submissionId: string };
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: `BASELINE#${body.submissionId}`, sk: 'READING', ...body } }));
  return { statusCode: 201, body: JSON.stringify({ submissionId: body.submissionId }) };
};
