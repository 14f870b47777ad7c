/**
 * The deployed functions, run as Lambda runs them: the stack synthesized once (its bundles are the
 * esbuild output CDK puts in cdk.out), each bundle copied into a task folder of its own whose
 * node_modules holds nothing but the AWS SDK (as the Node.js 24 runtime does), and started in a Node 24
 * child process with exactly its template environment — CDK tokens resolved to the local emulators —
 * plus what the runtime itself sets.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, type Stack } from 'aws-cdk-lib';
import { CheckpointFunction, PROJECT_ROOT } from '../../infra/constructs/function';
import { CheckpointWatchStack, type CheckpointWatchStackProps } from '../../infra/stack';

export type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, string> }> };

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
/** The Node.js the project runs its tools on (the `node` devDependency): major 24, as the functions' runtime. */
export const NODE_24 = join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node');

export interface Synthesized {
  stack: CheckpointWatchStack;
  template: Template;
  outdir: string;
  functions: { logicalId: string; handler: CheckpointFunction['handlerName']; assetPath: string }[];
  logicalId: (construct: { node: { defaultChild?: unknown } }) => string;
}

/** One synthesis, as `cdk synth` makes it (bundling included), into a folder of its own. */
export const synthesize = (props: CheckpointWatchStackProps): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'cw-cdk-out-'));
  // As the CDK CLI runs an app: with each asset's folder in cdk.out noted on its resource.
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new CheckpointWatchStack(app, 'Deployed', props);
  const started = Date.now();
  app.synth();
  console.info(`synthesized in ${Date.now() - started} ms`);
  const template = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')) as Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) => (stack as Stack).getLogicalId(construct.node.defaultChild as CfnResource);
  const functions = stack.node
    .findAll()
    .filter((construct): construct is CheckpointFunction => construct instanceof CheckpointFunction)
    .map((fn) => {
      const id = logicalId(fn);
      return { logicalId: id, handler: fn.handlerName, assetPath: join(outdir, template.Resources[id]!.Metadata!['aws:asset:path']!) };
    });
  return { stack, template, outdir, functions, logicalId };
};

/**
 * CloudFormation values resolved to local ones: `refs` for Ref of resources, `attributes` for
 * Fn::GetAtt ("Id.Attr"), the pseudo parameters, Fn::Join. Anything else throws, so that a new kind of
 * value in a function's environment is noticed rather than passed on as an object.
 */
export const resolver = (refs: Record<string, string>, attributes: Record<string, string> = {}) => {
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'Deployed' };
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const object = value as Record<string, any>;
    if (object && 'Ref' in object) {
      const found = pseudo[object.Ref] ?? refs[object.Ref];
      if (found === undefined) throw new Error(`no local value for Ref ${object.Ref}`);
      return found;
    }
    if (object && 'Fn::GetAtt' in object) {
      const key = (object['Fn::GetAtt'] as string[]).join('.');
      const found = attributes[key];
      if (found === undefined) throw new Error(`no local value for Fn::GetAtt ${key}`);
      return found;
    }
    if (object && 'Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  };
  return resolve;
};

/** Packages of the project that are not the AWS SDK: none may be resolvable from a task folder. */
export const bundledPackages = (): string[] => {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  return Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => !name.startsWith('@aws-sdk/'));
};

export interface Invocation {
  result?: any;
  error?: { errorType: string; errorMessage: string };
  /**
   * The handler module's import (once, on the first invocation) and this invocation's handler call, in
   * ms; of the call, how long an outgoing HTTP request (DynamoDB, Secrets Manager, SES) was open, and how many.
   */
  timing?: { initMs: number; ms: number; waitedMs: number; requests: number };
}

export interface RunningFunction {
  handler: string;
  accessKeyId: string;
  environment: Record<string, string>;
  invoke(event: unknown): Promise<Invocation>;
  probe(packages: string[]): Promise<{ node: string; resolvable: Record<string, boolean> }>;
  output(): string;
  stop(): void;
}

/**
 * A task folder like Lambda's /var/task beside a runtime like its /var/runtime: the bundle, and a
 * node_modules that holds one link, to the AWS SDK packages (the runtime ships the SDK; its own
 * dependencies resolve from where the links point).
 */
const taskFolder = (root: string, handler: string, assetPath: string): string => {
  const dir = join(root, handler);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(assetPath, dir, { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules', '@aws-sdk'), join(dir, 'node_modules', '@aws-sdk'), 'dir');
  return dir;
};

export const startFunction = (root: string, fn: { handler: string; assetPath: string; timeoutSeconds?: number }, environment: Record<string, string>, accessKeyId: string): RunningFunction => {
  const dir = taskFolder(root, fn.handler, fn.assetPath);
  const runtime = join(root, 'runtime.mjs');
  copyFileSync(join(import.meta.dirname, 'lambda-runtime.mjs'), runtime);
  let child: ChildProcess | undefined;
  let output = '';
  let next = 0;
  const waiting = new Map<number, (answer: Invocation) => void>();
  const start = () => {
    // Only this environment: nothing of the test process's (no PATH, no NODE_OPTIONS, no TABLE_NAME).
    child = fork(runtime, [dir, ...(fn.timeoutSeconds !== undefined ? [String(fn.timeoutSeconds)] : [])], { execPath: NODE_24, execArgv: [], cwd: dir, env: environment, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('message', (message: Invocation & { id: number }) => {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
    child.on('exit', (code) => {
      for (const settle of waiting.values()) settle({ error: { errorType: 'Runtime.ExitError', errorMessage: `exited with ${code}: ${output.slice(-2000)}` } });
      waiting.clear();
    });
    return child;
  };
  const send = (message: Record<string, unknown>) =>
    new Promise<Invocation>((resolve) => {
      const id = (next += 1);
      waiting.set(id, resolve);
      (child ?? start()).send({ id, ...message });
    });
  return {
    handler: fn.handler,
    accessKeyId,
    environment,
    invoke: (event) => send({ event }),
    probe: async (packages) => (await send({ probe: packages })).result,
    output: () => output,
    stop: () => child?.kill(),
  };
};

export const tasksRoot = (): string => mkdtempSync(join(tmpdir(), 'cw-lambda-'));
