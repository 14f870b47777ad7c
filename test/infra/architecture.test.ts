/**
 * The processor the functions run on is a setting: `-c architecture=x86_64|arm64`, by default x86_64 in
 * the China partition (where arm64 Lambda is not confirmed) and arm64 elsewhere, a stack without a
 * region included. Functions are not bundled: the architecture does not touch their JavaScript.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CheckpointWatchStack } from '../../infra/stack';

const architectures = (context: Record<string, unknown>, region?: string): string[] => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new CheckpointWatchStack(app, 'Architecture', region ? { env: { region } } : {});
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  expect(functions.length).toBeGreaterThan(20);
  return [...new Set(functions.flatMap((fn) => fn.Properties.Architectures as string[]))];
};

describe('the functions’ architecture', { timeout: 120_000 }, () => {
  it('is arm64 by default outside China, with a region or without one', () => {
    expect(architectures({})).toEqual(['arm64']);
    expect(architectures({}, 'ap-east-1')).toEqual(['arm64']);
  });

  it('is x86_64 by default in an AWS China region', () => {
    expect(architectures({}, 'cn-north-1')).toEqual(['x86_64']);
  });

  it('is what -c architecture says, in China and elsewhere', () => {
    expect(architectures({ architecture: 'arm64' }, 'cn-northwest-1')).toEqual(['arm64']);
    expect(architectures({ architecture: 'x86_64' })).toEqual(['x86_64']);
  });

  it('refuses an architecture Lambda does not run, naming the ones it does', () => {
    expect(() => architectures({ architecture: 'amd64' })).toThrow('-c architecture=amd64: not an architecture Lambda runs; use x86_64 or arm64');
  });
});
