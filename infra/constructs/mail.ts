import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAIL_VARIABLES } from '../../functions/function-env';
import { CheckpointFunction } from './function';

export interface MailProps {
  /** The From address: an SES identity verified in the account (the address, or its domain). */
  senderEmail: string;
  /** Where the bounce and complaint handler writes which addresses cannot be reached. */
  table: dynamodb.ITableV2;
  /** Where undeliverable mail events end. */
  deadLetters: sqs.IQueue;
}

/**
 * Sending mail through SES v2: which sender, the grant that lets a function send as it and nothing
 * else, and the configuration set every mail is sent with, whose bounces and complaints come back
 * through EventBridge to a function that marks the addresses as unreachable.
 */
export class Mail extends Construct {
  readonly senderEmail: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly eventsFunction: CheckpointFunction;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {});
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.eventsFunction = new CheckpointFunction(this, 'Events', { handler: 'mail-events', deadLetterQueue: props.deadLetters, resources: { table: props.table } });
    new events.Rule(this, 'BounceOrComplaint', {
      description: 'checkpoint-watch: SES bounces and complaints mark addresses as unreachable',
      eventBus: bus,
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received'] },
      targets: [new eventTargets.LambdaFunction(this.eventsFunction, { deadLetterQueue: props.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }

  /** Lets the function send from the sender address (or its domain's identity) with the configuration set. */
  grantSend(fn: lambda.Function): void {
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
