/**
 * Mail through an SMTP relay (`-c mailTransport=smtp`: regions where SES is not offered), with
 * nodemailer's SMTP client. The relay — host, port, TLS, login and the From address — is the SMTP
 * secret, read through the secrets loader: a password changed in Secrets Manager takes effect within its
 * five-minute cache. nodemailer is imported with the first mail, and bundled only into the functions
 * that mail over SMTP (infra/constructs/function.ts).
 *
 * The message is framed here rather than by nodemailer's composer, which would add about 140 KB (a MIME
 * type table among it) to every function that mails: a notice is always one shape, UTF-8 text and HTML
 * as multipart/alternative, each base64 in 76-character lines.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DeliveryRefused, MailDeferred } from '../domain/escalation/ports';
import type { Mail, Mailer } from './mail-frame';
import { hasControls, headerText } from '../domain/text';
import { isUnavailable } from './sdk-errors';

/** The SMTP secret. */
export interface SmtpRelay {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS, required except to a relay on loopback. */
  secure: boolean;
  /** No login when empty (a relay that trusts the network it is on). */
  user?: string;
  password?: string;
  /** `alerts@county.example` or `县防控办 <alerts@county.example>`. */
  from: string;
}

/**
 * The fields of the secret that are missing or of the wrong kind. Checked by hand: zod would add about
 * 20 KB to the functions that mail but take no request (the sweep, the flow, the daily summary).
 */
const wrongFields = (relay: Record<string, unknown>): string[] => [
  ...(typeof relay.host === 'string' && relay.host ? [] : ['host']),
  ...(Number.isInteger(relay.port) && (relay.port as number) >= 1 && (relay.port as number) <= 65535 ? [] : ['port']),
  ...(typeof relay.secure === 'boolean' ? [] : ['secure']),
  ...(relay.user === undefined || typeof relay.user === 'string' ? [] : ['user']),
  ...(relay.password === undefined || typeof relay.password === 'string' ? [] : ['password']),
  ...(typeof relay.from === 'string' && relay.from.includes('@') ? [] : ['from']),
];

/**
 * A relay that did not take the mail now but may later: it could not be reached or timed out, answered
 * 4xx, or refused our login or TLS (the relay's configuration, not the recipient: the mail waits in the
 * outbox until county IT fixes the secret). Anything else a 5xx reply means is final for this mail.
 */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'EPROTOCOL']);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

const deferredOrFinal = (error: unknown): Error => {
  const { code, responseCode } = error as SmtpError;
  const message = (error as Error).message;
  if (responseCode !== undefined && responseCode >= 500 && code !== 'EAUTH') return new DeliveryRefused(`the SMTP relay refused the mail: ${message}`);
  if ((responseCode !== undefined && responseCode >= 400) || (code !== undefined && TRANSIENT_CODES.has(code)) || isUnavailable(error)) {
    return new MailDeferred(`mail to the recipient deferred: ${message}`);
  }
  return error as Error;
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export class SmtpMailer implements Mailer {
  /** `relay` gives the relay's settings as JSON (the SMTP secret). */
  constructor(private readonly relay: () => Promise<string>) {}

  async send(to: string, mail: Mail): Promise<void> {
    // As for SES: no header we write may carry a line break, whatever reached the text.
    if (hasControls(to)) throw new DeliveryRefused('refusing an address with control characters');
    const relay = await this.settings();
    const from = senderOf(relay.from);
    const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
    const connection = new SMTPConnection({
      host: relay.host,
      port: relay.port,
      secure: relay.secure,
      // Credentials and notices never cross a network in the clear; the local relay is on loopback.
      requireTLS: !relay.secure && !LOOPBACK.test(relay.host),
      // Well inside a function's timeout: a relay that hangs defers the mail rather than the task.
      connectionTimeout: 4000,
      greetingTimeout: 4000,
      socketTimeout: 8000,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (error?: unknown) => {
          if (settled) return;
          settled = true;
          if (error) reject(error);
          else resolve();
        };
        connection.on('error', settle);
        connection.on('end', () => settle(Object.assign(new Error('the relay closed the connection'), { code: 'ECONNECTION' })));
        connection.connect(() => {
          const send = () =>
            connection.send({ from: from.address, to: [to] }, message(from, to, mail), (error) => {
              if (error) return settle(error);
              settle();
              connection.quit();
            });
          if (!relay.user) return send();
          connection.login({ user: relay.user, pass: relay.password ?? '' }, (error) => (error ? settle(error) : send()));
        });
      });
    } catch (error) {
      connection.close();
      throw deferredOrFinal(error);
    }
  }

  private async settings(): Promise<SmtpRelay> {
    let text: string;
    try {
      text = await this.relay();
    } catch (error) {
      if (isUnavailable(error)) throw new MailDeferred(`mail deferred: the SMTP relay secret could not be read (${(error as Error).name})`);
      throw error;
    }
    // Deferred, not failed: the notices wait in the outbox while the secret is put right.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new MailDeferred('mail deferred: the SMTP relay secret is not JSON');
    }
    if (!json || typeof json !== 'object') throw new MailDeferred('mail deferred: the SMTP relay secret is not a JSON object');
    const wrong = wrongFields(json as Record<string, unknown>);
    if (wrong.length > 0) throw new MailDeferred(`mail deferred: the SMTP relay secret lacks a valid ${wrong.join(', ')}`);
    return json as SmtpRelay;
  }
}

/** The envelope's address and the From header's text, from `a@x` or `Name <a@x>`. */
const senderOf = (from: string): { address: string; header: string } => {
  if (hasControls(from)) throw new MailDeferred('mail deferred: the SMTP relay secret has a From with control characters');
  const named = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (!named) return { address: from.trim(), header: from.trim() };
  const [, name, address] = named as unknown as [string, string, string];
  return { address, header: name ? `${encodedWords(name)} <${address}>` : address };
};

/** RFC 2047 encoded words of at most 75 characters each, never splitting a character's UTF-8 bytes. */
export const encodedWords = (text: string): string => {
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (Buffer.byteLength(chunk + character, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
};

const base64Lines = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** The whole message, CRLF line ends, every line under 78 characters but the From and To. */
export const message = (from: { address: string; header: string }, to: string, mail: Mail, now = new Date()): string => {
  const boundary = `cw-${randomBytes(12).toString('hex')}`;
  const domain = from.address.split('@')[1] ?? 'checkpoint-watch';
  return [
    `From: ${from.header}`,
    `To: ${to}`,
    `Subject: ${encodedWords(headerText(mail.subject))}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
};
