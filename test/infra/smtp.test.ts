/**
 * `-c mailTransport=smtp -c tracing=false`: the stack for a region without SES or X-Ray (docs/deploying.md:
 * Deploying in an AWS China region). Synthesized once, bundling included (into a temporary cdk.out),
 * from the context as `cdk synth` is given it: strings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEnv, secretVariables, type FunctionEnv, type FunctionName } from '../../functions/function-env';
import { CheckpointFunction } from '../../infra/constructs/function';
import { CheckpointWatchStack } from '../../infra/stack';
import { localFunctionEnvironment } from '../../local/stack';

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, string> };
let stack: CheckpointWatchStack;
let resources: Record<string, Resource>;
let outdir: string;
let functions: { handler: FunctionName; logicalId: string; roleId: string; bundle: string }[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cw-smtp-out-'));
  const app = new App({ outdir, context: { mailTransport: 'smtp', tracing: 'false', 'aws:cdk:enable-asset-metadata': true } });
  stack = new CheckpointWatchStack(app, 'Smtp');
  app.synth();
  resources = (JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')) as { Resources: Record<string, Resource> }).Resources;
  const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
  functions = stack.node
    .findAll()
    .filter((c): c is CheckpointFunction => c instanceof CheckpointFunction)
    .map((fn) => {
      const logicalId = idOf(fn);
      return { handler: fn.handlerName, logicalId, roleId: idOf(fn.role as never), bundle: readFileSync(join(outdir, resources[logicalId]!.Metadata!['aws:asset:path']!, 'index.mjs'), 'utf8') };
    });
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const mails = (handler: FunctionName) => (functionEnv[handler] as FunctionEnv).mail === true;
const relayId = () => stack.getLogicalId(stack.mail.relaySecret!.node.defaultChild as CfnResource);

/** The statements of every policy attached to a role. */
const statementsOf = (roleId: string): { Action: string | string[]; Resource: unknown }[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles).includes(roleId))
    .flatMap((r) => r.Properties!.PolicyDocument.Statement);

describe('a stack that mails through an SMTP relay, without tracing', () => {
  it('has no SES resource, no ses: or xray: permission, no bounce handling and no tracing', () => {
    expect(Object.values(resources).map((r) => r.Type).filter((type) => type.startsWith('AWS::SES::'))).toEqual([]);
    expect(JSON.stringify(resources)).not.toMatch(/"ses:|"xray:|aws\.ses|SENDER_EMAIL|MAIL_CONFIGURATION_SET/i);
    for (const fn of functions) expect(resources[fn.logicalId]!.Properties!.TracingConfig, fn.handler).toBeUndefined();
    expect(functions.map((f) => f.handler)).not.toContain('mail-events');
    // Every other function of functions/function-env.ts is there.
    const expected = (Object.keys(functionEnv) as FunctionName[]).filter((name) => (functionEnv[name] as FunctionEnv).onlyWithMail !== 'ses');
    expect(functions.map((f) => f.handler).sort()).toEqual(expected.sort());
  });

  it('creates the SmtpRelay secret with a placeholder relay and a generated password, and names it in an output', () => {
    const secret = resources[relayId()]!;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    const generated = secret.Properties!.GenerateSecretString;
    expect(JSON.parse(generated.SecretStringTemplate)).toEqual({ host: 'smtp.example.org', port: 587, secure: false, user: 'checkpoint-watch', from: 'checkpoint-watch@example.org' });
    expect(generated.GenerateStringKey).toBe('password');
    const outputs = (JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')) as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(JSON.stringify(outputs.SmtpRelaySecretName!.Value)).toContain(relayId());
  });

  it('lets exactly the functions that mail read the relay secret, and tells them to use it', () => {
    // One way out: only the one sender mails; every other function writes notice rows (docs/delivery.md).
    expect(functions.filter((f) => mails(f.handler)).map((f) => f.handler)).toEqual(['notice-sender']);
    for (const fn of functions) {
      const variables = resources[fn.logicalId]!.Properties!.Environment.Variables as Record<string, unknown>;
      const readsRelay = statementsOf(fn.roleId).some((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(relayId()));
      expect({ readsRelay, variable: variables.SMTP_RELAY_SECRET_ARN !== undefined, transport: variables.MAIL_TRANSPORT }, fn.handler).toEqual(
        mails(fn.handler) ? { readsRelay: true, variable: true, transport: 'smtp' } : { readsRelay: false, variable: false, transport: undefined },
      );
      if (mails(fn.handler)) expect(variables.SMTP_RELAY_SECRET_ARN).toEqual({ Ref: relayId() });
    }
  });

  it('is what `npm start -- --mail=smtp` gives each function: the same variables, the relay secret as its value', () => {
    const local = { mailTransport: 'smtp' as const, secrets: { adminKey: 'a', linkKeys: '{}', smtp: '{}' }, settings: { PUBLIC_BASE_URL: 'http://127.0.0.1' } };
    const arnOf = Object.fromEntries(Object.values(secretVariables).map((v) => [v.local, v.arn]));
    for (const fn of functions) {
      const deployed = Object.keys(resources[fn.logicalId]!.Properties!.Environment.Variables).filter((name) => !name.startsWith('POWERTOOLS_'));
      const given = Object.keys(localFunctionEnvironment(fn.handler, local)).map((name) => arnOf[name] ?? name);
      expect(given.sort(), fn.handler).toEqual(deployed.sort());
    }
  });

  it("lets no function post to http://127.0.0.1: the local stack's switch (CHANNELS_ALLOW_LOCAL, its name pinned in stack.test.ts) is set nowhere", () => {
    const lambdas = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(lambdas.length).toBeGreaterThanOrEqual(functions.length);
    for (const [id, fn] of lambdas) expect(Object.keys(fn.Properties!.Environment?.Variables ?? {}), id).not.toContain('CHANNELS_ALLOW_LOCAL');
    expect(JSON.stringify(resources)).not.toContain('CHANNELS_ALLOW_LOCAL');
  });

  it("bundles nodemailer's SMTP client into the functions that mail and no other", () => {
    for (const fn of functions) expect(fn.bundle.includes('Greeting never received'), fn.handler).toBe(mails(fn.handler));
  });

  it('finds nothing unacknowledged in the AwsSolutions and ServerlessChecks packs', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(stack);
      expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    }
  });
});
