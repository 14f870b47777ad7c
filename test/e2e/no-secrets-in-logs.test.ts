import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

let stack: StartedStack;

beforeAll(async () => {
  // Every log line the handlers write, at the most talkative level.
  stack = await startStackProcess(['--memory', '--no-seed', '--sweep-seconds', '1'], { POWERTOOLS_LOG_LEVEL: 'DEBUG' });
});

afterAll(async () => {
  await stack?.stop();
});

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${stack.apiUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${init.token ?? stack.adminKey}`, 'content-type': 'application/json', ...init.headers },
  });

describe('logs', () => {
  it('never contain a form token, the admin key, or a fever case note, whatever happens', async () => {
    const banner = stack.output().length; // npm start prints the admin key for its user; the logs come after
    await call('/communities/logs', { method: 'PUT', body: JSON.stringify({ name: '日志社区', contacts: [] }) });
    const created = await (await call('/checkpoints/logs-gate', {
      method: 'PUT',
      body: JSON.stringify({ name: '日志卡点', communityId: 'logs', schedule: { every: 'PT30S' }, grace: 'PT1S', contacts: [{ name: '组长', email: 'leader.logs@example.org', role: 'leader' }] }),
    })).json() as { formToken: string };
    const note = `FEVER-NOTE-${randomUUID()}`;
    const reading = { submissionId: randomUUID(), officer: '张三', screened: 3, entries: 2, exits: 1, feverCount: 1, feverCases: [{ tempC: 38.5, direction: 'in', note }] };
    expect((await call('/checkpoints/logs-gate/readings', { method: 'POST', token: created.formToken, body: JSON.stringify(reading) })).status).toBe(201);
    // Refusals of every kind: a bad body, a wrong token, a replay with another body, a wrong admin key.
    await call('/checkpoints/logs-gate/readings', { method: 'POST', token: created.formToken, body: JSON.stringify({ ...reading, feverCount: 'x' }) });
    await call('/checkpoints/logs-gate/readings', { method: 'POST', token: `${created.formToken}x`, body: JSON.stringify(reading) });
    await call('/checkpoints/logs-gate/readings', { method: 'POST', token: created.formToken, body: JSON.stringify({ ...reading, screened: 99 }) });
    await call('/communities', { token: `${stack.adminKey}x` });
    const rotated = await (await call('/checkpoints/logs-gate/rotate-token', { method: 'POST' })).json() as { formToken: string };
    await call('/checkpoints/logs-gate/readings', { method: 'POST', token: created.formToken, body: JSON.stringify({ ...reading, submissionId: randomUUID() }) });
    await call('/checkpoints/logs-gate/readings?x=1', { method: 'GET' });
    // Let the sweep find the miss and the flow run, so their logs are in too.
    await new Promise((resolve) => setTimeout(resolve, 35_000));
    const logs = stack.output().slice(banner);
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [created.formToken, rotated.formToken, stack.adminKey, note]) {
      expect(logs.includes(secret), `found ${secret.slice(0, 12)}… in the logs`).toBe(false);
    }
    // The token's secret part alone must not appear either.
    expect(logs.includes(created.formToken.split('.')[1]!)).toBe(false);
  }, 90_000);
});
