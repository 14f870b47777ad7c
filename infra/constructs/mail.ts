import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAIL_VARIABLES, type MailTransport } from '../../functions/function-env';
import { CheckpointFunction, type MailSender } from './function';

export interface MailProps {
  /** How mail leaves. @default 'ses' */
  transport?: MailTransport;
  /** The From address on SES: an identity verified in the account (the address, or its domain). On SMTP the relay's secret names it. */
  senderEmail: string;
  /** Where the bounce and complaint handler writes which addresses cannot be reached. */
  table: dynamodb.ITableV2;
  /** Where undeliverable mail events end. */
  deadLetters: sqs.IQueue;
}

/**
 * How the functions send mail. Through SES v2 (the default): which sender, the grant that lets a
 * function send as it and nothing else, and the configuration set every mail is sent with, whose
 * bounces and complaints come back through EventBridge to a function that marks the addresses as
 * unreachable. Through an SMTP relay (regions without SES): only the relay's secret, which the
 * functions that mail may read; no SES resource or permission at all, and so no bounce tracking (a
 * relay reports a bounce by mail to its From address, if at all).
 */
export class Mail extends Construct implements MailSender {
  readonly transport: MailTransport;
  readonly senderEmail: string;
  /** `{"host","port","secure","user","password","from"}`, created with a placeholder relay and a generated password (SMTP only). */
  readonly relaySecret?: secretsmanager.Secret;
  private readonly ses?: { configurationSet: ses.ConfigurationSet; eventsFunction: CheckpointFunction };

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.transport = props.transport ?? 'ses';
    this.senderEmail = props.senderEmail;
    if (this.transport === 'smtp') {
      this.relaySecret = new secretsmanager.Secret(this, 'SmtpRelay', {
        description: 'checkpoint-watch SMTP relay: {"host","port","secure","user","password","from"}; put your relay\'s values (docs/deploying.md: Deploying in an AWS China region)',
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ host: 'smtp.example.org', port: 587, secure: false, user: 'checkpoint-watch', from: props.senderEmail }),
          generateStringKey: 'password',
          passwordLength: 32,
          excludePunctuation: true,
        },
      });
      return;
    }
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {});
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    const eventsFunction = new CheckpointFunction(this, 'Events', { handler: 'mail-events', deadLetterQueue: props.deadLetters, resources: { table: props.table } });
    new events.Rule(this, 'BounceOrComplaint', {
      description: 'checkpoint-watch: SES bounces and complaints mark addresses as unreachable',
      eventBus: bus,
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received'] },
      targets: [new eventTargets.LambdaFunction(eventsFunction, { deadLetterQueue: props.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
    this.ses = { configurationSet, eventsFunction };
  }

  /** The SES configuration set every mail is sent with (SES only). */
  get configurationSet(): ses.ConfigurationSet {
    return (this.ses ?? this.sesOnly('configuration set')).configurationSet;
  }

  /** The function SES's bounce and complaint events invoke (SES only). */
  get eventsFunction(): CheckpointFunction {
    return (this.ses ?? this.sesOnly('bounce events function')).eventsFunction;
  }

  private sesOnly(what: string): never {
    throw new Error(`mail goes through an SMTP relay: there is no SES ${what}`);
  }

  /**
   * SES: lets the function send from the sender address (or its domain's identity) with the
   * configuration set. SMTP: tells it to use the relay (whose secret it is given with `secrets.smtp`).
   */
  grantSend(fn: lambda.Function): void {
    if (!this.ses) {
      fn.addEnvironment(MAIL_VARIABLES.transport, 'smtp');
      return;
    }
    const stack = Stack.of(this);
    const domain = this.senderEmail.split('@')[1]!;
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    fn.addEnvironment(MAIL_VARIABLES.sender, this.senderEmail);
    fn.addEnvironment(MAIL_VARIABLES.configurationSet, this.configurationSet.configurationSetName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          identity(this.senderEmail),
          identity(domain),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
  }
}
