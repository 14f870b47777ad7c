/** Starts one DynamoDB Local for the whole run, on a free port; each test file makes its own table. */
import type { TestProject } from 'vitest/node';
import { startDynamo, type RunningDynamo } from '../../local/dynamodb';
import { freePort } from '../../local/ports';

let dynamo: RunningDynamo | undefined;

export default async function setup(project: TestProject) {
  dynamo = await startDynamo({ port: await freePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
