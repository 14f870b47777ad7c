import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storedMails } from '../../local/ses';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

let stack: StartedStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
};

describe('restarting the local stack mid-escalation', () => {
  it('carries the escalation on from its level, without telling level 1 again', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'cw-restart-'));
    const args = ['--no-seed', '--sweep-seconds', '2'];
    stack = await startStackProcess(args, {}, workDir);
    const call = (s: StartedStack, method: string, path: string, body?: unknown): Promise<any> =>
      fetch(`${s.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }).then((r) => r.json());
    await call(stack, 'PUT', '/communities/restart', {
      name: '重启社区',
      contacts: [{ name: '书记', email: 'secretary.restart@example.org', role: 'secretary' }],
      escalation: { levels: [{ notify: ['leader'], after: 'PT0S' }, { notify: ['secretary'], after: 'PT15S' }], repeatEvery: 'PT1H', maxRepeats: 0 },
    });
    await call(stack, 'PUT', '/checkpoints/restart-gate', {
      name: '重启卡点',
      communityId: 'restart',
      schedule: { every: 'PT30S' },
      grace: 'PT5S',
      contacts: [{ name: '组长', email: 'leader.restart@example.org', role: 'leader' }],
    });
    const first = stack;
    await waitFor('level 1', async () => (await storedMails(first.sesUrl)).find((m) => m.destination.to.includes('leader.restart@example.org')), 90_000);
    await stack.stop();

    stack = await startStackProcess(args, {}, workDir);
    expect(stack.output()).toMatch(/1 open escalation\(s\) resumed/);
    const second = stack;
    const level2 = await waitFor('level 2', async () => (await storedMails(second.sesUrl)).find((m) => m.destination.to.includes('secretary.restart@example.org')), 40_000);
    expect(level2.subject).toContain('重启卡点');
    // The new inbox holds no second level-1 notice: the one sent before the restart was recorded.
    const resent = (await storedMails(second.sesUrl)).filter((m) => m.destination.to.includes('leader.restart@example.org') && /未按时上报/.test(m.subject));
    expect(resent).toEqual([]);
  }, 180_000);
});
