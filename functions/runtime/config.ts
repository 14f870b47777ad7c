/**
 * Configuration from the environment, each variable read once and checked when first used: a function
 * that needs a variable it lacks fails on its first request with the variable's name, and a function
 * that does not need it (the OpenAPI route has no table) is not bothered. Endpoints of AWS services are
 * not here: the SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, which is how the local stack points the
 * real clients at the emulators.
 */
const cache = new Map<string, string | undefined>();

const read = (name: string): string | undefined => {
  if (!cache.has(name)) cache.set(name, process.env[name] || undefined);
  return cache.get(name);
};

const required = (name: string): string => {
  const value = read(name);
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

export const config = {
  tableName: () => required('TABLE_NAME'),
  /** Locally the admin key itself; on AWS the ARN of the secret that holds it. */
  adminKey: () => read('ADMIN_KEY'),
  adminKeySecretArn: () => read('ADMIN_KEY_SECRET_ARN'),
  /** Link-signing keys as JSON `{"current":"k1","k1":"…"}`, locally; on AWS the secret that holds them. */
  linkKeys: () => read('LINK_KEYS'),
  linkKeysSecretArn: () => read('LINK_KEYS_SECRET_ARN'),
  /** Base URL of the API as people reach it; when unset, taken from the request. */
  publicBaseUrl: () => read('PUBLIC_BASE_URL')?.replace(/\/$/, ''),
  readingRetentionDays: () => {
    const days = Number(read('READING_RETENTION_DAYS') ?? '30');
    if (!Number.isInteger(days) || days < 1) throw new Error('READING_RETENTION_DAYS must be a whole number of days');
    return days;
  },
  senderEmail: () => required('SENDER_EMAIL'),
  stateMachineArn: () => required('STATE_MACHINE_ARN'),
  /** County-wide recipients of the daily summary (comma-separated). */
  countySummaryEmails: () => (read('COUNTY_SUMMARY_EMAILS') ?? '').split(',').map((email) => email.trim()).filter(Boolean),
};

/** For tests and the local stack, which set the environment after import. */
export const resetConfig = (): void => {
  cache.clear();
};
