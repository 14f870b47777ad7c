/**
 * `npm start`: the whole system locally, in the foreground until Ctrl-C.
 *   --memory    keep data in memory only (a throwaway run)
 *   --no-seed   do not seed the demo county
 *   --sweep-seconds N   how often the sweep looks for overdue checkpoints (5; on AWS every minute)
 *   --due-run-seconds N how often the sender's minute run sends rows whose wait is over (as the sweep's; on AWS every minute)
 *   --mail=smtp  mail through a local SMTP relay instead of the SES emulator (or MAIL_TRANSPORT=smtp)
 * Environment: PORT (3000), DYNAMODB_PORT (8000), SES_PORT (8005), SFN_PORT (8083),
 * CHAT_PORT (8006, the local chat receiver), SMTP_PORT (8025) and SMTP_INBOX_PORT (8026) with --mail=smtp,
 * ADMIN_KEY (generated once, kept in .local/).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WECOM_PATH } from '../functions/channels/wecom';
import { startLocalStack, type LocalStack } from './stack';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    'sweep-seconds': { type: 'string', default: '5' },
    'due-run-seconds': { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    mail: { type: 'string', default: process.env.MAIL_TRANSPORT ?? 'ses' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm start [-- --memory] [-- --no-seed] [-- --sweep-seconds 5] [-- --due-run-seconds 5] [-- --mail=smtp]\nEnvironment: PORT (3000), DYNAMODB_PORT (8000), SES_PORT (8005), CHAT_PORT (8006), SFN_PORT (8083), SMTP_PORT (8025), SMTP_INBOX_PORT (8026), ADMIN_KEY');
  process.exit(0);
}
if (values.mail !== 'ses' && values.mail !== 'smtp') {
  console.error(`--mail must be ses or smtp, not ${values.mail}`);
  process.exit(2);
}

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a port number, not ${process.env[name]}`);
    process.exit(2);
  }
  return value;
};

const intervalSeconds = (option: string, what: string, text: string): number => {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    console.error(`--${option} must be a number of seconds (0 turns ${what} off), not ${text}`);
    process.exit(2);
  }
  return seconds;
};
const sweepSeconds = intervalSeconds('sweep-seconds', 'the sweep', values['sweep-seconds']);
const dueRunSeconds = values['due-run-seconds'] === undefined ? sweepSeconds : intervalSeconds('due-run-seconds', "the sender's minute run", values['due-run-seconds']);
const every = (seconds: number) => (seconds > 0 ? `every ${seconds} s` : 'off');

const stateDir = join(process.cwd(), '.local');
const started = Date.now();

let stack: LocalStack | undefined;
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stack?.stop();
  process.exit(code);
};

try {
  stack = await startLocalStack({
    port: port('PORT', 3000),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    sesPort: port('SES_PORT', 8005),
    sfnPort: port('SFN_PORT', 8083),
    chatPort: port('CHAT_PORT', 8006),
    sweepSeconds,
    dueRunSeconds,
    ...(values.mail === 'smtp' && { smtp: { port: port('SMTP_PORT', 8025), inboxPort: port('SMTP_INBOX_PORT', 8026) } }),
    ...(!values.memory && { dataDir: join(stateDir, 'dynamodb') }),
    stateDir,
    ...(process.env.ADMIN_KEY && { adminKey: process.env.ADMIN_KEY }),
    seed: !values['no-seed'],
    logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // DynamoDB Local dying on its own must not leave the API answering 503 until someone notices.
    dynamoSupervision: {
      restarted: (message) => console.log(`[dynamodb] ${message}`),
      lost: (message) => {
        console.error(`[dynamodb] ${message}\ncheckpoint-watch is stopping; run npm start again.`);
        void shutdown(1);
      },
    },
  });
  const lines = [
    '',
    `checkpoint-watch is running locally (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    '',
    `  API            ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/openapi.json)`,
    `  Console        ${stack.apiUrl}/admin   (sign in with the admin key below, or a community's operator key)`,
    `  Admin key      ${stack.adminKey}`,
    `  Board          ${stack.apiUrl}/board   (every checkpoint's state; the console's sign-in opens it too)`,
    `  DynamoDB Local ${stack.dynamoEndpoint}   (${values.memory ? 'in memory' : 'data in .local/dynamodb'})`,
    stack.mailTransport === 'smtp'
      ? `  Mail inbox     ${stack.mailInbox}/store   (SMTP relay on port ${port('SMTP_PORT', 8025)}: every notice and summary it takes, as JSON; SES is not used)`
      : `  Mail inbox     ${stack.mailInbox}   (every notice and summary lands here; JSON at /store)`,
    `  Chat inbox     ${stack.chatInbox}   (the WeCom/DingTalk/Feishu/webhook stand-in: every group message; JSON at /store)`,
    `                 a group robot address for a community of your own: ${stack.chatInbox}${WECOM_PATH}?key=<any name> (企业微信)`,
    `  Sweep          ${every(sweepSeconds)}${stack.resumed > 0 ? `; ${stack.resumed} open escalation(s) resumed` : ''}`,
    `  Sender         woken by the table's stream (local/streams.ts, as Lambda's event source mapping); its minute run ${every(dueRunSeconds)}`,
    '',
    ...(stack.forms.length > 0
      ? ['  Demo forms (the token is also the Bearer for POST /checkpoints/{id}/readings):', ...stack.forms.slice(0, 4).map((form) => `    ${form.name}\n      ${form.formUrl}`)]
      : ['  (no demo forms remembered; rotate a token with POST /checkpoints/{id}/rotate-token)']),
    '',
    '  Try:',
    `    curl -H 'authorization: Bearer ${stack.adminKey}' ${stack.apiUrl}/checkpoints?communityId=yuyue`,
    '',
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));
  const stopOnSignal = () => {
    if (!stopping) console.log('\nstopping…');
    void shutdown(0);
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
} catch (error) {
  console.error(`checkpoint-watch could not start: ${(error as Error).message}`);
  process.exit(1);
}
