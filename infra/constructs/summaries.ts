import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CheckpointFunction } from './function';
import type { Mail } from './mail';

export interface SummariesProps {
  table: dynamodb.ITableV2;
  mail: Mail;
  publicBaseUrl: string;
  /** The zones the county's communities use: one daily schedule each. @default ['Asia/Shanghai'] */
  timezones?: string[];
  /** County-wide recipients of the daily summary. @default none */
  countySummaryEmails?: string[];
  /** Where summary invocations that cannot be delivered end. */
  deadLetters: sqs.IQueue;
}

/** The daily summary: built and mailed at 00:10 in each zone, for the day that just ended there. */
export class Summaries extends Construct {
  readonly builder: CheckpointFunction;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: SummariesProps) {
    super(scope, id);
    this.builder = new CheckpointFunction(this, 'Daily', { handler: 'daily-summary', timeout: Duration.minutes(5), memorySize: 1024, deadLetterQueue: props.deadLetters });
    this.builder.addEnvironment('TABLE_NAME', props.table.tableName);
    this.builder.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl);
    this.builder.addEnvironment('COUNTY_SUMMARY_EMAILS', (props.countySummaryEmails ?? []).join(','));
    props.table.grantReadWriteData(this.builder);
    props.mail.grantSend(this.builder);
    for (const zone of props.timezones ?? ['Asia/Shanghai']) {
      this.schedules.push(
        new scheduler.Schedule(this, `At0010${zone.replace(/[^A-Za-z0-9]/g, '')}`, {
          description: `checkpoint-watch: the daily summary at 00:10 ${zone}`,
          schedule: scheduler.ScheduleExpression.cron({ minute: '10', hour: '0', timeZone: TimeZone.of(zone) }),
          target: new targets.LambdaInvoke(this.builder, {
            input: scheduler.ScheduleTargetInput.fromObject({ timezone: zone }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: props.deadLetters,
          }),
        }),
      );
    }
  }
}
