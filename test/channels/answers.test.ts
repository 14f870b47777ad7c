/** What each service's answer means: sent, try again later, or never (and why). */
import { describe, expect, it } from 'vitest';
import { classifyAnswer, type ChannelKind } from '../../functions/channels';

const json = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });

describe('answer classifiers', () => {
  const cases: [ChannelKind, { status: number; body: string; retryAfter?: string }, string, string?][] = [
    // WeCom: errcode in a 200.
    ['wecom', json({ errcode: 0, errmsg: 'ok' }), 'sent'],
    ['wecom', json({ errcode: 93000, errmsg: 'invalid webhook url, hint: [1708397705432012366598976]' }), 'permanent', 'bad-key'],
    ['wecom', json({ errcode: 45009, errmsg: 'api freq out of limit' }), 'transient', 'rate-limited'],
    ['wecom', json({ errcode: -1, errmsg: 'system busy' }), 'transient', 'service-error'],
    ['wecom', json({ errcode: 40008, errmsg: 'invalid message type' }), 'permanent', 'bad-request'],
    ['wecom', json({ errcode: 123456, errmsg: '?' }), 'permanent', 'unknown'],
    // DingTalk.
    ['dingtalk', json({ errcode: 0, errmsg: 'ok' }), 'sent'],
    ['dingtalk', json({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }), 'transient', 'rate-limited'],
    ['dingtalk', json({ errcode: 410100, errmsg: '发送速度太快而限流' }), 'transient', 'rate-limited'],
    ['dingtalk', json({ errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' }), 'permanent', 'bad-sign'],
    ['dingtalk', json({ errcode: 310000, errmsg: 'keywords not in content' }), 'permanent', 'blocked'],
    ['dingtalk', json({ errcode: 310000, errmsg: 'ip 203.0.113.9 not in whitelist' }), 'permanent', 'blocked'],
    ['dingtalk', json({ errcode: 300005, errmsg: 'token is not exist' }), 'permanent', 'bad-key'],
    ['dingtalk', json({ errcode: 400102, errmsg: 'bot is stopped' }), 'permanent', 'bad-key'],
    ['dingtalk', json({ errcode: 460101, errmsg: 'message too long, exceed 20000 bytes' }), 'permanent', 'too-long'],
    // Feishu: code in a 200 (and a 429 from the platform's rate limit).
    ['feishu', json({ StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }), 'sent'],
    ['feishu', json({ StatusCode: 0, StatusMessage: 'success' }), 'sent'],
    ['feishu', json({ code: 19021, data: {}, msg: 'sign match fail or timestamp is not within one hour from current time' }), 'permanent', 'bad-sign'],
    ['feishu', json({ code: 19001, data: {}, msg: 'param invalid: incoming webhook access token invalid' }), 'permanent', 'bad-key'],
    ['feishu', json({ code: 19024, msg: 'Key Words Not Found' }), 'permanent', 'blocked'],
    ['feishu', json({ code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]' }), 'transient', 'rate-limited'],
    ['feishu', json({ code: 9499, msg: 'too many request' }), 'transient', 'rate-limited'],
    ['feishu', json({ code: 9499, msg: 'Bad Request: fail to parse content' }), 'permanent', 'bad-request'],
    ['feishu', { ...json({ code: 99991400, msg: 'request trigger frequency limit' }, 429), retryAfter: '52' }, 'transient', 'rate-limited'],
    // Standard Webhooks: the status alone.
    ['webhook', { status: 204, body: '' }, 'sent'],
    ['webhook', { status: 200, body: 'not json at all' }, 'sent'],
    ['webhook', { status: 410, body: '' }, 'permanent', 'bad-key'],
    ['webhook', { status: 401, body: '' }, 'permanent', 'bad-sign'],
    ['webhook', { status: 400, body: '' }, 'permanent', 'bad-request'],
    ['webhook', { status: 302, body: '' }, 'permanent', 'redirect'],
    ['webhook', { status: 503, body: '' }, 'transient', 'service-error'],
    ['webhook', { status: 429, body: '', retryAfter: '7' }, 'transient', 'rate-limited'],
  ];

  for (const [kind, answer, outcome, problem] of cases) {
    it(`${kind} ${answer.status} ${answer.body.slice(0, 60)} → ${outcome}${problem ? ` (${problem})` : ''}`, () => {
      const result = classifyAnswer(kind, answer);
      expect(result.outcome).toBe(outcome);
      if (problem) expect(result).toMatchObject({ problem });
    });
  }

  it('every chat kind: 5xx and 429 are transient and honour Retry-After; other 4xx are permanent; a 2xx without a code is not "sent"', () => {
    for (const kind of ['wecom', 'dingtalk', 'feishu'] as const) {
      expect(classifyAnswer(kind, { status: 502, body: '<html>' })).toMatchObject({ outcome: 'transient', problem: 'service-error' });
      expect(classifyAnswer(kind, { status: 429, body: '', retryAfter: '120' })).toMatchObject({ outcome: 'transient', retryAfterSeconds: 120 });
      expect(classifyAnswer(kind, { status: 404, body: '' })).toMatchObject({ outcome: 'permanent' });
      expect(classifyAnswer(kind, { status: 200, body: '<html>captive portal</html>' })).toMatchObject({ outcome: 'permanent', problem: 'unknown' });
    }
  });

  it('DingTalk\'s rate limit waits out its 10-minute block; a Retry-After date or nonsense falls back', () => {
    expect(classifyAnswer('dingtalk', json({ errcode: 130101, errmsg: 'send too fast' }))).toMatchObject({ retryAfterSeconds: 600, code: 130101 });
    expect(classifyAnswer('webhook', { status: 503, body: '', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' })).toMatchObject({ retryAfterSeconds: 60 });
    expect(classifyAnswer('webhook', { status: 503, body: '', retryAfter: '999999' })).toMatchObject({ retryAfterSeconds: 3600 });
  });
});
