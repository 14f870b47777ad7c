/**
 * What a failed SES SendEmail means for a notice, as the Notifier port states it: SES saying no to the
 * mail for good (the message rejected, the sender's domain not verified) is DeliveryRefused; throttling
 * and an unreachable service are DeliveryDeferred; anything else — access denied, bad credentials, an
 * account paused — is a fault that can be put right, so it is neither, and the notice is tried again.
 * Every error the SDK throws carries `$metadata`, so that is no sign of a refusal.
 */
import { describe, expect, it } from 'vitest';
import { sesFailure } from '../../functions/adapters/mailer';
import { DeliveryDeferred, DeliveryRefused } from '../../functions/domain/escalation';

const sdkError = (name: string, status: number) => Object.assign(new Error(`${name} from SES`), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, attempts: 2 } });

describe('a failed SendEmail', () => {
  it.each(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException'])('%s is refused for good', (name) => {
    expect(sesFailure(sdkError(name, 400))).toBeInstanceOf(DeliveryRefused);
  });

  it.each([
    ['TooManyRequestsException', 429],
    ['ThrottlingException', 400],
    ['SendingPausedException', 400],
    ['InternalFailure', 500],
  ] as const)('%s is deferred', (name, status) => {
    expect(sesFailure(sdkError(name, status))).toBeInstanceOf(DeliveryDeferred);
  });

  it.each([
    ['AccessDeniedException', 403],
    ['UnrecognizedClientException', 400],
    ['AccountSuspendedException', 400],
    ['NotFoundException', 404],
  ] as const)('%s is a fault to try again: neither refused nor deferred', (name, status) => {
    const failure = sesFailure(sdkError(name, status));
    expect(failure).not.toBeInstanceOf(DeliveryRefused);
    expect(failure).not.toBeInstanceOf(DeliveryDeferred);
  });
});
