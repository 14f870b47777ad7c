import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DUE_RUN, DUE_RUN_EVERY_MINUTES, SENDER_METRICS, SENDER_TRIGGER } from '../../functions/sender-trigger';
import { CheckpointFunction, POWERTOOLS, type FunctionResources } from './function';

export interface NoticeSenderProps {
  /** What the sender may use (its entry in functions/function-env.ts): the table, whose stream wakes it, and mail. */
  resources: FunctionResources;
  /** Where the minute's runs that cannot be delivered end (the schedule's and the function's asynchronous invocations). */
  deadLetters: sqs.IQueue;
}

/**
 * The one sender (functions/handlers/notice-sender.ts) and how it is woken, by the settings of
 * functions/sender-trigger.ts, which the local stack's stream poller reads too:
 * - an event source mapping on the table's stream: each notice row INSERTed reaches it within about a
 *   second, filtered by Lambda so that no other write invokes it; a batch that keeps failing is
 *   described in the on-failure queue (its rows stay in the table, waiting for the minute run);
 * - an EventBridge Scheduler schedule every minute with `{ "run": "due" }`: rows whose wait is over (a
 *   retry, a robot's pace, the hour's cap) and rows a sender that died left claimed.
 */
export class NoticeSender extends Construct {
  readonly sender: CheckpointFunction;
  /** Descriptions of stream batches given up after their retries (Lambda's on-failure destination). */
  readonly streamFailures: sqs.Queue;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: NoticeSenderProps) {
    super(scope, id);
    const table = props.resources.table;
    if (!table) throw new Error('the notice sender needs the table, whose stream wakes it');
    this.sender = new CheckpointFunction(this, 'Sender', { handler: 'notice-sender', deadLetterQueue: props.deadLetters, resources: props.resources });

    this.streamFailures = new sqs.Queue(this, 'StreamFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const trigger = SENDER_TRIGGER;
    this.sender.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition[trigger.startingPosition],
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
        retryAttempts: trigger.retryAttempts,
        bisectBatchOnError: trigger.bisectBatchOnError,
        onFailure: new SqsDlq(this.streamFailures),
        filters: [lambda.FilterCriteria.filter(trigger.filter)],
      }),
    );

    this.schedule = new scheduler.Schedule(this, 'DueRun', {
      description: 'checkpoint-watch: send the notice rows whose wait is over',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(DUE_RUN_EVERY_MINUTES)),
      // A run that cannot be made in its minute is replaced by the next one, not queued behind it.
      target: new targets.LambdaInvoke(this.sender, {
        input: scheduler.ScheduleTargetInput.fromObject(DUE_RUN),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        deadLetterQueue: props.deadLetters,
      }),
    });
  }

  /** Rows given up after their attempts (the sender's `NoticeDeadLettered`, from Powertools' metrics). */
  metricDeadLettered(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: POWERTOOLS.metricsNamespace,
      metricName: SENDER_METRICS.deadLettered,
      dimensionsMap: { service: POWERTOOLS.serviceName },
      statistic: 'Sum',
      ...props,
    });
  }
}
