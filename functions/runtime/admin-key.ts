/** The admin key: given directly to the local stack, fetched from Secrets Manager (and cached) on AWS. */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { config } from './config';

/** Five minutes: a rotated key takes effect everywhere within that, without a cold start. */
const SECRET_CACHE_SECONDS = 300;

export const adminKey = async (): Promise<string> => {
  const { adminKey: direct, adminKeySecretArn } = config();
  if (direct) return direct;
  const secret = await getSecret<string>(adminKeySecretArn!, { maxAge: SECRET_CACHE_SECONDS });
  if (!secret) throw new Error('the admin key secret is empty');
  return secret;
};
