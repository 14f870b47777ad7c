/** Starts `tsx local/main.ts` — what `npm start` runs — on free ports, and waits for its banner. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/ports';
import { killWhenOrphaned } from '../../local/reaper';

/**
 * Safety nets sized for a slow, busy machine: the stack's start is bounded work (a JVM, emulators, the
 * handlers' first load) that took over a minute at a load average of 7–10.
 */
const START_MS = 240_000;
const STOP_MS = 30_000;

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
    // A group of its own (tsx, the stack, its JVM), killed whole when it fails to start or when this
    // worker goes without stopping it.
    detached: true,
  });
  killWhenOrphaned(child, { group: true });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`the stack did not start in ${START_MS / 1000} s:\n${output}`));
    }, START_MS);
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
        const stuck = setTimeout(killGroup, STOP_MS);
        child.once('exit', () => {
          clearTimeout(stuck);
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
};
