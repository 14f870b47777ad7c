import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface MailProps {
  /** The From address: an SES identity verified in the account (the address, or its domain). */
  senderEmail: string;
}

/** Sending mail through SES v2: which sender, and the grant that lets a function send as it and nothing else. */
export class Mail extends Construct {
  readonly senderEmail: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
  }

  /** Lets the function send from the sender address (or its domain's identity); sets SENDER_EMAIL with it. */
  grantSend(fn: lambda.Function): void {
    const stack = Stack.of(this);
    const domain = this.senderEmail.split('@')[1]!;
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    fn.addEnvironment('SENDER_EMAIL', this.senderEmail);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [identity(this.senderEmail), identity(domain)],
      }),
    );
  }
}
