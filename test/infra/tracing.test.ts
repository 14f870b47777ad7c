/**
 * `-c tracing=false` (regions without X-Ray): no function or state machine traces, no role may write
 * to X-Ray, every function is told so (and then does not load the tracer), and cdk-nag still passes.
 * By default tracing is on everywhere. Functions are not bundled: tracing does not touch their code.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { build as bundleWith } from 'esbuild';
import { TRACING_VARIABLE } from '../../functions/function-env';
import { esbuildLikeCdk, PROJECT_ROOT, tracingDefine } from '../../infra/constructs/function';
import { CheckpointWatchStack } from '../../infra/stack';

const build = (context: Record<string, unknown>, props: { tracing?: boolean } = {}) => {
  const stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'Tracing', props);
  return { stack, template: Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> } };
};

const ofType = (template: ReturnType<typeof build>['template'], type: string) => Object.values(template.Resources).filter((resource) => resource.Type === type);
const xrayActions = (template: ReturnType<typeof build>['template']) =>
  ofType(template, 'AWS::IAM::Policy')
    .flatMap((policy) => policy.Properties!.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()))
    .filter((action: string) => action.startsWith('xray:'));

describe('tracing', () => {
  it('is on by default: every function and the flow trace, and may write to X-Ray', () => {
    const { template } = build({});
    const functions = ofType(template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(20);
    for (const fn of functions) {
      expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties!.Environment.Variables[TRACING_VARIABLE]).toBeUndefined();
    }
    expect(ofType(template, 'AWS::StepFunctions::StateMachine')[0]!.Properties!.TracingConfiguration).toEqual({ Enabled: true });
    expect(xrayActions(template)).toContain('xray:PutTraceSegments');
  });

  for (const [how, context, props] of [
    ['-c tracing=false', { tracing: 'false' }, {}],
    ['the stack prop tracing: false', {}, { tracing: false }],
  ] as const) {
    it(`is off with ${how}: no tracing mode, no X-Ray permission, every function told, cdk-nag clean`, () => {
      const { stack, template } = build(context, props);
      const functions = ofType(template, 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThan(20);
      for (const fn of functions) {
        expect(fn.Properties!.TracingConfig).toBeUndefined();
        expect(fn.Properties!.Environment.Variables[TRACING_VARIABLE]).toBe('false');
      }
      expect(ofType(template, 'AWS::StepFunctions::StateMachine')[0]!.Properties!.TracingConfiguration?.Enabled ?? false).toBe(false);
      expect(xrayActions(template)).toEqual([]);
      expect(JSON.stringify(template)).not.toMatch(/xray:/i);
      for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
        const findings = pack.validateScope(stack).violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
        expect(findings).toEqual([]);
      }
    });
  }

  it('off, leaves the tracer out of the bundle (no X-Ray SDK, no ES import of node:http); on, the tracer is in it', async () => {
    const bundle = async (tracing: boolean) => {
      const define = tracingDefine(tracing);
      const result = await bundleWith({
        entryPoints: [join(PROJECT_ROOT, 'functions', 'handlers', 'post-reading.ts')],
        write: false,
        outfile: 'index.mjs',
        ...esbuildLikeCdk(),
        ...(define && { define }),
      });
      return result.outputFiles[0]!.text;
    };
    const [off, on] = await Promise.all([bundle(false), bundle(true)]);
    expect(on).toMatch(/aws-xray-sdk|AWSXRay/);
    expect(off).not.toMatch(/aws-xray-sdk|AWSXRay|captureLambdaHandler/);
    expect(off).not.toMatch(/from\s*["']node:https?["']/);
    expect(off.length).toBeLessThan(on.length - 100_000);
  });
});
