/**
 * The local chat receiver, sent the very requests the channel builders make: taken as the services
 * take them, a wrong sign refused with the service's code, bursts over the limits refused as rate
 * limits (the classifiers agree: transient), and every message shown in the inbox and at /store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelRequest, classifyAnswer, type ChannelKind, type ChannelRequest, type ChatNotice } from '../../functions/channels';
import { startChatReceiver, type ChatReceiver, receivedChatMessages } from '../../local/chat';
import { freePort } from '../../local/ports';
import { ACK_URL, longNotice, notice } from './fixtures';

let clock = Date.parse('2026-03-01T08:00:00Z');
let receiver: ChatReceiver;
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

beforeAll(async () => {
  receiver = await startChatReceiver({
    port: await freePort(),
    host: '127.0.0.1',
    now: () => clock,
    robots: [
      { kind: 'dingtalk', token: 'ding-1', secret: 'SEC0123456789abcdef' },
      { kind: 'feishu', token: 'fs-1', secret: 'feishu-secret' },
      { kind: 'webhook', token: 'county', secret: WHSEC },
    ],
  });
});
afterAll(() => receiver?.stop());
beforeEach(() => {
  receiver.clear();
  clock += 60 * 60_000; // an hour on: every rate window of the test before has passed
});

const targets = (): Record<ChannelKind, { url: string; secret?: string }> => ({
  wecom: { url: `${receiver.url}/cgi-bin/webhook/send?key=wecom-${clock}` },
  dingtalk: { url: `${receiver.url}/robot/send?access_token=ding-1`, secret: 'SEC0123456789abcdef' },
  feishu: { url: `${receiver.url}/open-apis/bot/v2/hook/fs-1`, secret: 'feishu-secret' },
  webhook: { url: `${receiver.url}/webhook/county`, secret: WHSEC },
});
const build = (kind: ChannelKind, target: { url: string; secret?: string }, body: ChatNotice = notice()) =>
  channelRequest(kind, target, body, { now: new Date(clock), event: { type: 'escalation.notice', id: `esc_${clock}`, occurredAt: new Date(clock - 60_000).toISOString() } });
const post = async (kind: ChannelKind, request: ChannelRequest) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: request.redirect });
  const answer = { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
  return { ...answer, outcome: classifyAnswer(kind, answer) };
};

describe('the local chat receiver', () => {
  it('takes each kind\'s notice as the service does, and keeps what the group would read', async () => {
    for (const kind of ['wecom', 'dingtalk', 'feishu', 'webhook'] as const) {
      const answer = await post(kind, build(kind, targets()[kind]));
      expect(answer.outcome, `${kind} ${answer.body}`).toEqual({ outcome: 'sent' });
    }
    const stored = await receivedChatMessages(receiver.url);
    expect(stored.map((m) => [m.kind, m.accepted])).toEqual([['wecom', true], ['dingtalk', true], ['feishu', true], ['webhook', true]]);
    for (const message of stored) expect(message.text, message.kind).toContain(ACK_URL);
    expect(stored[0]!.mentions.mobiles).toEqual(['13800001111', '13900002222']);
    expect(stored[1]!.mentions.mobiles).toEqual(['13800001111', '13900002222']);
    expect(stored[1]!.text).toContain('@13800001111');
    expect(stored[2]!.text).toContain('@黄祖浩');
    expect(stored[3]!.text).toContain('[escalation.notice]');
    expect(JSON.stringify(stored)).not.toContain('feishu-secret');
  });

  it('takes a long notice cut to the limits (builder and receiver agree on them)', async () => {
    for (const kind of ['wecom', 'dingtalk', 'feishu', 'webhook'] as const) {
      expect((await post(kind, build(kind, targets()[kind], longNotice()))).outcome, kind).toEqual({ outcome: 'sent' });
    }
  });

  it('refuses a wrong DingTalk sign with 310000 and a wrong Feishu sign with 19021; a wrong webhook signature with 401', async () => {
    const t = targets();
    const ding = await post('dingtalk', build('dingtalk', { ...t.dingtalk, secret: 'SECwrong' }));
    expect(JSON.parse(ding.body)).toMatchObject({ errcode: 310000 });
    expect(ding.outcome).toMatchObject({ outcome: 'permanent', problem: 'bad-sign' });

    const unsigned = await post('dingtalk', build('dingtalk', { url: t.dingtalk.url }));
    expect(JSON.parse(unsigned.body)).toMatchObject({ errcode: 310000 });

    const fs = await post('feishu', build('feishu', { ...t.feishu, secret: 'other' }));
    expect(JSON.parse(fs.body)).toMatchObject({ code: 19021 });
    expect(fs.outcome).toMatchObject({ outcome: 'permanent', problem: 'bad-sign' });

    const hook = await post('webhook', build('webhook', { ...t.webhook, secret: `whsec_${Buffer.alloc(24, 1).toString('base64')}` }));
    expect(hook.status).toBe(401);
    expect(hook.outcome).toMatchObject({ outcome: 'permanent', problem: 'bad-sign' });

    // A sign made more than an hour ago is refused too.
    const stale = build('dingtalk', t.dingtalk);
    clock += 61 * 60_000;
    expect(JSON.parse((await post('dingtalk', stale)).body)).toMatchObject({ errcode: 310000 });
    expect((await receivedChatMessages(receiver.url)).every((m) => !m.accepted)).toBe(true);
  });

  it('WeCom: 20 a minute per robot, then 45009 (transient), then again once the minute has passed', async () => {
    const target = targets().wecom;
    for (let i = 0; i < 20; i++) expect((await post('wecom', build('wecom', target))).outcome.outcome).toBe('sent');
    const over = await post('wecom', build('wecom', target));
    expect(JSON.parse(over.body)).toMatchObject({ errcode: 45009 });
    expect(over.outcome).toMatchObject({ outcome: 'transient', problem: 'rate-limited' });
    // Another robot is not held up by this one.
    expect((await post('wecom', build('wecom', { url: `${receiver.url}/cgi-bin/webhook/send?key=other-${clock}` }))).outcome.outcome).toBe('sent');
    clock += 61_000;
    expect((await post('wecom', build('wecom', target))).outcome.outcome).toBe('sent');
  });

  it('DingTalk: the 21st in a minute is 130101 and the robot stays blocked for 10 minutes', async () => {
    const target = targets().dingtalk;
    for (let i = 0; i < 20; i++) expect((await post('dingtalk', build('dingtalk', target))).outcome.outcome).toBe('sent');
    const over = await post('dingtalk', build('dingtalk', target));
    expect(JSON.parse(over.body)).toMatchObject({ errcode: 130101 });
    expect(over.outcome).toMatchObject({ outcome: 'transient', problem: 'rate-limited', retryAfterSeconds: 600 });
    clock += 2 * 60_000;
    expect(JSON.parse((await post('dingtalk', build('dingtalk', target))).body)).toMatchObject({ errcode: 130101 });
    clock += 9 * 60_000;
    expect((await post('dingtalk', build('dingtalk', target))).outcome.outcome).toBe('sent');
  });

  it('Feishu: 5 a second (9499 too many request) and 100 a minute (11232), both transient', async () => {
    const target = targets().feishu;
    for (let i = 0; i < 5; i++) expect((await post('feishu', build('feishu', target))).outcome.outcome).toBe('sent');
    const fast = await post('feishu', build('feishu', target));
    expect(JSON.parse(fast.body)).toMatchObject({ code: 9499 });
    expect(fast.outcome).toMatchObject({ outcome: 'transient', problem: 'rate-limited' });
    let sentThisMinute = 5;
    while (sentThisMinute < 100) {
      clock += 1000;
      for (let i = 0; i < 5 && sentThisMinute < 100; i++, sentThisMinute++) expect((await post('feishu', build('feishu', target))).outcome.outcome).toBe('sent');
    }
    clock += 1000;
    const minute = await post('feishu', build('feishu', target));
    expect(JSON.parse(minute.body)).toMatchObject({ code: 11232 });
    expect(minute.outcome).toMatchObject({ outcome: 'transient', problem: 'rate-limited' });
  });

  it('answers as the services do to a missing key, a bad body, an oversized message and a GET', async () => {
    const url = receiver.url;
    const raw = (path: string, body: unknown, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init }).then((r) => r.json());
    expect(await raw('/cgi-bin/webhook/send', { msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 93000 });
    expect(await raw(`/cgi-bin/webhook/send?key=k${clock}`, { msgtype: 'text', text: { content: '长'.repeat(700) } })).toMatchObject({ errcode: 45002 });
    expect(await raw(`/cgi-bin/webhook/send?key=k${clock}`, 'not json')).toMatchObject({ errcode: 40008 });
    expect(await raw('/robot/send', { msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 40035 });
    expect(await raw('/robot/send?access_token=free', { msgtype: 'text', text: { content: 'x'.repeat(20_001) } })).toMatchObject({ errcode: 460101 });
    expect(await raw('/robot/send?access_token=free', { msgtype: 'text', text: { content: 'x' } }, { method: 'GET', body: undefined })).toMatchObject({ errcode: 43002 });
    expect(await raw('/open-apis/bot/v2/hook/free', { msg_type: 'text', content: { text: 'hi' } })).toMatchObject({ code: 0, msg: 'success' });
  });

  it('strict: an unknown robot is refused as an invalid key (bad-key, permanent) by each service', async () => {
    const strict = await startChatReceiver({ port: await freePort(), host: '127.0.0.1', strict: true });
    try {
      for (const [kind, url] of [
        ['wecom', `${strict.url}/cgi-bin/webhook/send?key=nobody`],
        ['dingtalk', `${strict.url}/robot/send?access_token=nobody`],
        ['feishu', `${strict.url}/open-apis/bot/v2/hook/nobody`],
        ['webhook', `${strict.url}/webhook/nobody`],
      ] as const) {
        expect((await post(kind, build(kind, { url, secret: kind === 'webhook' ? WHSEC : 's' }))).outcome, kind).toMatchObject({ outcome: 'permanent', problem: 'bad-key' });
      }
    } finally {
      await strict.stop();
    }
  });

  it('shows every message in an inbox, zh by default and en on request, escaped, fetching nothing from elsewhere', async () => {
    // Sent raw: the builders already make `<` inert, the inbox must escape whatever it is sent.
    await fetch(targets().wecom.url, { method: 'POST', body: JSON.stringify({ msgtype: 'text', text: { content: '东门<script>alert(1)</script>\n<img src=x onerror=alert(1)>' } }) });
    await post('dingtalk', build('dingtalk', { ...targets().dingtalk, secret: 'wrong' }));
    const zh = await (await fetch(`${receiver.url}/`)).text();
    expect(zh).toContain('本地群消息收件箱');
    expect(zh).toContain('企业微信');
    expect(zh).toContain('已拒绝');
    expect(zh).not.toContain('<script');
    expect(zh).not.toContain('<img');
    expect(zh).toContain('&lt;img src=x');
    expect(zh).not.toMatch(/(src|href)="(https?:)?\/\//);
    const en = await (await fetch(`${receiver.url}/?lang=en`)).text();
    expect(en).toContain('Local chat inbox');
    expect(en).toContain('refused');
    // The robot's key is shown only by its start.
    expect(zh).not.toContain(`wecom-${clock}`);

    expect((await fetch(`${receiver.url}/store`, { method: 'DELETE' })).status).toBe(204);
    expect(await receivedChatMessages(receiver.url)).toEqual([]);
  });
});
