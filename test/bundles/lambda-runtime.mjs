// What the Lambda Node.js runtime does with a bundle, in a child process of the bundle test: import
// index.mjs once from the task folder, then call its `handler` for each invocation that arrives (over
// the IPC channel here). Plain JavaScript: the child runs on Node 24 without tsx or anything else.
// Copied beside the task folder, so nothing it resolves comes from the project.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const taskDir = process.argv[2];
const entry = join(taskDir, 'index.mjs');

/** Which packages the bundle could resolve from where it lies: the proof that only the AWS SDK is there. */
const resolvable = (names) => {
  const require = createRequire(entry);
  return Object.fromEntries(
    names.map((name) => {
      try {
        require.resolve(name);
        return [name, true];
      } catch {
        return [name, false];
      }
    }),
  );
};

let loaded;
const load = () => (loaded ??= import(pathToFileURL(entry).href));

const context = () => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  logStreamName: 'bundle-test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

process.on('message', async (message) => {
  if (message.probe) {
    process.send({ id: message.id, result: { node: process.version, resolvable: resolvable(message.probe) } });
    return;
  }
  try {
    const module = await load();
    const result = await module.handler(message.event, context());
    process.send({ id: message.id, result: result ?? null });
  } catch (error) {
    // What Lambda reports for a function error: its type and message.
    process.send({ id: message.id, error: { errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error) } });
  }
});
