/**
 * Issue 12's "done when", on `npm start` itself: a community whose WeCom group robot is the stack's own
 * chat receiver, a fast checkpoint that misses, the notice in the chat inbox within a minute with its
 * acknowledge link, the link's page asking who is acknowledging, and the acknowledgement recorded as
 * made by that person via that group. The handlers log at DEBUG, and no log line holds the robot's key.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedChatMessages, type ReceivedChatMessage } from '../../local/chat';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

const SWEEP_SECONDS = 5;
let stack: StartedStack;

beforeAll(async () => {
  stack = await startStackProcess(['--memory', '--no-seed', '--sweep-seconds', String(SWEEP_SECONDS)], { POWERTOOLS_LOG_LEVEL: 'DEBUG' });
});

afterAll(async () => {
  await stack?.stop();
});

const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
};

const waitForChat = async (match: (message: ReceivedChatMessage) => boolean, timeoutMs: number): Promise<{ message: ReceivedChatMessage; at: number }> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const message = (await receivedChatMessages(stack.chatUrl)).find(match);
    if (message) return { message, at: Date.now() };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no chat message matching within ${timeoutMs} ms; the inbox holds:\n${JSON.stringify(await receivedChatMessages(stack.chatUrl), null, 1).slice(0, 3000)}`);
};

describe('a missed checkpoint told in a WeCom group on the local stack', () => {
  it('the notice reaches the chat inbox within a minute with its link; the page asks who; a POST with a name acknowledges, recorded with the group', async () => {
    const key = `e2ekey${randomBytes(12).toString('hex')}`;
    const banner = stack.output().length;
    const community = await admin('PUT', '/communities/e2e-chat', {
      name: '聊天社区',
      contacts: [{ name: '社区书记', email: 'secretary.chat@example.org', role: 'secretary' }],
      channels: [{ id: 'zhihui', kind: 'wecom', name: '指挥部群', url: `${stack.chatUrl}/cgi-bin/webhook/send?key=${key}` }],
    });
    expect(community.status, community.text).toBe(201);
    const created = await admin('PUT', '/checkpoints/e2e-chat-gate', {
      name: '聊天卡点',
      communityId: 'e2e-chat',
      schedule: { every: 'PT30S' },
      grace: 'PT0S',
      contacts: [{ name: '黄祖浩', mobile: '13800138000', role: 'leader' }],
    });
    expect(created.status, created.text).toBe(201);
    const deadline = Date.parse(created.json.nextDeadline);

    // Within a minute of the deadline (a sweep period and some), the group has the notice.
    const { message, at } = await waitForChat((m) => m.accepted && m.text.startsWith('【漏报督办】'), deadline - Date.now() + 60_000);
    expect(at - deadline).toBeLessThanOrEqual(60_000);
    expect(message.kind).toBe('wecom');
    expect(message.text).toContain('聊天卡点');
    expect(message.mentions.mobiles).toContain('13800138000');
    const link = new RegExp(`(${stack.apiUrl.replace(/[.]/g, '\\.')}/ack/([0-9a-f-]{36})\\?\\S+)`).exec(message.text);
    expect(link, message.text).not.toBeNull();
    const [, url, escalationId] = link as unknown as [string, string, string];

    // GET shows a page asking who is acknowledging, and changes nothing.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('指挥部群');
    expect(html).toMatch(/请选择确认人|Who is acknowledging/);
    expect(html).toContain('黄祖浩');
    expect((await admin('GET', `/escalations/${escalationId}`)).json.status).toBe('open');

    // POST with a name acknowledges.
    const fields = new URL(url).searchParams;
    fields.set('by', '黄祖浩');
    const post = await fetch(`${stack.apiUrl}/ack/${escalationId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect(post.status).toBe(200);
    const escalation = (await admin('GET', `/escalations/${escalationId}`)).json;
    expect(escalation).toMatchObject({ status: 'acknowledged', acknowledgedBy: '黄祖浩', acknowledgedVia: '指挥部群（企业微信）' });
    await waitForChat((m) => m.accepted && m.text.startsWith('【已确认】') && m.text.includes('黄祖浩'), 10_000);

    // The robot's key is in no answer and no log line.
    const shown = await admin('GET', '/communities');
    expect(shown.text).not.toContain(key);
    expect(shown.json.items.find((item: { communityId: string }) => item.communityId === 'e2e-chat').channels).toEqual([
      expect.objectContaining({ id: 'zhihui', kind: 'wecom', host: new URL(stack.chatUrl).host }),
    ]);
    expect(community.text).not.toContain(key);
    expect(JSON.stringify(escalation)).not.toContain(key);
    expect(stack.output().slice(banner).includes(key), 'a log line holds the robot key').toBe(false);
  }, 90_000);
});
