/**
 * The local stack gives each handler exactly the variables its deployed function has: the same names,
 * secrets as their values locally where the template names their ARNs. Built with every setting given,
 * so that optional variables are compared too.
 */
import { App, type CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { functionEnv, secretVariables } from '../../functions/function-env';
import { CheckpointFunction } from '../../infra/constructs/function';
import { CheckpointWatchStack } from '../../infra/stack';
import { localFunctionEnvironment } from '../../local/stack';

describe('the local stack', () => {
  it("gives every function exactly its deployed function's variables and secrets", () => {
    const stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Parity', {
      formOrigins: ['https://forms.example'],
      readingsPerMinute: 30,
      readingRetentionDays: 7,
      groupThreshold: 4,
      noticesPerHour: 10,
      countySummaryEmails: ['county@example.org'],
    });
    const functions = stack.node
      .findAll()
      .filter((c): c is CheckpointFunction => c instanceof CheckpointFunction)
      .map((fn) => ({ handler: fn.handlerName, logicalId: stack.getLogicalId(fn.node.defaultChild as CfnResource) }));
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> };
    const local = { secrets: { adminKey: 'admin', linkKeys: '{}' }, settings: { PUBLIC_BASE_URL: 'http://127.0.0.1', FORM_ORIGINS: 'x', READINGS_PER_MINUTE: '30', READING_RETENTION_DAYS: '7', GROUP_THRESHOLD: '4', NOTICES_PER_HOUR: '10', COUNTY_SUMMARY_EMAILS: 'c' } };
    const arnOf = Object.fromEntries(Object.values(secretVariables).map((v) => [v.local, v.arn]));
    expect(functions.map((f) => f.handler).sort()).toEqual(Object.keys(functionEnv).sort());
    for (const { handler, logicalId } of functions) {
      // Powertools' own settings are the runtime's, the same for every function.
      const deployed = Object.keys(template.Resources[logicalId]!.Properties.Environment.Variables).filter((name) => !name.startsWith('POWERTOOLS_'));
      const given = Object.keys(localFunctionEnvironment(handler, local)).map((name) => arnOf[name] ?? name);
      expect(given.sort(), handler).toEqual(deployed.sort());
    }
  });
});
