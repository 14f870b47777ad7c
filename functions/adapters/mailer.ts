/**
 * Mail through SES v2 SendEmail, the default transport (functions/adapters/smtp-mailer.ts is the
 * other): HTML and plain text, UTF-8. Locally the same client reaches aws-ses-v2-local. The SDK
 * client is loaded with the first mail: functions that never send one (most of the API) do not pay for
 * importing it.
 */
import { DeliveryRefused, MailDeferred } from '../domain/escalation/ports';
import type { Mail, Mailer } from './mail-frame';
import { hasControls, headerText } from '../domain/text';
import { isUnavailable } from './sdk-errors';
import { onFirstUse } from './sdk';

/** SES errors that a later attempt may get past; anything else (a rejected address, an unverified sender) will not. */
const TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'ThrottlingException']);

const sesV2 = onFirstUse(
  () => import('@aws-sdk/client-sesv2'),
  (sdk) => new sdk.SESv2Client({ maxAttempts: 2 }),
);

export class SesMailer implements Mailer {
  constructor(
    private readonly from: string,
    /** The SES configuration set whose event destination reports bounces and complaints (on AWS). */
    private readonly configurationSet?: string,
  ) {}

  async send(to: string, mail: Mail): Promise<void> {
    // Defence in depth: the contract refuses control characters in names, but no header we write may
    // carry a line break whatever reached the text (a stored name from before, a template's own).
    if (hasControls(to) || hasControls(this.from)) throw new DeliveryRefused('refusing an address with control characters');
    const {
      sdk: { SendEmailCommand },
      client,
    } = await sesV2();
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          ...(this.configurationSet && { ConfigurationSetName: this.configurationSet }),
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: headerText(mail.subject), Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      if (TRANSIENT.has((error as Error).name) || isUnavailable(error)) throw new MailDeferred(`mail to the recipient deferred: ${(error as Error).name}`);
      // SES answered and said no (the message rejected, the sender not verified, …): it will say so again.
      if ((error as { $metadata?: unknown }).$metadata) throw new DeliveryRefused(`SES refused the mail: ${(error as Error).name}`);
      throw error;
    }
  }
}
