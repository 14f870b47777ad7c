import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { tracingOf } from './function';

export interface EscalationFlowProps {
  /** The function behind every task (functions/handlers/escalation-flow.ts); each task names its action. */
  handler: lambda.IFunction;
  /** Attempts of one notice while SES defers it. @default 5 */
  sendAttempts?: number;
}

/** The names of the states whose tasks the local runner binds to the handler. */
export const FLOW_TASKS = ['Check', 'Send', 'Record failure', 'Advance'] as const;

/**
 * The escalation flow, a Standard state machine: before each level, Check (reported? acknowledged?
 * time?); Notify sends the level's notices, each retried with jittered backoff while SES defers it and
 * recorded as failed when it never goes; Advance records the level; Wait for the next. The same
 * definition runs locally under aws-local-stepfunctions (`renderFlowDefinition`).
 */
export class EscalationFlow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: EscalationFlowProps) {
    super(scope, id);
    const task = (name: (typeof FLOW_TASKS)[number], payload: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, name, {
        lambdaFunction: props.handler,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
      });

    const check = task('Check', { action: 'check', 'escalationId.$': '$.escalationId' });
    const send = task('Send', { action: 'send', 'notice.$': '$' }).addRetry({
      errors: ['DeliveryDeferred'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: props.sendAttempts ?? 5,
      maxDelay: Duration.minutes(2),
      jitterStrategy: sfn.JitterType.FULL,
    });
    const recordFailure = task('Record failure', { action: 'failed', 'notice.$': '$' });
    send.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const notify = new sfn.Map(this, 'Notify', { itemsPath: '$.notices', maxConcurrency: 10, resultPath: sfn.JsonPath.DISCARD });
    notify.itemProcessor(send);
    const advance = task('Advance', {
      action: 'advance',
      'escalationId.$': '$.escalationId',
      'level.$': '$.level',
      'repeat.$': '$.repeat',
      'notices.$': '$.notices',
    });
    const wait = new sfn.Wait(this, 'Wait', { time: sfn.WaitTime.secondsPath('$.waitSeconds') });
    const done = new sfn.Succeed(this, 'Done');

    check.next(
      new sfn.Choice(this, 'Route')
        .when(sfn.Condition.stringEquals('$.action', 'notify'), notify.next(advance).next(check))
        .when(sfn.Condition.stringEquals('$.action', 'wait'), wait.next(check))
        .otherwise(done),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(check),
      tracingEnabled: tracingOf(this),
      comment: 'checkpoint-watch escalation: level by level until acknowledged or reported',
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ALL,
        // Events without their data: inputs name recipients, who need not be in a log.
        includeExecutionData: false,
      },
    });
  }
}

/** The function ARN the rendered definition names; the local runner binds its tasks by state name instead. */
export const LOCAL_FLOW_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:escalation-flow';

/** The flow's definition exactly as the stack deploys it (ASL JSON), for the local runner and the tests. */
export const renderFlowDefinition = (): Record<string, unknown> => {
  const app = new App();
  const stack = new Stack(app, 'RenderFlow');
  const fn = lambda.Function.fromFunctionArn(stack, 'Handler', LOCAL_FLOW_FUNCTION_ARN);
  const flow = new EscalationFlow(stack, 'Escalation', { handler: fn });
  const resource = stack.resolve((flow.stateMachine.node.defaultChild as sfn.CfnStateMachine).definitionString) as unknown;
  const text = typeof resource === 'string' ? resource : joinResolved(resource);
  return JSON.parse(text) as Record<string, unknown>;
};

const joinResolved = (value: unknown): string => {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error('the flow definition has unresolved parts');
  return join[1].map((part) => (typeof part === 'string' ? part : '')).join(join[0]);
};
