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
  /** Attempts of a Step whose function or table failed for a while (a throttled table, a Lambda error). @default 6 */
  stepAttempts?: number;
}

/** The names of the states whose tasks the local runner binds to the handler. */
export const FLOW_TASKS = ['Step', 'Record failure'] as const;

/**
 * The escalation flow, a Standard state machine, the escalation's only driver: Step (check, and when it
 * is time open the next level — the escalation and the level's notice rows in one transaction — or end
 * it) → Route → Wait (as long as Step said) → Step … → Done. Step is retried with jittered backoff; once
 * its retries are spent, Record failure records it on the escalation and moves past the level (the next
 * level's rows say so), and the flow goes on. If that fails too the execution fails (the FlowsFailed
 * alarm, infra/constructs/operations.ts). Nothing here sends: the one sender sends the rows. The same
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
    // A transient failure (the table throttled or busy, the function's own error): tried again, a while apart.
    const retry = { errors: ['States.ALL'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: props.stepAttempts ?? 6, maxDelay: Duration.minutes(1), jitterStrategy: sfn.JitterType.FULL };

    const step = task('Step', { action: 'step', 'escalationId.$': '$.escalationId' }).addRetry(retry);
    const recordFailure = task('Record failure', { action: 'failed', 'escalationId.$': '$.escalationId', 'error.$': '$.error' }).addRetry(retry);
    step.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const wait = new sfn.Wait(this, 'Wait', { time: sfn.WaitTime.secondsPath('$.waitSeconds') });
    const route = new sfn.Choice(this, 'Route').when(sfn.Condition.stringEquals('$.action', 'wait'), wait.next(step)).otherwise(new sfn.Succeed(this, 'Done'));
    step.next(route);
    recordFailure.next(route);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(step),
      tracingEnabled: tracingOf(this),
      comment: 'checkpoint-watch escalation: level by level until acknowledged or reported',
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ALL,
        // Events without their data: a task's error may name recipients, who need not be in a log.
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
