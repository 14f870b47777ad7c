/**
 * A local SMTP relay (npm smtp-server) for `npm start -- --mail=smtp`, as a provider's relay stands on
 * AWS: it asks for a login, takes each mail, and keeps it readable — parsed by mailparser — as JSON at
 * `GET /store` on its inbox port (the SES emulator's /store, in the same spirit). Plain SMTP without
 * STARTTLS: it listens on 127.0.0.1 only, and the SMTP mailer sends in the clear only to loopback.
 */
import { createServer, type Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { assertPortFree } from './ports';

export interface RelayedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  at: number;
}

/** What the relay answers to a recipient, for tests: a reply code and text, or nothing to accept it. */
export type RecipientAnswer = (address: string) => { code: number; message: string } | undefined;

export interface SmtpRelayOptions {
  port: number;
  /** The HTTP port of its inbox (`/store`). */
  inboxPort: number;
  user: string;
  password: string;
  onRecipient?: RecipientAnswer;
}

export interface SmtpRelay {
  host: string;
  port: number;
  /** `http://127.0.0.1:<inboxPort>`: GET /store → `{ mails: RelayedMail[] }`. */
  inbox: string;
  mails(): RelayedMail[];
  stop(): Promise<void>;
}

export const startSmtpRelay = async (options: SmtpRelayOptions): Promise<SmtpRelay> => {
  await assertPortFree(options.port, 'the SMTP relay');
  await assertPortFree(options.inboxPort, "the SMTP relay's inbox");
  const mails: RelayedMail[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    // Every client is 127.0.0.1: a reverse lookup would tell nothing. (smtp-server still waits 100 ms
    // before its greeting, to catch early talkers: most of a mail's time on this relay.)
    disableReverseLookup: true,
    allowInsecureAuth: true,
    logger: false,
    size: 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const answer = options.onRecipient?.(address.address);
      if (answer) return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            at: Date.now(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.port, '127.0.0.1', () => resolve());
  });
  smtp.on('error', (error) => console.error('[smtp relay]', error.message));
  const inbox: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/store') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return response.end(JSON.stringify({ mails }));
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /store');
  });
  await new Promise<void>((resolve) => inbox.listen(options.inboxPort, '127.0.0.1', () => resolve()));
  return {
    host: '127.0.0.1',
    port: options.port,
    inbox: `http://127.0.0.1:${options.inboxPort}`,
    mails: () => [...mails],
    stop: async () => {
      inbox.closeAllConnections();
      await new Promise<void>((resolve) => inbox.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
};

/** The mails a relay's inbox holds (tests, and what `npm start` points at). */
export const relayedMails = async (inbox: string): Promise<RelayedMail[]> => ((await (await fetch(`${inbox}/store`)).json()) as { mails: RelayedMail[] }).mails;
