/**
 * Lambda's part of a local invocation: the context it gives a handler, with its own function's timeout
 * and memory (functions/function-env.ts `runtimeOf`, the numbers the stack deploys), its remaining time
 * counting down, and the cut when that time is up. The handler's promise cannot be stopped in this
 * process, but its late answer is dropped, as a frozen Lambda's would be.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { functionEnv, runtimeOf, type FunctionName, type FunctionRuntime } from '../functions/function-env';

/**
 * What a name that is no function's (a test calling a handler directly) gets: the most any function
 * behind the API may have, API Gateway's limit allowing.
 */
const LONGEST_REQUEST: FunctionRuntime = { timeoutSeconds: 29, memoryMB: 512 };

export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functionEnv, name);

/** The function's timeout and memory, or a request's longest for a name that is no function's. */
export const localRuntimeOf = (name: string): FunctionRuntime => (isFunctionName(name) ? runtimeOf(name) : LONGEST_REQUEST);

/** The context Lambda gives one invocation of the function: its time counts down from now. */
export const lambdaContext = (functionName: string, runtime: FunctionRuntime = localRuntimeOf(functionName)): Context => {
  const deadline = Date.now() + runtime.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(runtime.memoryMB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** Lambda's error for an invocation cut at its timeout (Step Functions sees `Sandbox.Timedout`). */
export class LambdaTimeout extends Error {
  override readonly name = 'Sandbox.Timedout';
  constructor(readonly timeoutSeconds: number) {
    super(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
  }
}

/**
 * Invokes a handler as Lambda invokes the function: with its context, and cut with LambdaTimeout when
 * its time is up (a middy handler answers a few milliseconds before, by its own early timeout).
 */
export const invokeLikeLambda = async <E, R>(
  functionName: string,
  handler: (event: E, context: Context) => Promise<R>,
  event: E,
  runtime: FunctionRuntime = localRuntimeOf(functionName),
): Promise<R> => {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeout(runtime.timeoutSeconds)), runtime.timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([handler(event, lambdaContext(functionName, runtime)), cut]);
  } finally {
    clearTimeout(timer);
  }
};
