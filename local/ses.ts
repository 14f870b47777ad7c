/** The SES v2 emulator (npm aws-ses-v2-local): its web inbox shows every mail, GET /store serves them as JSON. */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { assertPortFree } from './ports';

const start = createRequire(import.meta.url)('aws-ses-v2-local').default as (config: { host: string; port: number }) => Promise<Server>;

export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export const startSes = async (port: number) => {
  await assertPortFree(port, 'the SES emulator');
  const server = await start({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
};

/** The mails the emulator holds (tests, and `npm start`'s hint). */
export const storedMails = async (endpoint: string): Promise<StoredMail[]> =>
  ((await (await fetch(`${endpoint}/store`)).json()) as { emails: StoredMail[] }).emails;
