/**
 * Secrets: given directly to the local stack, fetched from Secrets Manager (and cached) on AWS. The
 * Secrets Manager client is loaded with the first secret fetched, so that functions that need none
 * (the reading route, the sweep) never import it. (Powertools Parameters did the caching before; the
 * bundler hoisted its Secrets Manager import into every function's start.)
 */
import { onFirstUse } from '../adapters/sdk';
import { keyOf, type LinkKeys } from '../domain/links';
import { config } from './config';

/** Five minutes: a rotated secret takes effect everywhere within that, without a cold start. */
const SECRET_CACHE_SECONDS = 300;

const secretsManager = onFirstUse(
  () => import('@aws-sdk/client-secrets-manager'),
  (sdk) => new sdk.SecretsManagerClient({}),
);
const cache = new Map<string, { value: Promise<string>; until: number }>();

const fetchSecret = async (arn: string, what: string): Promise<string> => {
  const {
    sdk: { GetSecretValueCommand },
    client,
  } = await secretsManager();
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error(`the ${what} secret is empty`);
  return SecretString;
};

const secretValue = async (direct: string | undefined, arn: string | undefined, what: string): Promise<string> => {
  if (direct) return direct;
  if (!arn) throw new Error(`no ${what} configured`);
  const cached = cache.get(arn);
  if (cached && cached.until > Date.now()) return cached.value;
  // Concurrent callers share one fetch; a failed fetch is not kept.
  const value = fetchSecret(arn, what);
  cache.set(arn, { value, until: Date.now() + SECRET_CACHE_SECONDS * 1000 });
  value.catch(() => cache.delete(arn));
  return value;
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
