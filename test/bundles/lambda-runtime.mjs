// What the Lambda Node.js runtime does with a bundle, in a child process of the bundle test: import
// index.mjs once from the task folder, then call its `handler` for each invocation that arrives (over
// the IPC channel here). Plain JavaScript: the child runs on Node 24 without tsx or anything else.
// Copied beside the task folder, so nothing it resolves comes from the project.
import diagnostics from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const taskDir = process.argv[2];
const entry = join(taskDir, 'index.mjs');
/** The function's timeout as its template deploys it (Lambda's context counts down from it); 10 s, the stack's default, when not given. */
const timeoutMs = Number(process.argv[3] ?? 10) * 1000;

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

// Time with at least one outgoing HTTP request open (DynamoDB, Secrets Manager, SES...), and how many:
// the cold-path bench tells the services' share of an invocation from the function's own with it.
let open = 0;
let since = 0;
let waited = 0;
let requests = 0;
diagnostics.subscribe('http.client.request.start', () => {
  requests += 1;
  if (open++ === 0) since = performance.now();
});
const settled = () => {
  if (open > 0 && --open === 0) waited += performance.now() - since;
};
diagnostics.subscribe('http.client.response.finish', settled);
diagnostics.subscribe('http.client.request.error', settled);

let loaded;
/** How long the import of index.mjs took (Lambda's init of the handler module): the cold-path bench reads it. */
let initMs;
const load = () =>
  (loaded ??= (async () => {
    const started = performance.now();
    const module = await import(pathToFileURL(entry).href);
    initMs = performance.now() - started;
    return module;
  })());

const context = (deadline = Date.now() + timeoutMs) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  logStreamName: 'bundle-test',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

process.on('message', async (message) => {
  if (message.probe) {
    process.send({ id: message.id, result: { node: process.version, resolvable: resolvable(message.probe) } });
    return;
  }
  let started = performance.now();
  let [waitedBefore, requestsBefore] = [waited, requests];
  const timing = () => ({ initMs, ms: performance.now() - started, waitedMs: waited - waitedBefore, requests: requests - requestsBefore });
  try {
    const module = await load();
    started = performance.now();
    [waitedBefore, requestsBefore] = [waited, requests];
    const result = await module.handler(message.event, context());
    process.send({ id: message.id, result: result ?? null, timing: timing() });
  } catch (error) {
    // What Lambda reports for a function error: its type and message.
    process.send({ id: message.id, error: { errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error) }, timing: timing() });
  }
});
