/**
 * Secrets Manager, behind one call: a secret's string by its ARN, cached five minutes and fetched once
 * for concurrent callers. The client is loaded with the first secret fetched, so that functions that
 * need none (the reading route, the sweep) never import it. (Powertools Parameters did the caching
 * before; the bundler hoisted its Secrets Manager import into every function's start.)
 */
import { onFirstUse } from './sdk';

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

/** The secret's string; `what` names it in errors (`the admin key secret is empty`). */
export const secretString = (arn: string, what: string): Promise<string> => {
  const cached = cache.get(arn);
  if (cached && cached.until > Date.now()) return cached.value;
  // Concurrent callers share one fetch; a failed fetch is not kept.
  const value = fetchSecret(arn, what);
  cache.set(arn, { value, until: Date.now() + SECRET_CACHE_SECONDS * 1000 });
  value.catch(() => cache.delete(arn));
  return value;
};
