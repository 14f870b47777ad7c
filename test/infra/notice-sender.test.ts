/**
 * How the one sender is woken, as deployed: the table's stream, an event source mapping on it that
 * passes only a notice row's INSERT (with a second's batching, a bounded retry, bisection and an
 * on-failure queue with an alarm), the minute's schedule with `{ "run": "due" }`, and an alarm on
 * notices given up. Functions are not bundled: none of this touches their code.
 */
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../functions/adapters/table-schema';
import { functionEnv, runtimeOf, variablesOf } from '../../functions/function-env';
import { SENDER_TRIGGER } from '../../functions/sender-trigger';
import { CheckpointWatchStack } from '../../infra/stack';

type Resource = { Type: string; Properties: Record<string, any> };
let stack: CheckpointWatchStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  stack = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Sender');
  resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);
const sender = () => resources[logicalId(stack.notices.sender)]!;

describe('the table', () => {
  it('has a stream of each item as written, as the local table has', () => {
    const [table] = ofType('AWS::DynamoDB::GlobalTable');
    // The sender reads the recipient from the new image: keys alone would not do.
    expect(table!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(createTableInput('any').StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });
});

describe('the stream', () => {
  it('invokes the sender, and only the sender, with notice rows inserted', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings;
    expect(mapping!.Properties.FunctionName).toEqual({ Ref: logicalId(stack.notices.sender) });
    expect(mapping!.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalId(stack.table.table), 'StreamArn'] });
    // Lambda's filter: an INSERT whose sort key begins NOTICE# (a row's own updates and every other item pass no invocation).
    const patterns = (mapping!.Properties.FilterCriteria.Filters as { Pattern: string }[]).map((filter) => JSON.parse(filter.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'NOTICE#' }] } } } }]);
  });

  it('sends without a batching window from the latest record, retries a failing batch a bounded number of times, split in two, then tells the on-failure queue', () => {
    const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
    expect(mapping!.Properties).toMatchObject({
      StartingPosition: 'LATEST',
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.notices.streamFailures), 'Arn'] } } },
    });
    // Bounded (-1, Lambda's default, retries until the record leaves the stream a day later).
    expect(mapping!.Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping!.Properties.MaximumRetryAttempts).toBeLessThanOrEqual(10);
    expect(mapping!.Properties.BatchSize).toBeGreaterThanOrEqual(1);
    // The same numbers the local stream poller runs by.
    expect(mapping!.Properties).toMatchObject({ BatchSize: SENDER_TRIGGER.batchSize, MaximumRetryAttempts: SENDER_TRIGGER.retryAttempts, MaximumBatchingWindowInSeconds: SENDER_TRIGGER.maxBatchingWindowSeconds });
  });

  it('lets the sender read the stream and write to its on-failure queue', () => {
    const statements = ofType('AWS::IAM::Policy')
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(logicalId(stack.notices.sender.role as never)))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const on = (action: string) => statements.filter((statement) => [statement.Action].flat().includes(action)).map((statement) => JSON.stringify(statement.Resource));
    expect(on('dynamodb:GetRecords').join()).toContain('StreamArn');
    expect(on('sqs:SendMessage').join()).toContain(logicalId(stack.notices.streamFailures));
  });
});

describe('the minute run', () => {
  it('invokes the sender every minute with {"run":"due"}, a late run dropped into the dead-letter queue', () => {
    const runs = ofType('AWS::Scheduler::Schedule').filter((schedule) => JSON.stringify(schedule.Properties.Target.Arn).includes(logicalId(stack.notices.sender)));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    expect(JSON.parse(runs[0]!.Properties.Target.Input)).toEqual({ run: 'due' });
    expect(runs[0]!.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [logicalId(stack.operations.deadLetters), 'Arn'] } });
    expect(sender().Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [logicalId(stack.operations.deadLetters), 'Arn'] } });
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map((alarm) => alarm.Properties);
  const topic = () => ({ Ref: logicalId(stack.operations.topic) });

  it('go off when a batch reaches the on-failure queue', () => {
    const queueName = { 'Fn::GetAtt': [logicalId(stack.notices.streamFailures), 'QueueName'] };
    const [alarm] = alarms().filter((a) => JSON.stringify(a.Dimensions ?? []).includes(JSON.stringify(queueName)));
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic()] });
  });

  it('go off when one notice is given up within five minutes, on the metric the sender publishes', () => {
    const [alarm] = alarms().filter((a) => a.MetricName === 'NoticeDeadLettered');
    const env = sender().Properties.Environment.Variables;
    // Powertools publishes in the function's namespace, with its service as the one dimension.
    expect(alarm).toMatchObject({
      Namespace: env.POWERTOOLS_METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic()],
    });
  });
});

describe('the sender function', () => {
  it('runs the notice-sender handler with its entry’s environment, timeout and memory', () => {
    const { Properties } = sender();
    expect(stack.notices.sender.handlerName).toBe('notice-sender');
    const variables = Object.keys(Properties.Environment.Variables).filter((name) => !name.startsWith('POWERTOOLS_'));
    // Every variable its entry names, the optional setting (NOTICES_PER_HOUR) left out as not configured.
    expect(variables.sort()).toEqual(variablesOf(functionEnv['notice-sender']).filter((name) => name !== 'NOTICES_PER_HOUR').sort());
    expect(Properties).toMatchObject({ Timeout: runtimeOf('notice-sender').timeoutSeconds, MemorySize: runtimeOf('notice-sender').memoryMB });
    const configured = new CheckpointWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'SenderPaced', { noticesPerHour: 12 });
    const env = Template.fromStack(configured).toJSON().Resources[configured.getLogicalId(configured.notices.sender.node.defaultChild as CfnResource)].Properties.Environment.Variables;
    expect(env.NOTICES_PER_HOUR).toBe('12');
  });
});
