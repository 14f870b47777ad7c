import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CheckpointWatchStack } from '../../infra/stack';

describe('daily summary schedules', () => {
  it('are one per zone the county names, each at 00:10 there', () => {
    // Schedules only: no function is bundled (a whole bundling took past the test's time on a busy machine).
    const stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Zones', { summaryTimezones: ['Asia/Shanghai', 'Asia/Urumqi'] });
    const builder = stack.getLogicalId(stack.summaries.builder.node.defaultChild as never);
    const schedules = Object.values(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule')).filter((s) =>
      JSON.stringify(s.Properties.Target.Arn).includes(builder),
    );
    expect(schedules.map((s) => [s.Properties.ScheduleExpression, s.Properties.ScheduleExpressionTimezone]).sort()).toEqual([
      ['cron(10 0 * * ? *)', 'Asia/Shanghai'],
      ['cron(10 0 * * ? *)', 'Asia/Urumqi'],
    ]);
  });
});
