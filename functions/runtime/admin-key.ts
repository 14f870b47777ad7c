/** Secrets: given directly to the local stack, fetched from Secrets Manager (and cached) on AWS. */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { LinkKeys } from '../domain/links';
import { config } from './config';

/** Five minutes: a rotated secret takes effect everywhere within that, without a cold start. */
const SECRET_CACHE_SECONDS = 300;

const secretValue = async (direct: string | undefined, arn: string | undefined, what: string): Promise<string> => {
  if (direct) return direct;
  if (!arn) throw new Error(`no ${what} configured`);
  const secret = await getSecret<string>(arn, { maxAge: SECRET_CACHE_SECONDS });
  if (!secret) throw new Error(`the ${what} secret is empty`);
  return secret;
};

export const adminKey = (): Promise<string> => secretValue(config.adminKey(), config.adminKeySecretArn(), 'admin key');

/** `{"current":"k1","k1":"…","k2":"…"}`: sign with current, accept any listed key (rotation). */
export const linkKeys = async (): Promise<LinkKeys> => {
  const parsed = JSON.parse(await secretValue(config.linkKeys(), config.linkKeysSecretArn(), 'link key')) as Record<string, string>;
  const { current, ...keys } = parsed;
  if (!current || !keys[current]) throw new Error('the link key secret names no current key');
  return { current, keys };
};
