import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CheckpointFunction, type FunctionResources } from './function';

export interface SummariesProps {
  /** What the builder may use: the table, mail, PUBLIC_BASE_URL and COUNTY_SUMMARY_EMAILS. */
  resources: FunctionResources;
  /** The zones the county's communities use: one daily schedule each. @default ['Asia/Shanghai'] */
  timezones?: string[];
  /** Where summary invocations that cannot be delivered end. */
  deadLetters: sqs.IQueue;
}

/** The daily summary: built and mailed at 00:10 in each zone, for the day that just ended there. */
export class Summaries extends Construct {
  readonly builder: CheckpointFunction;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: SummariesProps) {
    super(scope, id);
    this.builder = new CheckpointFunction(this, 'Daily', {
      handler: 'daily-summary',
      deadLetterQueue: props.deadLetters,
      resources: props.resources,
    });
    const zones = props.timezones ?? ['Asia/Shanghai'];
    for (const zone of zones) {
      this.schedules.push(
        new scheduler.Schedule(this, `At0010${zone.replace(/[^A-Za-z0-9]/g, '')}`, {
          description: `checkpoint-watch: the daily summary at 00:10 ${zone}`,
          schedule: scheduler.ScheduleExpression.cron({ minute: '10', hour: '0', timeZone: TimeZone.of(zone) }),
          target: new targets.LambdaInvoke(this.builder, {
            // Every zone scheduled: a community in none of them is summarised by the first zone's run.
            input: scheduler.ScheduleTargetInput.fromObject({ timezone: zone, zones }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: props.deadLetters,
          }),
        }),
      );
    }
  }
}
