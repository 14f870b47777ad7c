/**
 * The CDK app loads the route table and the function environments, which are data. What runs or
 * renders in a function (pages, the middy stack, handlers) must stay out of its module graph: a route
 * table that imported a page renderer once made `cdk synth` load page code. The graph is esbuild's, as
 * it bundles infra/app.ts with every package left external.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/function';
import { moduleGraph } from '../helpers/module-graph';

let inputs: string[];

beforeAll(async () => {
  inputs = Object.keys((await moduleGraph([join(PROJECT_ROOT, 'infra', 'app.ts')])).inputs);
});

describe("the CDK app's module graph", () => {
  it('includes the route table and the function environments', () => {
    expect(inputs).toEqual(expect.arrayContaining(['infra/stack.ts', 'functions/routes.ts', 'functions/function-env.ts']));
  });

  it.each(['functions/pages/', 'functions/runtime/', 'functions/handlers/'])('includes nothing under %s', (folder) => {
    expect(inputs.filter((input) => input.startsWith(folder))).toEqual([]);
  });
});
