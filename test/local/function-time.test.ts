/**
 * A local invocation has the time and memory its function has on AWS, from the one entry the stack
 * deploys (functions/function-env.ts `runtime`), and is cut when that time is up, as Lambda cuts it:
 * behind the gateway the caller gets what an HTTP API answers for a function error, 500
 * {"message":"Internal Server Error"}; a flow task or a schedule's run fails with Sandbox.Timedout.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { CheckpointFunction } from '../../infra/constructs/function';
import { CheckpointWatchStack } from '../../infra/stack';
import { startGateway } from '../../local/gateway';
import { invokeLikeLambda, lambdaContext, LambdaTimeout } from '../../local/lambda';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a local invocation', () => {
  it("is given its own function's timeout and memory, as the template deploys them", { timeout: 60_000 }, () => {
    const stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Times');
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Properties: { Timeout: number; MemorySize: number } }>;
    const functions = stack.node.findAll().filter((c): c is CheckpointFunction => c instanceof CheckpointFunction);
    expect(functions.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (const fn of functions) {
      const deployed = resources[stack.resolve((fn.node.defaultChild as CfnFunction).logicalId) as string]!.Properties;
      const context = lambdaContext(fn.handlerName);
      expect(context.memoryLimitInMB, fn.handlerName).toBe(String(deployed.MemorySize));
      const remaining = context.getRemainingTimeInMillis();
      expect(remaining, fn.handlerName).toBeLessThanOrEqual(deployed.Timeout * 1000);
      // Counted down from the invocation's start: a generous second for a busy machine.
      expect(remaining, fn.handlerName).toBeGreaterThan(deployed.Timeout * 1000 - 1000);
      seen.add(`${deployed.Timeout}s/${deployed.MemorySize}MB`);
    }
    // Not one figure for all: the spreadsheet functions, the sweep and the summary differ from a request's.
    expect(seen.size).toBeGreaterThan(2);
  });

  it('counts its remaining time down', async () => {
    const context = lambdaContext('post-reading');
    const first = context.getRemainingTimeInMillis();
    await sleep(50);
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first);
  });

  it('is cut with Sandbox.Timedout when it outlives its timeout (a flow task, a scheduled run)', async () => {
    let finished = false;
    const slow = async () => {
      await sleep(1_500);
      finished = true;
      return 'late';
    };
    const cut = await invokeLikeLambda('sweep', slow, {}, { timeoutSeconds: 0.2, memoryMB: 512 }).catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(LambdaTimeout);
    expect((cut as Error).name).toBe('Sandbox.Timedout');
    expect(finished).toBe(false);
  });

  it('behind the gateway, answers 500 as an HTTP API does when the function is cut, not the late answer', async () => {
    const late = async () => {
      await sleep(1_500);
      return { statusCode: 200, body: 'late' };
    };
    const gateway = await startGateway({ port: 0, loadHandler: async () => late, runtimeOf: () => ({ timeoutSeconds: 0.2, memoryMB: 512 }) });
    try {
      const answer = await fetch(`${gateway.url}/f/cp-1`);
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ message: 'Internal Server Error' });
    } finally {
      await gateway.close();
    }
  });

  it('behind the gateway, gives the handler the context of the function that serves the route', async () => {
    const tell = async (_event: unknown, context: { functionName: string; memoryLimitInMB: string; getRemainingTimeInMillis(): number }) => ({
      statusCode: 200,
      body: JSON.stringify({ name: context.functionName, memory: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis() }),
    });
    const gateway = await startGateway({ port: 0, loadHandler: async () => tell as never });
    try {
      const told = (await (await fetch(`${gateway.url}/f/cp-1`)).json()) as { name: string; memory: string; remaining: number };
      expect(told.name).toBe('form-page');
      expect(told.memory).toBe('512');
      expect(told.remaining).toBeLessThanOrEqual(10_000);
      expect(told.remaining).toBeGreaterThan(9_000);
    } finally {
      await gateway.close();
    }
  });
});
