/**
 * A child that must not outlive the process that started it: DynamoDB Local's JVM, a test's local
 * stack. A `stop()` covers the paths that reach it; a process killed outright (SIGKILL, a test worker
 * torn down, a crash) runs no code, so a small watchdog shell, in a session of its own, waits for
 * either to go and kills the child once its starter has gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Polls once a second: a leftover child lives a second or two at most. */
const WATCHDOG = `
while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
kill -0 "$2" 2>/dev/null && kill -KILL "$3" 2>/dev/null
exit 0`;

/**
 * Kills `child` — with `group`, its whole process group (spawn it `detached` for that) — when this
 * process is gone. Costs a shell and a `sleep` a second; ends by itself when the child does.
 */
export const killWhenOrphaned = (child: ChildProcess, options: { group?: boolean } = {}): void => {
  if (child.pid === undefined) return;
  const target = options.group ? `-${child.pid}` : String(child.pid);
  spawn('sh', ['-c', WATCHDOG, 'reaper', String(process.pid), String(child.pid), target], { detached: true, stdio: 'ignore' }).unref();
};
