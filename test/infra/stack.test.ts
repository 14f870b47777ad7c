import { functionEnv } from '../../functions/function-env';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../functions/adapters/table-schema';
import { methodAndPath, routeList } from '../../functions/routes';
import { channelRules } from '../../functions/runtime/config';
import { CheckpointWatchStack } from '../../infra/stack';

let stack: CheckpointWatchStack;
let template: Template;

beforeAll(() => {
  stack = new CheckpointWatchStack(new App(), 'Test');
  template = Template.fromStack(stack);
});

/** For stacks built only to read one setting from: no function is bundled (the main stack's are). */
const unbundledApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnResource);

/** The actions a function's role may take, from every policy attached to that role. */
const actionsOf = (fn: { role?: unknown }): string[] => {
  const roleId = logicalId(fn.role as never);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()));
};

describe('the table', () => {
  it('has the keys and indexes the local stack creates', () => {
    const local = createTableInput('any');
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    const props = table!.Properties;
    expect(props.KeySchema).toEqual(local.KeySchema);
    const sortByName = <T extends { IndexName?: string; AttributeName?: string }>(list: T[]) =>
      [...list].sort((a, b) => String(a.IndexName ?? a.AttributeName).localeCompare(String(b.IndexName ?? b.AttributeName)));
    expect(sortByName(props.AttributeDefinitions)).toEqual(sortByName(local.AttributeDefinitions!));
    expect(sortByName(props.GlobalSecondaryIndexes)).toEqual(sortByName(local.GlobalSecondaryIndexes!));
    expect(sortByName(props.LocalSecondaryIndexes)).toEqual(sortByName(local.LocalSecondaryIndexes!));
    expect(props.StreamSpecification.StreamViewType).toBe(local.StreamSpecification!.StreamViewType);
  });

  it('is on demand, encrypted, recoverable, protected from deletion, and expires readings', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });
});

describe('the API', () => {
  it('serves exactly the routes of the route table', () => {
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
    expect(keys.sort()).toEqual(routeList().map((route) => route.key).sort());
  });

  it('is an HTTP API with throttling and access logs on its stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('runs every function on Node.js 24, arm64 (outside China: test/infra/architecture.test.ts), traced', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    // One per handler file behind the API, plus the sweep, the flow's tasks, the sender, the daily summary and the mail events.
    expect(functions).toHaveLength(new Set(routeList().map((route) => route.handler)).size + 5);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  // The board's and the console's sign-ins compare the key they are given with the admin key: the only other functions that read it.
  const readsAdminKey = (route: { auth: string; handler: string }) => route.auth === 'admin' || route.handler === 'board' || route.handler === 'console';

  it('gives read routes no write access, and the admin key to admin routes and the board sign-in only', () => {
    const adminKeyId = logicalId(stack.adminKey);
    for (const route of routeList()) {
      const fn = stack.api.functions.get(route.handler)!;
      const actions = actionsOf(fn);
      const writes = actions.some((action) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(action));
      // What a route reads alone (every GET among them) gets no write action; what it writes gets it.
      const access: string | undefined = (functionEnv as Record<string, { table?: string }>)[route.handler]?.table;
      if (route.key.startsWith('GET ')) expect(writes, route.name).toBe(false);
      expect(writes, route.name).toBe(access === 'readWrite' || access === 'writeOnly');
      const roleId = logicalId(fn.role as never);
      const granted = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
        .some((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes(adminKeyId));
      expect(granted, route.name).toBe(readsAdminKey(route));
    }
  });

  it('points the admin routes and the board at the secret and every table route at the table', () => {
    for (const route of routeList()) {
      const fn = template.toJSON().Resources[logicalId(stack.api.functions.get(route.handler)!)];
      const env = fn.Properties.Environment.Variables;
      if ((functionEnv as Record<string, { table?: string }>)[route.handler]?.table) expect(env.TABLE_NAME, route.name).toBeDefined();
      if (readsAdminKey(route)) expect(env.ADMIN_KEY_SECRET_ARN, route.name).toEqual({ Ref: logicalId(stack.adminKey) });
      else expect(env.ADMIN_KEY_SECRET_ARN, route.name).toBeUndefined();
    }
  });

  it('has no API-wide CORS (never `*`): only the form routes get a preflight route, and the configured origins', () => {
    const [api] = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(api!.Properties.CorsConfiguration).toBeUndefined();
    const preflights = routeList().filter((route) => route.key.startsWith('OPTIONS '));
    expect(preflights.map((route) => route.key).sort()).toEqual(['OPTIONS /checkpoints/{checkpointId}/readings', 'OPTIONS /f/{checkpointId}/status']);
    expect(routeList().filter((route) => route.cors && route.auth === 'admin')).toEqual([]);

    const configured = new CheckpointWatchStack(unbundledApp(), 'WithOrigins', { formOrigins: ['https://forms.county.example'], readingsPerMinute: 30, readingRetentionDays: 7 });
    const resources = Template.fromStack(configured).toJSON().Resources;
    const envOf = (handler: string) => resources[configured.getLogicalId(configured.api.functions.get(handler)!.node.defaultChild as CfnResource)].Properties.Environment.Variables;
    expect(envOf('post-reading')).toMatchObject({ FORM_ORIGINS: 'https://forms.county.example', READINGS_PER_MINUTE: '30', READING_RETENTION_DAYS: '7' });
    expect(envOf('form-status')).toMatchObject({ FORM_ORIGINS: 'https://forms.county.example' });
    expect(envOf('list-checkpoints').FORM_ORIGINS).toBeUndefined();
  });

  it('lists each route once with one method', () => {
    const pairs = routeList().map((route) => methodAndPath(route.key));
    expect(new Set(pairs.map((p) => `${p.method} ${p.path}`)).size).toBe(pairs.length);
  });
});

describe('escalation', () => {
  it('is a Standard state machine that logs all events and traces', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  it('sweeps every minute on EventBridge Scheduler', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack.escalation.sweepFunction), 'Arn'] } }),
    });
  });

  it('lets the sweep start the flow, and only the flow', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties.Roles).includes(logicalId(stack.escalation.sweepFunction.role as never)));
    const start = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement).find((statement: { Action: unknown }) => statement.Action === 'states:StartExecution');
    expect(start.Resource).toEqual({ Ref: logicalId(stack.escalation.flow.stateMachine) });
  });

  it('lets neither the flow nor the sweep send mail: they write notice rows, and the one sender sends them', () => {
    for (const fn of [stack.escalation.flowFunction, stack.escalation.sweepFunction]) {
      const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties.Roles).includes(logicalId(fn.role as never)));
      const actions = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement).flatMap((statement: { Action: unknown }) => [statement.Action].flat());
      expect(actions.filter((action) => String(action).startsWith('ses:'))).toEqual([]);
      expect(template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables.SENDER_EMAIL).toBeUndefined();
    }
  });

  it('gives the flow the API URL for acknowledge links', () => {
    const fn = template.toJSON().Resources[logicalId(stack.escalation.flowFunction)];
    expect(fn.Properties.Environment.Variables.PUBLIC_BASE_URL).toBeDefined();
    expect(fn.Properties.Environment.Variables.LINK_KEYS_SECRET_ARN).toEqual({ Ref: logicalId(stack.linkKeys) });
  });
});

describe('daily summaries', () => {
  it('are built at 00:10 Asia/Shanghai by EventBridge Scheduler, for that zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(10 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(stack.summaries.builder), 'Arn'] }, Input: JSON.stringify({ timezone: 'Asia/Shanghai', zones: ['Asia/Shanghai'] }) }),
    });
  });
});

describe('failures and alarms', () => {
  const deadLetters = () => logicalId(stack.operations.deadLetters);

  it('gives every asynchronous path the dead-letter queue: the functions, the schedules and the mail-event rule', () => {
    const resources = template.toJSON().Resources;
    for (const fn of [stack.escalation.sweepFunction, stack.notices.sender, stack.summaries.builder, stack.mail.eventsFunction]) {
      expect(resources[logicalId(fn)].Properties.DeadLetterConfig, fn.node.path).toEqual({ TargetArn: { 'Fn::GetAtt': [deadLetters(), 'Arn'] } });
    }
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.length).toBeGreaterThanOrEqual(2);
    for (const schedule of schedules) expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [deadLetters(), 'Arn'] } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters(), 'Arn'] } }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }) })],
    });
  });

  it('sends every mail with the configuration set that reports bounces and complaints to EventBridge', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], EventBridgeDestination: Match.anyValue() }),
    });
    const resources = template.toJSON().Resources;
    const mailing = Object.entries(resources).filter(([, r]: [string, any]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.SENDER_EMAIL);
    // One way out: the one sender mails; the escalation and summary functions write rows.
    expect(mailing.map(([id]) => id)).toEqual([logicalId(stack.notices.sender)]);
    for (const [, fn] of mailing as [string, any][]) expect(fn.Properties.Environment.Variables.MAIL_CONFIGURATION_SET).toEqual({ Ref: logicalId(stack.mail.configurationSet) });
  });

  it('alarms on 5xx, throttles, failed flows, dead letters, sweep errors, a stopped sweep, stream batches given up and notices given up, to one topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    const byMetric = Object.fromEntries(alarms.map((alarm) => [`${alarm.Namespace}/${alarm.MetricName}`, alarm]));
    expect(Object.keys(byMetric).sort()).toEqual(
      ['AWS/ApiGateway/5xx', 'AWS/Lambda/Throttles', 'AWS/States/ExecutionsFailed', 'AWS/SQS/ApproximateNumberOfMessagesVisible', 'AWS/Lambda/Errors', 'AWS/Lambda/Invocations', 'CheckpointWatch/NoticeDeadLettered'].sort(),
    );
    expect(byMetric['AWS/Lambda/Invocations']).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching' });
    const topic = { Ref: logicalId(stack.operations.topic) };
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);
    const withEmail = new CheckpointWatchStack(unbundledApp(), 'WithAlarmEmail', { alarmEmail: 'it@county.example' });
    Template.fromStack(withEmail).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'it@county.example' });
  });
});

describe('channel URLs', () => {
  const LOCAL_SWITCH = 'CHANNELS_ALLOW_LOCAL';

  it("lets no function post to http://127.0.0.1: the local stack's switch is in no function's environment, nor anywhere in the template", () => {
    // The switch's name as the functions read it: a rename would otherwise leave this test passing on nothing.
    const before = process.env[LOCAL_SWITCH];
    process.env[LOCAL_SWITCH] = '1';
    const switchedOn = channelRules().allowLocal;
    if (before === undefined) delete process.env[LOCAL_SWITCH];
    else process.env[LOCAL_SWITCH] = before;
    expect(switchedOn).toBe(true);

    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(Object.keys(functionEnv).length);
    for (const [id, fn] of functions) expect(Object.keys(fn.Properties.Environment?.Variables ?? {}), id).not.toContain(LOCAL_SWITCH);
    expect(JSON.stringify(template.toJSON())).not.toContain(LOCAL_SWITCH);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions and ServerlessChecks packs', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(stack);
      const findings = report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
      expect(findings).toEqual([]);
    }
  });
});
