/**
 * What each function is given — its environment variables, the secrets it may read, and the access
 * that goes with each — in one place. The CDK stack sets every variable together with its grant from
 * this table (infra/constructs/function.ts, `CheckpointFunction.use`), and the local stack gives each
 * handler exactly these variables and only these secrets (local/stack.ts), so a function that works
 * locally has what it needs on AWS too. test/bundles/deployed-bundles.test.ts runs the deployed bundles
 * with their template's environment to prove it.
 *
 * Data only: no CDK, no SDK. Keyed by the handler file under functions/handlers; the route table's
 * handlers must all be here (a type error otherwise).
 */
import type { RouteName, routes } from './routes';

/** What a function may do to the table; any of them brings TABLE_NAME. */
export type TableAccess = 'read' | 'readWrite' | 'writeOnly';

/**
 * The secrets in Secrets Manager. A function reading one gets its ARN in `secretVariables[name]` and the
 * right to read it. `smtp` exists only when mail goes through an SMTP relay (`mailTransports`).
 */
export type SecretName = 'adminKey' | 'linkKeys' | 'smtp';

/** How mail leaves: SES v2 (the default), or an SMTP relay (`-c mailTransport=smtp`, where SES is not offered). */
export type MailTransport = 'ses' | 'smtp';

/**
 * Plain settings, no grant: `-c` context values on AWS, the local stack's own environment locally.
 * `optional` ones are set only when configured (the code has a default: functions/domain/limits.ts).
 */
export const settings = {
  PUBLIC_BASE_URL: { optional: false, meaning: 'where links in mail point: the API URL' },
  COUNTY_SUMMARY_EMAILS: { optional: true, meaning: 'county-wide recipients of the daily summary' },
  FORM_ORIGINS: { optional: true, meaning: 'origins of forms served elsewhere (CORS)' },
  READINGS_PER_MINUTE: { optional: true, meaning: "readings a form token may post per minute" },
  READING_RETENTION_DAYS: { optional: true, meaning: 'days a reading is kept (TTL)' },
  GROUP_THRESHOLD: { optional: true, meaning: 'escalations of one community in one sweep from which notices are grouped' },
  NOTICES_PER_HOUR: { optional: true, meaning: 'notices per recipient per hour before the digest' },
} as const;
export type Setting = keyof typeof settings;

export interface FunctionEnv {
  /** TABLE_NAME, and this access to the table. */
  table?: TableAccess;
  /** `<NAME>_SECRET_ARN` on AWS (the value itself locally), and secretsmanager:GetSecretValue on exactly that secret. */
  secrets?: readonly SecretName[];
  /** What the stack's mail transport needs to send (`mailTransports`), with its grant. */
  mail?: boolean;
  /** The function exists only with this mail transport (SES's bounce events have no counterpart on a relay). */
  onlyWithMail?: MailTransport;
  /** STATE_MACHINE_ARN, and states:StartExecution on the escalation flow. */
  flows?: boolean;
  settings?: readonly Setting[];
  /**
   * What the function runs in, where its work is more than a request's: its timeout (a route's under API
   * Gateway's 30 s integration limit: a function still running then has already been answered 503), and
   * its memory (more memory is more CPU). The stack deploys it (infra/constructs/function.ts) and the
   * local stack cuts each invocation at it (local/lambda.ts): read it through `runtimeOf`. @default DEFAULT_RUNTIME
   */
  runtime?: FunctionRuntime;
}

export interface FunctionRuntime {
  timeoutSeconds: number;
  memoryMB: number;
}
/** A function's timeout and memory unless its entry says otherwise: a request's work. */
export const DEFAULT_RUNTIME: FunctionRuntime = { timeoutSeconds: 10, memoryMB: 512 };

/** The variable that names a secret on AWS (its ARN), and the one that holds its value locally. */
export const secretVariables = {
  adminKey: { arn: 'ADMIN_KEY_SECRET_ARN', local: 'ADMIN_KEY' },
  linkKeys: { arn: 'LINK_KEYS_SECRET_ARN', local: 'LINK_KEYS' },
  /** JSON `{"host","port","secure","user","password","from"}`. */
  smtp: { arn: 'SMTP_RELAY_SECRET_ARN', local: 'SMTP_RELAY' },
} as const satisfies Record<SecretName, { arn: string; local: string }>;

export const TABLE_VARIABLE = 'TABLE_NAME';
/**
 * Every function's X-Ray switch: 'false' where tracing is off (`-c tracing=false`, and the local stack,
 * which has no X-Ray daemon). Powertools reads it, and functions/runtime/observability.ts loads the
 * tracer (the X-Ray SDK) only when it is not 'false'.
 */
export const TRACING_VARIABLE = 'POWERTOOLS_TRACE_ENABLED';
export const MAIL_VARIABLES = { transport: 'MAIL_TRANSPORT', sender: 'SENDER_EMAIL', configurationSet: 'MAIL_CONFIGURATION_SET' } as const;
/**
 * What `mail: true` gives a function, by transport. SES: the sender and the configuration set, with
 * ses:SendEmail from that identity with that set. SMTP: MAIL_TRANSPORT=smtp and the relay's secret (its
 * From included), with the right to read it — and nothing of SES.
 */
export const mailTransports = {
  ses: { variables: [MAIL_VARIABLES.sender, MAIL_VARIABLES.configurationSet], secrets: [] },
  smtp: { variables: [MAIL_VARIABLES.transport], secrets: ['smtp'] },
} as const satisfies Record<MailTransport, { variables: readonly string[]; secrets: readonly SecretName[] }>;
export const FLOWS_VARIABLE = 'STATE_MACHINE_ARN';

type RouteHandler = (typeof routes)[RouteName]['handler'];
/** Functions not behind the API: the schedules', the flow's and SES's events'. */
type TaskFunction = 'sweep' | 'escalation-flow' | 'notice-sender' | 'daily-summary' | 'mail-events';
export type FunctionName = RouteHandler | TaskFunction;

const admin = ['adminKey'] as const;

/**
 * The functions that look community operator keys up, by their id, in the table: those serving a route
 * that takes them (`operators: 'scoped'` in the route table), and the board (its sign-in, and the
 * pass of an operator checked against its key on every view). Each must read the table: a type error
 * below otherwise, so the grant follows from the route table here, not from memory.
 */
type OperatorKeyReader = { [N in RouteName]: (typeof routes)[N] extends { operators: 'scoped' } ? (typeof routes)[N]['handler'] : never }[RouteName] | 'board';

export const functionEnv = {
  // Admin routes check the bearer against the admin key.
  'put-community': { table: 'readWrite', secrets: admin },
  'list-communities': { table: 'read', secrets: admin },
  // A checkpoint's form token is derived from the link keys.
  'put-checkpoint': { table: 'readWrite', secrets: ['adminKey', 'linkKeys'] },
  'list-checkpoints': { table: 'read', secrets: admin },
  'get-checkpoint': { table: 'read', secrets: admin },
  'rotate-token': { table: 'readWrite', secrets: ['adminKey', 'linkKeys'] },
  'list-readings': { table: 'read', secrets: admin },
  // Histories read the day counters of their days, never the readings.
  'checkpoint-history': { table: 'read', secrets: admin },
  'community-history': { table: 'read', secrets: admin },
  // A reading with a fever opens (or joins) the gate's fever alert in its own write, and starts the new alert's flow.
  'post-reading': { table: 'readWrite', flows: true, settings: ['FORM_ORIGINS', 'READINGS_PER_MINUTE', 'READING_RETENTION_DAYS'] },
  'list-escalations': { table: 'read', secrets: admin },
  'get-escalation': { table: 'read', secrets: admin },
  // Acknowledging writes, with the acknowledgement and its audit entry, the rows that tell the others
  // notified who took it (the one sender sends them): it sends nothing itself, so no mail.
  'ack-escalation': { table: 'readWrite', secrets: admin },
  'ack-page': { table: 'read', secrets: ['linkKeys'] },
  'ack-link': { table: 'readWrite', secrets: ['linkKeys'] },
  // A fever alert's link: the page reads; handling writes the alert, its audit entry and the 【已处置】 rows
  // in one transaction (the sender sends them), so no mail.
  'fever-page': { table: 'read', secrets: ['linkKeys'] },
  'fever-handle': { table: 'readWrite', secrets: ['linkKeys'] },
  // A summary's messages carry signed links to its files, which summary-file checks: the link keys, no admin key.
  // It writes them as notice rows; the sender mails them.
  'build-summary': { table: 'readWrite', secrets: ['adminKey', 'linkKeys'], settings: ['COUNTY_SUMMARY_EMAILS'] },
  'get-summary': { table: 'read', secrets: admin },
  'summary-file': { table: 'read', secrets: ['linkKeys'] },
  'form-page': {},
  'form-status': { table: 'read', settings: ['FORM_ORIGINS'] },
  // Sign-in compares the admin key (or looks an operator key up) and signs the board pass with the link keys (the pass is checked with them too).
  board: { table: 'read', secrets: ['adminKey', 'linkKeys'] },
  'gate-sheet': { table: 'read', secrets: ['adminKey', 'linkKeys'] },
  // Operator keys: the county admin issues, lists and revokes them; only their hashes are stored.
  // Spreadsheets: the template is static (table read for operator keys only); an import reads what is
  // stored and writes through PUT's own use case (a new checkpoint's form token is derived from the link
  // keys), 32 rows at a time. On the local stack 2,000 rows are checked in about 1 s and applied in
  // about 10 s (bench/imports.ts), DynamoDB Local being far slower than DynamoDB: 29 s, just under API
  // Gateway's 30 s, and a full vCPU (1,769 MB) for exceljs leave a wide margin.
  'import-template': { table: 'read', secrets: admin },
  'import-checkpoints': { table: 'readWrite', secrets: ['adminKey', 'linkKeys'], runtime: { timeoutSeconds: 29, memoryMB: 1769 } },
  'export-checkpoints': { table: 'read', secrets: admin, runtime: { timeoutSeconds: 29, memoryMB: 1769 } },
  'create-operator-key': { table: 'readWrite', secrets: admin },
  'list-operator-keys': { table: 'read', secrets: admin },
  'delete-operator-key': { table: 'readWrite', secrets: admin },
  // The audit trail: written by each change's own function in its transaction, only read here.
  'list-audit': { table: 'read', secrets: admin },
  openapi: {},
  // The console (functions/console-routes.ts). Its pass is signed and checked with the link keys, and an
  // operator's key is looked up in the table on every request; only the pages' function, which signs
  // people in, compares the admin key. The pages read (the audit trail and the operator keys among
  // them); saving writes registrations (new ones too), deriving a new checkpoint's form token, and
  // issues and revokes operator keys; acknowledging writes the rows that tell the others notified; the import and the
  // files run as the API's import and export do (exceljs, county-sized files).
  console: { table: 'read', secrets: ['adminKey', 'linkKeys'] },
  'console-save': { table: 'readWrite', secrets: ['linkKeys'] },
  'console-ack': { table: 'readWrite', secrets: ['linkKeys'] },
  'console-import': { table: 'readWrite', secrets: ['linkKeys'], runtime: { timeoutSeconds: 29, memoryMB: 1769 } },
  'console-files': { table: 'read', secrets: ['linkKeys'], runtime: { timeoutSeconds: 29, memoryMB: 1769 } },
  // The sweep ends what reported or was paused (writing the rows that tell of it), opens escalations
  // (alert groups) and starts their flows; it sends nothing. It runs every minute: 55 s lets a long one
  // end before the next begins.
  sweep: { table: 'readWrite', flows: true, settings: ['GROUP_THRESHOLD'], runtime: { timeoutSeconds: 55, memoryMB: 512 } },
  // The flow's Step signs acknowledge links into the level rows it writes with the level; it reads and
  // writes the table only (one transaction a level), and sends nothing.
  'escalation-flow': { table: 'readWrite', secrets: ['linkKeys'], settings: ['PUBLIC_BASE_URL'], runtime: { timeoutSeconds: 30, memoryMB: 512 } },
  // The one sender (functions/domain/delivery/sender.ts): it reads and settles notice rows, and sends by mail and to the channels.
  'notice-sender': { table: 'readWrite', mail: true, settings: ['NOTICES_PER_HOUR'], runtime: { timeoutSeconds: 30, memoryMB: 512 } },
  // A county's day, read and written as notice rows in one run (the sender mails them).
  'daily-summary': { table: 'readWrite', secrets: ['linkKeys'], settings: ['PUBLIC_BASE_URL', 'COUNTY_SUMMARY_EMAILS'], runtime: { timeoutSeconds: 300, memoryMB: 1024 } },
  // Bounces and complaints only mark addresses.
  'mail-events': { table: 'writeOnly', onlyWithMail: 'ses' },
} as const satisfies Record<FunctionName, FunctionEnv> & Record<OperatorKeyReader, { table: 'read' | 'readWrite' }>;

/** A function's timeout and memory, as deployed and as the local stack runs it. */
export const runtimeOf = (name: FunctionName): FunctionRuntime => (functionEnv[name] as FunctionEnv).runtime ?? DEFAULT_RUNTIME;

/** Every variable a function may be given (optional settings included), by the table above. */
export const variablesOf = (env: FunctionEnv, transport: MailTransport = 'ses'): string[] => [
  ...(env.table ? [TABLE_VARIABLE] : []),
  ...(env.secrets ?? []).map((secret) => secretVariables[secret].arn),
  ...(env.mail ? [...mailTransports[transport].variables, ...mailTransports[transport].secrets.map((secret) => secretVariables[secret].arn)] : []),
  ...(env.flows ? [FLOWS_VARIABLE] : []),
  ...(env.settings ?? []),
];
