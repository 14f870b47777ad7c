/**
 * The domain depends on nothing that drives it: not the contract (the contract imports the domain's
 * registration schemas and produces its input types, never the other way), not the handlers, the
 * runtime, the adapters or the pages, and on no AWS SDK, middy or Powertools package. The graph is
 * esbuild's, as it bundles every file under functions/domain/ with every package left external, so
 * an import that reaches one of them through another module counts too.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/function';
import { moduleGraph } from '../helpers/module-graph';

const DOMAIN = join(PROJECT_ROOT, 'functions', 'domain');

/** What each domain file reaches: project files, and the packages imported (external). */
let reached: { files: Map<string, string[]>; packages: Map<string, string[]> };

beforeAll(async () => {
  const entryPoints = (readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(DOMAIN, file));
  const metafile = await moduleGraph(entryPoints);
  reached = { files: new Map(), packages: new Map() };
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const { path, external } of imports) {
      const into = external ? reached.packages : reached.files;
      into.set(path, [...(into.get(path) ?? []), input]);
    }
  }
  // Every domain file was read: the graph is not empty by mistake.
  expect(Object.keys(metafile.inputs).filter((input) => input.startsWith('functions/domain/')).length).toBe(entryPoints.length);
});

describe("the domain's module graph", () => {
  it.each(['functions/contract/', 'functions/handlers/', 'functions/runtime/', 'functions/adapters/', 'functions/pages/'])('reaches nothing under %s', (folder) => {
    // esbuild names inputs from the project root: functions/contract/schemas.ts.
    const into = [...reached.files].filter(([path]) => path.startsWith(folder));
    expect(Object.fromEntries(into)).toEqual({});
  });

  it('imports no AWS SDK, middy or Powertools package', () => {
    const forbidden = [...reached.packages].filter(([name]) => /^(@aws-sdk\/|aws-sdk$|@middy\/|@aws-lambda-powertools\/)/.test(name));
    expect(Object.fromEntries(forbidden)).toEqual({});
  });
});
