/** One DynamoDB Local and one SES emulator for the whole run, on free ports; each test file makes its own table. */
import type { TestProject } from 'vitest/node';
import { startDynamo, type RunningDynamo } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { startSes } from '../../local/ses';

let dynamo: RunningDynamo | undefined;
let ses: Awaited<ReturnType<typeof startSes>> | undefined;

export default async function setup(project: TestProject) {
  dynamo = await startDynamo({ port: await freePort() });
  ses = await startSes(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await ses?.stop();
    await dynamo?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}
