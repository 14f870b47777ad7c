/**
 * The registry of channel kinds: one slice per kind, each declaring the figures its service publishes
 * (the table below is the services' own, as docs/channels.md cites them) and honouring them.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, CHANNEL_SLICES, paceOf, type ChannelKind } from '../../functions/channels';
import { longNotice } from './fixtures';

/** The services' published limits: WeCom 群机器人配置说明, DingTalk 自定义机器人 and its codes, Feishu 自定义机器人使用指南, Standard Webhooks 1.0.0. */
const PUBLISHED: Record<ChannelKind, { maxBytes: number; pace?: { perMinute: number; perSecond?: number; blockSeconds?: number } }> = {
  wecom: { maxBytes: 2048, pace: { perMinute: 20 } },
  dingtalk: { maxBytes: 20_000, pace: { perMinute: 20, blockSeconds: 600 } },
  feishu: { maxBytes: 20_000, pace: { perMinute: 100, perSecond: 5 } },
  webhook: { maxBytes: 20_000 },
};

const target = (kind: ChannelKind) =>
  ({
    wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
    dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECsecret' },
    feishu: { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/t', secret: 'secret' },
    webhook: { url: 'https://hooks.example.org/cw', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  })[kind];

/** What each service measures its limit on: WeCom the text's content; the others the body posted. */
const measured = (kind: ChannelKind, body: string): number =>
  Buffer.byteLength(kind === 'wecom' ? (JSON.parse(body) as { text: { content: string } }).text.content : body, 'utf8');

describe('channel kinds', () => {
  it('the registry holds one slice for each kind, under its own name', () => {
    expect(Object.keys(CHANNEL_SLICES).sort()).toEqual([...CHANNEL_KINDS].sort());
    for (const kind of CHANNEL_KINDS) expect(CHANNEL_SLICES[kind].kind).toBe(kind);
  });

  it.each(CHANNEL_KINDS)('%s declares the size and pace its service publishes', (kind) => {
    expect(CHANNEL_SLICES[kind].limits.maxBytes).toBe(PUBLISHED[kind].maxBytes);
    expect(paceOf(kind)).toEqual(PUBLISHED[kind].pace);
  });

  it.each(CHANNEL_KINDS)('%s cuts a long notice to the size it declares', (kind) => {
    const request = CHANNEL_SLICES[kind].render(target(kind), longNotice(), {
      now: new Date('2026-12-07T08:00:00Z'),
      event: { type: 'escalation.notice', id: 'evt_1', occurredAt: '2026-12-07T08:00:00Z' },
    });
    expect(measured(kind, request.body)).toBeLessThanOrEqual(CHANNEL_SLICES[kind].limits.maxBytes);
  });

  it("DingTalk's over-the-minute answer waits out the block it declares", () => {
    const outcome = CHANNEL_SLICES.dingtalk.parseAnswer({ status: 200, body: JSON.stringify({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }) });
    expect(outcome).toMatchObject({ outcome: 'transient', retryAfterSeconds: PUBLISHED.dingtalk.pace!.blockSeconds });
  });
});
