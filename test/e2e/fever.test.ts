/**
 * Issue 20 on `npm start` itself (the real emulators, the flow's state machine, the stream waking the
 * one sender, the local chat receiver): a fever reading reaches the community's WeCom group and the
 * leader's mail within seconds; sent again it opens nothing new; three fevers at one gate in ten minutes
 * are one alert with three cases; a reading queued offline and sent later opens its alert when it
 * arrives, once; nobody handling it, the chain climbs, and handled from the link with what was done it
 * stops and everyone told hears 【已处置】; the day's summary counts it. Latencies are printed, not asserted.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedChatMessages, type ReceivedChatMessage } from '../../local/chat';
import { storedMails, type StoredMail } from '../../local/ses';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

let stack: StartedStack;
const tokens: Record<string, string> = {};
const KEY = `e2efever${randomUUID().replace(/-/g, '')}`;

const call = async (method: string, path: string, options: { body?: unknown; token?: string; form?: Record<string, string> } = {}): Promise<{ status: number; json: any; text: string }> => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? stack.adminKey}`,
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.form && { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    ...(options.form && { body: new URLSearchParams(options.form).toString() }),
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

const waitFor = async <T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<{ found: T; at: number }> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await find();
    if (found !== undefined) return { found, at: Date.now() };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
};
const chat = (match: (message: ReceivedChatMessage) => boolean) => async () => (await receivedChatMessages(stack.chatUrl)).find((m) => m.accepted && match(m));
const chats = async (match: (message: ReceivedChatMessage) => boolean) => (await receivedChatMessages(stack.chatUrl)).filter((m) => m.accepted && match(m));
const mail = (to: string, match: (mail: StoredMail) => boolean) => async () => (await storedMails(stack.sesUrl)).find((m) => m.destination.to.includes(to) && match(m));

const community = (communityId: string, secondLevelAfter: string) =>
  call('PUT', `/communities/${communityId}`, {
    body: {
      name: '鱼岳社区',
      contacts: [
        { name: '社区书记', email: `secretary.${communityId}@example.org`, role: 'secretary' },
        { name: '大党委书记', email: `committee.${communityId}@example.org`, role: 'committee' },
      ],
      channels: [{ id: 'zhihui', kind: 'wecom', name: '指挥部群', url: `${stack.chatUrl}/cgi-bin/webhook/send?key=${KEY}${communityId.replace(/-/g, '')}` }],
      feverPolicy: { levels: [{ notify: ['onDuty', 'secretary'], after: 'PT0S' }, { notify: ['committee'], after: secondLevelAfter }], repeatEvery: 'PT1H', maxRepeats: 0 },
    },
  });

const gate = async (checkpointId: string, communityId: string, name: string) => {
  const created = await call('PUT', `/checkpoints/${checkpointId}`, {
    body: { name, communityId, schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '黄组长', email: `leader.${checkpointId}@example.org`, mobile: '13800138000', role: 'leader' }] },
  });
  expect(created.status, created.text).toBe(201);
  tokens[checkpointId] = created.json.formToken;
};

const fever = (checkpointId: string, tempC: number, extra: Record<string, unknown> = {}) =>
  call('POST', `/checkpoints/${checkpointId}/readings`, {
    token: tokens[checkpointId],
    body: { submissionId: randomUUID(), officer: '张三', screened: 30, entries: 18, exits: 12, feverCount: 1, maxTempC: tempC, feverCases: [{ tempC, direction: 'in', note: '王某某，发热门诊' }], ...extra },
  });

const alertLink = (text: string) => {
  const found = new RegExp(`(${stack.apiUrl.replace(/[.]/g, '\\.')}/fever/([0-9a-f-]{36})\\?\\S+)`).exec(text);
  expect(found, text).not.toBeNull();
  return { url: found![1]!, alertId: found![2]! };
};

const handle = async (url: string, by: string, action: string) => {
  const link = new URL(url);
  return call('POST', link.pathname, { form: { ...Object.fromEntries(link.searchParams), by, action } });
};

beforeAll(async () => {
  stack = await startStackProcess(['--memory', '--no-seed', '--sweep-seconds', '5']);
  expect((await community('e2e-fever', 'PT10M')).status).toBe(201);
  expect((await community('e2e-climb', 'PT10S')).status).toBe(201);
  await gate('fever-east', 'e2e-fever', '东门');
  await gate('fever-south', 'e2e-fever', '南门');
  await gate('fever-climb', 'e2e-climb', '北门');
});

afterAll(async () => {
  await stack?.stop();
});

describe('a fever at the gate on the local stack', () => {
  let alert: { url: string; alertId: string };

  it("reaches the community's group and the leader's mail within seconds, in its own words, without the note", async () => {
    const posted = Date.now();
    const answer = await fever('fever-east', 38.4);
    expect(answer.status, answer.text).toBe(201);
    expect(answer.json.feverAlert).toBe(true);
    const group = await waitFor('group message', chat((m) => m.text.startsWith('【发热预警】') && m.text.includes('东门')));
    const leader = await waitFor("leader's mail", mail('leader.fever-east@example.org', (m) => m.subject.startsWith('【发热预警】')));
    console.log(`fever reading → first group message: ${group.at - posted} ms; → leader's mail: ${leader.at - posted} ms`);
    expect(group.found.text).toContain('38.4°C（进）');
    expect(group.found.text).not.toContain('王某某');
    expect(group.found.mentions.mobiles).toContain('13800138000');
    alert = alertLink(group.found.text);
  });

  it('three fevers at one gate in ten minutes are one alert with three cases; one sent again adds nothing', async () => {
    const second = await fever('fever-east', 37.9);
    expect(second.json.feverAlert).toBe(true);
    const body = { submissionId: randomUUID(), officer: '张三', screened: 5, entries: 3, exits: 2, feverCount: 1, maxTempC: 38.8, feverCases: [{ tempC: 38.8, direction: 'out' }] };
    expect((await call('POST', '/checkpoints/fever-east/readings', { token: tokens['fever-east'], body })).status).toBe(201);
    const again = await call('POST', '/checkpoints/fever-east/readings', { token: tokens['fever-east'], body });
    expect(again.status).toBe(200);
    expect(again.json.feverAlert).toBe(true);
    const shown = await call('GET', `/escalations/${alert.alertId}`);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.json.cause).toBe('fever');
    expect(shown.json.cases.map((c: { tempC: number }) => c.tempC)).toEqual([38.4, 37.9, 38.8]);
    const open = await call('GET', '/escalations?status=open&communityId=e2e-fever');
    expect(open.json.items.filter((e: { cause?: string; checkpointId: string }) => e.cause === 'fever' && e.checkpointId === 'fever-east')).toHaveLength(1);
  });

  it('handled from the link with what was done: it stops, and the group and the leader hear 【已处置】', async () => {
    const page = await fetch(alert.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('处置人');
    const done = await handle(alert.url, '王丽', 'isolated');
    expect(done.status, done.text).toBe(200);
    const told = await waitFor('handled in the group', chat((m) => m.text.startsWith('【已处置】') && m.text.includes('东门')));
    expect(told.found.text).toContain('已隔离复测');
    await waitFor("handled in the leader's mail", mail('leader.fever-east@example.org', (m) => m.subject.startsWith('【已处置】')));
    const shown = await call('GET', `/escalations/${alert.alertId}`);
    expect(shown.json).toMatchObject({ status: 'acknowledged', acknowledgedBy: '王丽', handling: { action: 'isolated' } });
  });

  it('a reading queued offline and sent later opens its alert when it arrives, once', async () => {
    const takenAt = new Date(Date.now() - 4 * 60_000).toISOString();
    const body = { submissionId: randomUUID(), officer: '张三', observedAt: takenAt, screened: 9, entries: 5, exits: 4, feverCount: 1, maxTempC: 38.1, feverCases: [{ tempC: 38.1, direction: 'out' }] };
    const first = await call('POST', '/checkpoints/fever-south/readings', { token: tokens['fever-south'], body });
    expect(first.status, first.text).toBe(201);
    // The phone's outbox, unsure its post went through, sends it again.
    const replay = await call('POST', '/checkpoints/fever-south/readings', { token: tokens['fever-south'], body });
    expect(replay.status).toBe(200);
    await waitFor('group message', chat((m) => m.text.startsWith('【发热预警】') && m.text.includes('南门')));
    const open = await call('GET', '/escalations?status=open&communityId=e2e-fever');
    const south = open.json.items.filter((e: { cause?: string; checkpointId: string }) => e.cause === 'fever' && e.checkpointId === 'fever-south');
    expect(south).toHaveLength(1);
    expect(south[0].cases).toHaveLength(1);
    expect(Date.parse(south[0].cases[0].takenAt)).toBe(Date.parse(takenAt));
    expect(await chats((m) => m.text.startsWith('【发热预警】') && m.text.includes('南门'))).toHaveLength(1);
  });

  it('climbs when nobody handles it, and stops when someone does', async () => {
    await fever('fever-climb', 38.9);
    const first = await waitFor('group message', chat((m) => m.text.startsWith('【发热预警】') && m.text.includes('北门')));
    const climbed = await waitFor("committee's mail", mail('committee.e2e-climb@example.org', (m) => m.subject.startsWith('【发热预警】')));
    expect(climbed.found.subject).toContain('未处置');
    const { url } = alertLink(first.found.text);
    expect((await handle(url, '李书记', 'clinic')).status).toBe(200);
    await waitFor("handled in the committee's mail", mail('committee.e2e-climb@example.org', (m) => m.subject.startsWith('【已处置】')));
  });

  it("the day's summary counts the fever alerts, their cases and what was done", async () => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const built = await call('POST', `/summaries/${date}`);
    expect(built.status, built.text).toBe(200);
    const fevers = built.json.communities.find((c: { communityId: string }) => c.communityId === 'e2e-fever').fevers;
    expect(fevers).toMatchObject({ alerts: 2, cases: 4, handled: 1, done: { isolated: 1, clinic: 0, normal: 0, other: 0 } });
    expect(built.json.county.fevers).toMatchObject({ alerts: 3, handled: 2 });
  });
});
