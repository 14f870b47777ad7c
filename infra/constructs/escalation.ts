import { Duration } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EscalationFlow } from './escalation-flow';
import { CheckpointFunction, type FunctionResources } from './function';

export interface EscalationProps {
  /** What the sweep and the flow's tasks may use (the table, mail, link keys, settings such as PUBLIC_BASE_URL); the sweep also gets the flow. */
  resources: FunctionResources;
  /** @default Duration.minutes(1) */
  sweepEvery?: Duration;
  /** Where sweep invocations that cannot be delivered end. */
  deadLetters: sqs.IQueue;
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
    this.flowFunction = new CheckpointFunction(this, 'FlowTasks', { handler: 'escalation-flow', resources: props.resources });
    this.flow = new EscalationFlow(this, 'Flow', { handler: this.flowFunction });
    this.sweepFunction = new CheckpointFunction(this, 'Sweep', {
      handler: 'sweep',
      deadLetterQueue: props.deadLetters,
      resources: { ...props.resources, stateMachine: this.flow.stateMachine },
    });

    this.schedule = new scheduler.Schedule(this, 'SweepSchedule', {
      description: 'checkpoint-watch: find overdue checkpoints and resolve escalations',
      schedule: scheduler.ScheduleExpression.rate(props.sweepEvery ?? Duration.minutes(1)),
      // A sweep that cannot run in its minute is replaced by the next one, not queued behind it.
      target: new targets.LambdaInvoke(this.sweepFunction, { retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: props.deadLetters }),
    });
  }
}
