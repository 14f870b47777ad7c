/** Starts `tsx local/main.ts` — what `npm start` runs — on free ports, and waits for its banner. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports';

export interface StartedStack {
  apiUrl: string;
  sesUrl: string;
  /** The local chat receiver (its inbox JSON at /store). */
  chatUrl: string;
  adminKey: string;
  output: () => string;
  stop(): Promise<void>;
}

export const startStackProcess = async (args: string[] = ['--memory'], extraEnv: Record<string, string> = {}, workDir?: string): Promise<StartedStack> => {
  const [port, dynamoPort, sesPort, sfnPort, chatPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const adminKey = 'e2e-admin-key-abcdefghijklmnop';
  const cwd = workDir ?? mkdtempSync(join(tmpdir(), 'cw-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), join(process.cwd(), 'local/main.ts'), ...args], {
    cwd,
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), SES_PORT: String(sesPort), SFN_PORT: String(sfnPort), CHAT_PORT: String(chatPort), ADMIN_KEY: adminKey, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code}:\n${output}`));
    });
  });
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    sesUrl: `http://127.0.0.1:${sesPort}`,
    chatUrl: `http://127.0.0.1:${chatPort}`,
    adminKey,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
};
