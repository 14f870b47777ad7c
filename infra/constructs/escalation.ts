import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EscalationFlow } from './escalation-flow';
import { CheckpointFunction } from './function';
import type { Mail } from './mail';

export interface EscalationProps {
  table: dynamodb.ITableV2;
  mail: Mail;
  linkKeys: secretsmanager.ISecret;
  /** Where acknowledge links point: the API's URL. */
  publicBaseUrl: string;
  /** @default Duration.minutes(1) */
  sweepEvery?: Duration;
  /** Where sweep invocations that cannot be delivered end. */
  deadLetters: sqs.IQueue;
  /** Escalations of one community opened in one sweep from which notices are grouped. @default 3 */
  groupThreshold?: number;
  /** Notices per recipient per hour before the digest. @default 20 */
  noticesPerHour?: number;
}

/**
 * Escalation: the sweep on a schedule finds overdue checkpoints (the sparse deadline index) and starts
 * the flow; the flow's tasks notify level by level.
 */
export class Escalation extends Construct {
  readonly flow: EscalationFlow;
  readonly flowFunction: CheckpointFunction;
  readonly sweepFunction: CheckpointFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: EscalationProps) {
    super(scope, id);
    this.flowFunction = new CheckpointFunction(this, 'FlowTasks', { handler: 'escalation-flow', timeout: Duration.seconds(30) });
    this.flowFunction.addEnvironment('TABLE_NAME', props.table.tableName);
    this.flowFunction.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl);
    this.flowFunction.addEnvironment('LINK_KEYS_SECRET_ARN', props.linkKeys.secretArn);
    props.table.grantReadWriteData(this.flowFunction);
    props.linkKeys.grantRead(this.flowFunction);
    props.mail.grantSend(this.flowFunction);

    this.flow = new EscalationFlow(this, 'Flow', { handler: this.flowFunction });

    this.sweepFunction = new CheckpointFunction(this, 'Sweep', { handler: 'sweep', timeout: Duration.seconds(55), deadLetterQueue: props.deadLetters });
    for (const fn of [this.flowFunction, this.sweepFunction]) {
      if (props.groupThreshold) fn.addEnvironment('GROUP_THRESHOLD', String(props.groupThreshold));
      if (props.noticesPerHour) fn.addEnvironment('NOTICES_PER_HOUR', String(props.noticesPerHour));
    }
    this.sweepFunction.addEnvironment('TABLE_NAME', props.table.tableName);
    this.sweepFunction.addEnvironment('STATE_MACHINE_ARN', this.flow.stateMachine.stateMachineArn);
    props.table.grantReadWriteData(this.sweepFunction);
    this.flow.stateMachine.grantStartExecution(this.sweepFunction);
    // The sweep tells everyone notified when a checkpoint reports again.
    props.mail.grantSend(this.sweepFunction);

    this.schedule = new scheduler.Schedule(this, 'SweepSchedule', {
      description: 'checkpoint-watch: find overdue checkpoints and resolve escalations',
      schedule: scheduler.ScheduleExpression.rate(props.sweepEvery ?? Duration.minutes(1)),
      // A sweep that cannot run in its minute is replaced by the next one, not queued behind it.
      target: new targets.LambdaInvoke(this.sweepFunction, { retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: props.deadLetters }),
    });
  }
}
