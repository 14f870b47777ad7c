import { CfnOutput, Stack, Validations, type CfnResource, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CheckpointApi } from './constructs/api';
import { Escalation } from './constructs/escalation';
import { TRACING_CONTEXT, tracingOf, type FunctionResources } from './constructs/function';
import { Mail } from './constructs/mail';
import { NoticeSender } from './constructs/notice-sender';
import type { MailTransport } from '../functions/function-env';
import { Operations } from './constructs/operations';
import { Summaries } from './constructs/summaries';
import { CheckpointTable } from './constructs/table';

export interface CheckpointWatchStackProps extends StackProps {
  /** The From address of every notice: an SES identity verified in the account (with SMTP, the secret's `from` starts as this). @default checkpoint-watch@example.org */
  senderEmail?: string;
  /**
   * How mail leaves: SES v2, or the SMTP relay named in the `SmtpRelay` secret the stack creates (for
   * regions without SES; no SES resources or permissions then, and bounces are not tracked).
   * @default the `mailTransport` context (`-c mailTransport=smtp`), else 'ses'
   */
  mailTransport?: MailTransport;
  /** Zones of the county's communities: a daily summary schedule each. @default ['Asia/Shanghai'] */
  summaryTimezones?: string[];
  /** County-wide recipients of the daily summary. @default none */
  countySummaryEmails?: string[];
  /** Origins of forms served elsewhere that may post readings from a browser (CORS). @default none */
  formOrigins?: string[];
  /** Readings a checkpoint's form token may post per minute (429 beyond). @default 60 */
  readingsPerMinute?: number;
  /** Days a reading is kept (DynamoDB TTL); summaries stay. @default 30 */
  readingRetentionDays?: number;
  /** Escalations of one community opened in one sweep from which notices go out grouped. @default 3 */
  groupThreshold?: number;
  /** Notices one recipient is sent per hour; the rest in one digest when the hour ends. @default 20 */
  noticesPerHour?: number;
  /** Who is mailed when an alarm goes off. @default none (subscribe to the AlarmTopic output by hand) */
  alarmEmail?: string;
  /**
   * X-Ray tracing of the functions and the escalation flow; off, the template has no tracing and no
   * X-Ray permissions and the functions do not load the tracer. @default the `tracing` context (`-c tracing=false`), else true
   */
  tracing?: boolean;
}

const mailTransportOf = (value: unknown): MailTransport => {
  if (value === undefined || value === 'ses' || value === 'smtp') return value ?? 'ses';
  throw new Error(`mailTransport must be ses or smtp, not ${String(value)}`);
};

/** checkpoint-watch in one stack: the table, the admin key, the API and its functions. */
export class CheckpointWatchStack extends Stack {
  readonly table: CheckpointTable;
  readonly api: CheckpointApi;
  readonly adminKey: secretsmanager.Secret;
  readonly linkKeys: secretsmanager.Secret;
  readonly escalation: Escalation;
  readonly summaries: Summaries;
  readonly notices: NoticeSender;
  readonly operations: Operations;
  readonly mail: Mail;

  constructor(scope: Construct, id: string, props: CheckpointWatchStackProps = {}) {
    super(scope, id, props);
    // Before any construct is added: every function and the flow read it (infra/constructs/function.ts, tracingOf).
    if (props.tracing !== undefined) this.node.setContext(TRACING_CONTEXT, props.tracing);
    this.table = new CheckpointTable(this, 'Data');
    this.adminKey = new secretsmanager.Secret(this, 'AdminKey', {
      description: 'checkpoint-watch admin key: send it as Authorization: Bearer <key> on admin routes',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.linkKeys = new secretsmanager.Secret(this, 'LinkKeys', {
      description: 'checkpoint-watch link-signing keys: {"current":"k1","k1":"…"}; add k2 and make it current to rotate',
      generateSecretString: { secretStringTemplate: JSON.stringify({ current: 'k1' }), generateStringKey: 'k1', passwordLength: 48, excludePunctuation: true },
    });
    this.operations = new Operations(this, 'Operations', { ...(props.alarmEmail && { alarmEmail: props.alarmEmail }) });
    const deadLetters = this.operations.deadLetters;
    const mail = (this.mail = new Mail(this, 'Mail', {
      transport: mailTransportOf(props.mailTransport ?? this.node.tryGetContext('mailTransport')),
      senderEmail: props.senderEmail ?? 'checkpoint-watch@example.org',
      table: this.table.table,
      deadLetters,
    }));
    // What the functions may use; each takes only what its entry in functions/function-env.ts names.
    const resources: FunctionResources = {
      table: this.table.table,
      secrets: { adminKey: this.adminKey, linkKeys: this.linkKeys, ...(mail.relaySecret && { smtp: mail.relaySecret }) },
      mail,
      settings: {
        ...(props.countySummaryEmails?.length && { COUNTY_SUMMARY_EMAILS: props.countySummaryEmails.join(',') }),
        ...(props.formOrigins?.length && { FORM_ORIGINS: props.formOrigins.join(',') }),
        ...(props.readingsPerMinute && { READINGS_PER_MINUTE: String(props.readingsPerMinute) }),
        ...(props.readingRetentionDays && { READING_RETENTION_DAYS: String(props.readingRetentionDays) }),
        ...(props.groupThreshold && { GROUP_THRESHOLD: String(props.groupThreshold) }),
        ...(props.noticesPerHour && { NOTICES_PER_HOUR: String(props.noticesPerHour) }),
      },
    };
    this.api = new CheckpointApi(this, 'Api', {});
    // Links in mail point at the API.
    const withApiUrl: FunctionResources = { ...resources, settings: { ...resources.settings, PUBLIC_BASE_URL: this.api.httpApi.apiEndpoint } };
    this.escalation = new Escalation(this, 'Escalation', { resources: withApiUrl, deadLetters });
    // The routes once the flow exists: a fever reading starts its alert's flow (post-reading).
    this.api.addRoutes({ ...resources, stateMachine: this.escalation.flow.stateMachine });
    this.summaries = new Summaries(this, 'Summaries', {
      resources: withApiUrl,
      ...(props.summaryTimezones && { timezones: props.summaryTimezones }),
      deadLetters,
    });
    // The one sender: woken by the table's stream and every minute.
    this.notices = new NoticeSender(this, 'Notices', { resources, deadLetters });
    this.operations.watch({ api: this.api.httpApi, stateMachine: this.escalation.flow.stateMachine, sweep: this.escalation.sweepFunction, notices: this.notices });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'Base URL of the API' });
    new CfnOutput(this, 'AdminKeySecretName', {
      value: this.adminKey.secretName,
      description: 'aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text',
    });
    if (mail.relaySecret) {
      new CfnOutput(this, 'SmtpRelaySecretName', { value: mail.relaySecret.secretName, description: 'Put your SMTP relay here: {"host","port","secure","user","password","from"}' });
    }
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AlarmTopic', { value: this.operations.topic.topicArn, description: 'Alarms are published here: subscribe county IT (or pass -c alarmEmail=)' });
    this.acknowledgeFindings();
  }

  /** cdk-nag findings we accept, each with the reason it is right here (see docs/security.md). */
  private acknowledgeFindings(): void {
    Validations.of(this.adminKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The admin key is a bearer key held by county IT; it is rotated by hand (docs/deploying.md: Rotating the admin key), because rotating it automatically would lock out its holders.',
    });
    Validations.of(this.linkKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Link keys are rotated by adding a key and making it current, so links already sent keep working until they expire; an automatic rotation would break them.',
    });
    if (this.mail.relaySecret) {
      Validations.of(this.mail.relaySecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: "The SMTP relay's login is issued by the mail provider; it is changed there and then put in the secret by hand (docs/deploying.md: Deploying in an AWS China region), which Secrets Manager cannot do by itself.",
      });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Every route checks its own credential in the function: the admin key (constant-time) on admin routes, the per-checkpoint form token on the reading route; GET /openapi.json is public by design.',
    });
    for (const fn of [this.escalation.flowFunction, this.escalation.sweepFunction, this.summaries.builder, this.notices.sender]) {
      // The scheduler's role is made at stack level by the schedule target, hence the stack here.
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnResource)}.Arn>:*]`,
        reason: 'The state machine and the schedules may invoke any version of their own function (CDK grants <function>:* for qualified invokes); no other function.',
      });
    }
    for (const fn of [...this.api.functions.values(), this.escalation.flowFunction]) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked synchronously (API Gateway, or a Step Functions task with its own Retry and Catch): a failure is answered to the caller, never queued. Functions invoked asynchronously (sweep, daily summary, mail events) have the dead-letter queue.',
      });
    }
    if (!tracingOf(this)) {
      const reason = "Tracing is off by the deployer's choice (-c tracing=false), for regions without X-Ray; logs, metrics and alarms stay.";
      for (const id of ['AwsSolutions-SF2', 'Serverless-StepFunctionStateMachineXray']) Validations.of(this.escalation).acknowledge({ id, reason });
      Validations.of(this).acknowledge({ id: 'Serverless-LambdaTracing', reason });
    }
    Validations.of(this.operations.deadLetters).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This is the dead-letter queue itself: messages stay 14 days and an alarm goes off when one arrives.',
    });
    for (const id of ['Serverless-SQSRedrivePolicy', 'AwsSolutions-SQS3']) {
      Validations.of(this.notices.streamFailures).acknowledge({
        id,
        reason: "This is a dead-letter destination itself: the stream's on-failure queue, where Lambda describes a batch of notice rows given up; messages stay 14 days and an alarm goes off when one arrives.",
      });
    }
    for (const scope of [this.api, this.escalation, this.summaries, this.mail, this.notices]) {
      Validations.of(scope).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets a function write its own logs; it is the managed policy AWS maintains for exactly that.',
      });
      Validations.of(scope).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray trace segments, Step Functions log delivery and the listing of DynamoDB streams have no resource-level permissions (xray:PutTraceSegments, logs:CreateLogDelivery, dynamodb:ListStreams and the like).',
      });
      Validations.of(scope).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.table.node.defaultChild as CfnResource)}.Arn>/index/*]`,
        reason: 'Functions query the indexes of their own table (byParent, byDeadline, byTime); the grant names the table and nothing else.',
      });
    }
  }
}
