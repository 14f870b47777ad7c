/**
 * The function's secrets, as its environment names them (functions/function-env.ts): given directly to
 * the local stack, read from Secrets Manager on AWS (functions/adapters/secrets.ts, cached there).
 */
import { secretString } from '../adapters/secrets';
import { keyOf, type LinkKeys } from '../domain/links';
import { config } from './config';

const secretValue = async (direct: string | undefined, arn: string | undefined, what: string): Promise<string> => {
  if (direct) return direct;
  if (!arn) throw new Error(`no ${what} configured`);
  return secretString(arn, what);
};

export const adminKey = (): Promise<string> => secretValue(config.adminKey(), config.adminKeySecretArn(), 'admin key');

/** The SMTP relay's settings as JSON (functions/adapters/smtp-mailer.ts reads them). */
export const smtpRelaySecret = (): Promise<string> => secretValue(config.smtpRelay(), config.smtpRelaySecretArn(), 'SMTP relay');

/** `{"current":"k1","k1":"…","k2":"…"}`: sign with current, accept any listed key (rotation). */
export const linkKeys = async (): Promise<LinkKeys> => {
  const parsed = JSON.parse(await secretValue(config.linkKeys(), config.linkKeysSecretArn(), 'link key')) as Record<string, string>;
  const { current, ...keys } = parsed;
  const linkKeys = { current: current ?? '', keys };
  if (!keyOf(linkKeys, linkKeys.current)) throw new Error('the link key secret names no current key');
  return linkKeys;
};
