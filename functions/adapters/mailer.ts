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

/** SES errors that a later attempt may get past. */
const TRANSIENT = new Set(['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'ThrottlingException']);
/**
 * SES saying no to this mail for good: the message or an address rejected, the sender's domain not
 * verified, a request it will never take. Anything else — access denied, credentials, an account
 * paused — is a fault of ours that can be put right: the notice is tried again and waits in the outbox.
 */
const REFUSED = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException']);

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
      throw sesFailure(error);
    }
  }
}

/** What a failed SendEmail means for the notice: deferred, refused for good, or a fault to try again. */
export const sesFailure = (error: unknown): Error => {
  const { name } = error as Error;
  if (TRANSIENT.has(name) || isUnavailable(error)) return new MailDeferred(`mail to the recipient deferred: ${name}`);
  if (REFUSED.has(name)) return new DeliveryRefused(`SES refused the mail: ${name}`);
  return error as Error;
};
