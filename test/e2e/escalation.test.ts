import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedMails, type StoredMail } from '../../local/ses';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

const SWEEP_SECONDS = 5;
let stack: StartedStack;

beforeAll(async () => {
  stack = await startStackProcess(['--memory', '--no-seed', '--sweep-seconds', String(SWEEP_SECONDS)]);
});

afterAll(async () => {
  await stack?.stop();
});

const admin = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return response.json();
};

const waitForMail = async (to: string, match: RegExp, timeoutMs: number): Promise<{ mail: StoredMail; at: number }> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = (await storedMails(stack.sesUrl)).find((m) => m.destination.to.includes(to) && match.test(m.subject));
    if (mail) return { mail, at: Date.now() };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail to ${to} matching ${match} within ${timeoutMs} ms`);
};

describe('a missed checkpoint on the local stack', () => {
  it('escalates by mail, is acknowledged from the link, and resolves when it reports', async () => {
    await admin('PUT', '/communities/e2e', {
      name: '测试社区',
      contacts: [{ name: '书记', email: 'secretary.e2e@example.org', role: 'secretary' }],
    });
    const created = await admin('PUT', '/checkpoints/e2e-gate', {
      name: '测试卡点',
      communityId: 'e2e',
      schedule: { every: 'PT30S' },
      grace: 'PT5S',
      contacts: [{ name: '组长', email: 'leader.e2e@example.org', role: 'leader' }],
    });
    const deadline = Date.parse(created.nextDeadline);

    // Level 1 reaches the leader within a sweep period (+5 s) of the deadline.
    const level1 = await waitForMail('leader.e2e@example.org', /未按时上报/, deadline - Date.now() + (SWEEP_SECONDS + 5) * 1000 + 5_000);
    expect(level1.at - deadline).toBeLessThanOrEqual((SWEEP_SECONDS + 5) * 1000);
    expect(level1.mail.subject).toContain('测试卡点');
    expect(level1.mail.body.text).not.toContain(created.formToken);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/ack\/[0-9a-f-]+\?[^\s]+)/.exec(level1.mail.body.text ?? '')![1]!;
    const escalationId = /\/ack\/([0-9a-f-]+)\?/.exec(link)![1]!;
    expect((await admin('GET', '/checkpoints/e2e-gate')).status).toBe('missed');

    // A GET (what a mail scanner does) shows the page and changes nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect((await admin('GET', `/escalations/${escalationId}`)).status).toBe('open');

    // A tampered link is refused.
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);

    // The button's POST acknowledges, once.
    const fields = new URL(link).searchParams;
    const post = () => fetch(`${stack.apiUrl}/ack/${escalationId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const acknowledged = await admin('GET', `/escalations/${escalationId}`);
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'leader.e2e@example.org' });
    expect(acknowledged.notices).toEqual(expect.arrayContaining([expect.objectContaining({ level: 1, recipient: 'leader.e2e@example.org', outcome: 'sent' })]));

    // A reading resolves it, and the leader is told.
    const reading = await fetch(`${stack.apiUrl}/checkpoints/e2e-gate/readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.formToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: randomUUID(), officer: '王五', screened: 3, entries: 2, exits: 1, feverCount: 0 }),
    });
    expect(reading.status).toBe(201);
    await waitForMail('leader.e2e@example.org', /已恢复上报/, (SWEEP_SECONDS + 5) * 1000);
    expect((await admin('GET', `/escalations/${escalationId}`)).status).toBe('resolved');
    const listed = await admin('GET', '/escalations?status=resolved&communityId=e2e');
    expect(listed.items.map((item: { escalationId: string }) => item.escalationId)).toContain(escalationId);
  }, 120_000);
});
