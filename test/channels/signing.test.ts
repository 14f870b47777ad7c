/**
 * The signatures against examples published by others, computed with implementations not ours:
 * - Standard Webhooks: the "sign function works" vector of the spec's own JavaScript library
 *   (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts).
 * - DingTalk: HMAC-SHA256 → base64 → urlEncode is the primitive of its 签名计算 doc, whose sample
 *   (timestamp 1546084445901, secret "testappSecret") is pinned by francistm/dingtalk-sdk's spec; the
 *   robot's string-to-sign (timestamp + "\n" + secret) by the dingding crate's test on docs.rs.
 * - Feishu: timestamp 1599360473 is the guide's example timestamp; secret "demo" gives
 *   l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8= in two unrelated public test suites (Python).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkRequest } from '../../functions/channels/dingtalk/render';
import { feishuRequest } from '../../functions/channels/feishu/render';
import {
  dingtalkSign,
  dingtalkSignValid,
  feishuSign,
  feishuSignValid,
  webhookKey,
  webhookSignature,
  webhookSignatureValid,
} from '../../functions/channels/signing';
import { webhookRequest } from '../../functions/channels/webhook/render';
import { notice } from './fixtures';

describe('Standard Webhooks', () => {
  const key = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');

  it('signs the spec library\'s vector exactly', () => {
    expect(webhookSignature(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('accepts the vector among other signatures, within five minutes, and nothing else', () => {
    const at = 1614265330_000;
    const headers = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature: 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    expect(webhookSignatureValid(key, headers, '{"test": 2432232314}', at + 4 * 60_000)).toBe(true);
    expect(webhookSignatureValid(key, headers, '{"test": 2432232314}', at + 6 * 60_000)).toBe(false);
    expect(webhookSignatureValid(key, headers, '{"test": 2432232315}', at)).toBe(false);
    expect(webhookSignatureValid(key, { ...headers, signature: 'v1,' }, '{"test": 2432232314}', at)).toBe(false);
    expect(webhookSignatureValid(key, { ...headers, id: undefined }, '{"test": 2432232314}', at)).toBe(false);
  });

  it('refuses secrets that are not whsec_ with 24 to 64 bytes of clean base64', () => {
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_c2hvcnQ=', 'whsec_MfKQ9r8GKYqr*wjUPD8ILPZIo2LaLaSw', `whsec_${Buffer.alloc(65).toString('base64')}`]) {
      expect(() => webhookKey(bad), bad).toThrow();
    }
    expect(webhookKey(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toHaveLength(64);
  });

  it('sends the bytes it signed, with the event id as webhook-id and the attempt time as webhook-timestamp', () => {
    const now = new Date('2026-03-01T08:00:00Z');
    const request = webhookRequest({ url: 'https://hooks.example.org/in', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, notice(), { type: 'escalation.notice', id: 'esc_42-1', occurredAt: '2026-03-01T07:58:00.000Z' }, now);
    expect(request.headers['webhook-id']).toBe('esc_42-1');
    expect(request.headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    const expected = createHmac('sha256', key).update(`esc_42-1.${now.getTime() / 1000}.${request.body}`).digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'escalation.notice', id: 'esc_42-1', occurredAt: '2026-03-01T07:58:00.000Z', data: { title: notice().title } });
    expect(request.redirect).toBe('manual');
  });

  it('refuses an event id with a dot (the scheme forbids it) and a channel without a secret', () => {
    const event = { type: 'escalation.notice', id: 'a.b', occurredAt: '2026-03-01T07:58:00.000Z' } as const;
    expect(() => webhookRequest({ url: 'https://hooks.example.org/in', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, notice(), event, new Date())).toThrow();
    expect(() => webhookRequest({ url: 'https://hooks.example.org/in' }, notice(), { ...event, id: 'ab' }, new Date())).toThrow(/secret/);
  });
});

describe('DingTalk 加签', () => {
  it('computes the HMAC-SHA256 → base64 → urlEncode of the doc\'s sample', () => {
    const sample = createHmac('sha256', 'testappSecret').update('1546084445901').digest('base64');
    expect(new URLSearchParams({ sign: sample }).toString()).toBe('sign=HCbG3xNE3vzhO%2Bu7qCUL1jS5hsu2n5r2cFhnTrtyDAE%3D');
  });

  it('signs timestamp + "\\n" + secret keyed by the secret, as published', () => {
    expect(encodeURIComponent(dingtalkSign(1700000000000, 'secret'))).toBe('OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D');
  });

  it('puts timestamp (ms) and the url-encoded sign in the query, keeping access_token', () => {
    const request = dingtalkRequest({ url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123', secret: 'secret' }, notice(), new Date(1700000000000));
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1700000000000&sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D');
  });

  it('checks a sign within an hour of the clock, and refuses a wrong one or an old one', () => {
    const sign = dingtalkSign(1700000000000, 'secret');
    expect(dingtalkSignValid('1700000000000', sign, 'secret', 1700000000000 + 59 * 60_000)).toBe(true);
    expect(dingtalkSignValid('1700000000000', sign, 'secret', 1700000000000 + 61 * 60_000)).toBe(false);
    expect(dingtalkSignValid('1700000000000', sign, 'SECother', 1700000000000)).toBe(false);
    expect(dingtalkSignValid('1700000000', sign, 'secret', 1700000000000)).toBe(false);
  });
});

describe('Feishu 签名校验', () => {
  it('matches the published sample for timestamp 1599360473 and secret "demo"', () => {
    expect(feishuSign(1599360473, 'demo')).toBe('l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=');
  });

  it('puts timestamp (seconds, a string) and sign in the body beside the message', () => {
    const request = feishuRequest({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/tok-1', secret: 'demo' }, notice(), new Date(1599360473_500));
    expect(JSON.parse(request.body)).toMatchObject({ timestamp: '1599360473', sign: 'l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=', msg_type: 'text' });
    expect(request.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/tok-1');
  });

  it('leaves both out for a bot without a secret', () => {
    const body = JSON.parse(feishuRequest({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/tok-1' }, notice(), new Date()).body);
    expect(body).not.toHaveProperty('sign');
    expect(body).not.toHaveProperty('timestamp');
  });

  it('checks a sign within an hour', () => {
    const sign = feishuSign(1599360473, 'demo');
    expect(feishuSignValid('1599360473', sign, 'demo', 1599360473_000 + 30 * 60_000)).toBe(true);
    expect(feishuSignValid('1599360473', sign, 'demo', 1599360473_000 + 61 * 60_000)).toBe(false);
    expect(feishuSignValid('1599360473', sign, 'demo2', 1599360473_000)).toBe(false);
  });
});
