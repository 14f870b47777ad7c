import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsProps {
  /** Who is mailed when an alarm goes off (county IT). @default none: subscribe to the topic by hand */
  alarmEmail?: string;
}

export interface Watched {
  api: apigwv2.HttpApi;
  stateMachine: sfn.StateMachine;
  sweep: lambda.IFunction;
  /** The one sender: its stream's on-failure queue, and the rows it gave up. */
  notices: { streamFailures: sqs.IQueue; metricDeadLettered(props?: cloudwatch.MetricOptions): cloudwatch.IMetric };
}

/**
 * Keeping the system itself honest: one dead-letter queue that every asynchronous path ends in when it
 * cannot deliver (the schedules, the mail events, the functions they invoke), and alarms that tell county
 * IT when requests fail, functions are throttled, a flow fails, something waits in the dead-letter
 * queue, the sweep — the heartbeat of escalation — stops running, the sender fails on what the stream
 * brings it, or a notice is given up.
 */
export class Operations extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps = {}) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'checkpoint-watch alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  /** The alarms, once the parts they watch exist. */
  watch(watched: Watched): void {
    const fiveMinutes = Duration.minutes(5);
    this.alarm('ApiServerErrors', 'The API answered 5xx (failed or unreachable functions, DynamoDB down)', watched.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }), 5);
    this.alarm(
      'LambdaThrottles',
      'Lambda throttled functions of this account (concurrency limit reached)',
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', period: fiveMinutes, statistic: 'Sum' }),
      1,
    );
    this.alarm('FlowsFailed', 'An escalation flow failed: someone may not be told', watched.stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }), 1);
    this.alarm(
      'Undelivered',
      'Something could not be delivered (a schedule, a mail event); see the dead-letter queue',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    this.alarm('SweepErrors', 'The sweep failed: overdue checkpoints may not be escalated', watched.sweep.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), 2);
    // No sweep for five minutes means no escalation at all: missing data is an alarm here.
    this.alarm(
      'SweepStopped',
      'The sweep has not run for five minutes: nobody will be told of missed reports',
      watched.sweep.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }),
      1,
      { comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, treatMissingData: cloudwatch.TreatMissingData.BREACHING },
    );
    this.alarm(
      'NoticeStreamFailures',
      'The sender failed on notice rows the stream brought it, after its retries: they wait for its minute run; see the stream-failures queue',
      watched.notices.streamFailures.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    this.alarm('NoticesDeadLettered', 'A notice kept failing and was given up: someone was not told; see the notice rows marked deadLettered', watched.notices.metricDeadLettered({ period: fiveMinutes }), 1);
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    options: { comparisonOperator?: cloudwatch.ComparisonOperator; treatMissingData?: cloudwatch.TreatMissingData } = {},
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `checkpoint-watch: ${description}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
