/**
 * Configuration from the environment, each variable read once and checked when first used: a function
 * that needs a variable it lacks fails on its first request with the variable's name, and a function
 * that does not need it (the OpenAPI route has no table) is not bothered. Endpoints of AWS services are
 * not here: the SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, which is how the local stack points the
 * real clients at the emulators.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_GROUP_THRESHOLD, DEFAULT_NOTICES_PER_HOUR, DEFAULT_READINGS_PER_MINUTE } from '../domain/limits';

type Environment = Record<string, string | undefined>;

/**
 * The local stack runs every function in one process, so it runs each invocation inside that
 * function's own environment (functions/function-env.ts): a handler there sees what its deployed
 * function is given, no more. On Lambda nothing sets it and process.env is the function's.
 */
const functionEnvironment = new AsyncLocalStorage<Environment>();

export const runInEnvironment = <T>(environment: Environment, run: () => T): T => functionEnvironment.run(environment, run);

let caches = new WeakMap<Environment, Map<string, string | undefined>>();

const read = (name: string): string | undefined => {
  const environment = functionEnvironment.getStore() ?? process.env;
  let cache = caches.get(environment);
  if (!cache) caches.set(environment, (cache = new Map()));
  if (!cache.has(name)) cache.set(name, environment[name] || undefined);
  return cache.get(name);
};

const required = (name: string): string => {
  const value = read(name);
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

const wholeNumber = (name: string, fallback: number): number => {
  const value = Number(read(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
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
  readingRetentionDays: () => wholeNumber('READING_RETENTION_DAYS', 30),
  /** Origins (scheme://host[:port]) of forms served elsewhere that may call the form routes from a browser. */
  formOrigins: () => (read('FORM_ORIGINS') ?? '').split(',').map((origin) => origin.trim().replace(/\/$/, '')).filter(Boolean),
  /** Readings one checkpoint's form token may post per minute (429 beyond). */
  readingsPerMinute: () => wholeNumber('READINGS_PER_MINUTE', DEFAULT_READINGS_PER_MINUTE),
  /** Notices one recipient is sent per clock hour; the rest go out in one digest when the hour ends. */
  noticesPerHour: () => wholeNumber('NOTICES_PER_HOUR', DEFAULT_NOTICES_PER_HOUR),
  /** Escalations of one community opened by one sweep from which their notices are grouped. */
  groupThreshold: () => wholeNumber('GROUP_THRESHOLD', DEFAULT_GROUP_THRESHOLD),
  /** `smtp` sends through the relay in the SMTP secret; SES otherwise (the variable is set only for SMTP). */
  mailTransport: (): 'ses' | 'smtp' => {
    const transport = read('MAIL_TRANSPORT') ?? 'ses';
    if (transport !== 'ses' && transport !== 'smtp') throw new Error(`MAIL_TRANSPORT must be ses or smtp, not ${transport}`);
    return transport;
  },
  /** Locally the SMTP relay's settings as JSON; on AWS the secret that holds them. */
  smtpRelay: () => read('SMTP_RELAY'),
  smtpRelaySecretArn: () => read('SMTP_RELAY_SECRET_ARN'),
  senderEmail: () => required('SENDER_EMAIL'),
  /** The SES configuration set that publishes bounces and complaints (set on AWS; absent locally). */
  mailConfigurationSet: () => read('MAIL_CONFIGURATION_SET'),
  stateMachineArn: () => required('STATE_MACHINE_ARN'),
  /** County-wide recipients of the daily summary (comma-separated). */
  countySummaryEmails: () => (read('COUNTY_SUMMARY_EMAILS') ?? '').split(',').map((email) => email.trim()).filter(Boolean),
};

/** For tests and the local stack, which set the environment after import. */
export const resetConfig = (): void => {
  caches = new WeakMap();
};

/**
 * The local stack's own switch, beside the SDK endpoints it points at the emulators (a runtime setting,
 * not a function's: CDK never sets it): channel URLs may then be http://127.0.0.1:<port>/, the local
 * chat receiver.
 */
export const channelRules = () => ({ allowLocal: process.env.CHANNELS_ALLOW_LOCAL === '1' });
