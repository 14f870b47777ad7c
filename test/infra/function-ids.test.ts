/**
 * A function's logical id is its identity in CloudFormation: a changed id replaces the function (and
 * deletes its log group). The ids of the API's functions come from their handlers' names alone, so
 * that reordering the route table, or a handler gaining a route listed before its others, changes none.
 */
import { App, type CfnResource } from 'aws-cdk-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Routes from '../../functions/routes';

type Order = (routes: ReturnType<typeof Routes.routeList>) => ReturnType<typeof Routes.routeList>;

/** Logical ids of every function of a stack synthesized with the route table in the given order. */
const functionIds = async (order: Order): Promise<{ api: Map<string, string>; all: Map<string, string>; functionIdOf: (handler: string) => string }> => {
  vi.resetModules();
  vi.doMock('../../functions/routes', async (importOriginal) => {
    const original = await importOriginal<typeof Routes>();
    return { ...original, routeList: () => order(original.routeList()) };
  });
  const { CheckpointWatchStack } = await import('../../infra/stack');
  const { CheckpointFunction, functionIdOf } = await import('../../infra/constructs/function');
  // No function is bundled: only the ids are read.
  const stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Ids');
  const idOf = (fn: InstanceType<typeof CheckpointFunction>) => stack.getLogicalId(fn.node.defaultChild as CfnResource);
  const all = new Map(
    stack.node
      .findAll()
      .filter((construct): construct is InstanceType<typeof CheckpointFunction> => construct instanceof CheckpointFunction)
      .map((fn) => [fn.handlerName, idOf(fn)]),
  );
  const api = new Map([...stack.api.functions].map(([handler, fn]) => [handler, idOf(fn)]));
  return { api, all, functionIdOf: functionIdOf as (handler: string) => string };
};

afterEach(() => {
  vi.doUnmock('../../functions/routes');
});

describe('function logical ids', () => {
  it("are the API's handler names: Api + the handler in PascalCase + CDK's path hash", async () => {
    const { api, functionIdOf } = await functionIds((routes) => routes);
    expect(functionIdOf('put-community')).toBe('PutCommunity');
    expect(api.size).toBeGreaterThan(10);
    for (const [handler, logicalId] of api) expect(logicalId, handler).toMatch(new RegExp(`^Api${functionIdOf(handler)}[0-9A-F]{8}$`));
  });

  it('stay the same when the route table is reordered', async () => {
    const asListed = await functionIds((routes) => routes);
    const reversed = await functionIds((routes) => [...routes].reverse());
    // A handler behind several routes (the form page's four) would take its id from another route first.
    expect(reversed.all).toEqual(asListed.all);
  });
});
