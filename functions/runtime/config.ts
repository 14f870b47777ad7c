/**
 * Configuration, read from the environment once and checked at first use: a missing variable fails the
 * function at start rather than midway through a request. Endpoints of AWS services are not here: the
 * SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, which is how the local stack points at the emulators.
 */
export interface Config {
  tableName: string;
  /** Locally the admin key itself; on AWS the ARN of the secret that holds it. */
  adminKey?: string;
  adminKeySecretArn?: string;
  /** Base URL of the API as people reach it; when unset, taken from the request. */
  publicBaseUrl?: string;
  readingRetentionDays: number;
}

let loaded: Config | undefined;

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export const loadConfig = (env: NodeJS.ProcessEnv): Config => {
  const adminKey = env.ADMIN_KEY;
  const adminKeySecretArn = env.ADMIN_KEY_SECRET_ARN;
  if (!adminKey && !adminKeySecretArn) throw new Error('set ADMIN_KEY (locally) or ADMIN_KEY_SECRET_ARN (on AWS)');
  const retention = Number(env.READING_RETENTION_DAYS ?? '30');
  if (!Number.isInteger(retention) || retention < 1) throw new Error('READING_RETENTION_DAYS must be a whole number of days');
  return {
    tableName: required(env, 'TABLE_NAME'),
    ...(adminKey && { adminKey }),
    ...(adminKeySecretArn && { adminKeySecretArn }),
    ...(env.PUBLIC_BASE_URL && { publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, '') }),
    readingRetentionDays: retention,
  };
};

export const config = (): Config => (loaded ??= loadConfig(process.env));

/** For tests and the local stack, which set the environment after import. */
export const resetConfig = (): void => {
  loaded = undefined;
};
