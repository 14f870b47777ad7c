/** Each kind's request from a notice: its wire format, its mentions, and its size limit. */
import { describe, expect, it } from 'vitest';
import { DINGTALK_MAX_BYTES } from '../../functions/channels/dingtalk/limits';
import { dingtalkRequest } from '../../functions/channels/dingtalk/render';
import { FEISHU_MAX_BYTES } from '../../functions/channels/feishu/limits';
import { feishuRequest } from '../../functions/channels/feishu/render';
import { fitNotice } from '../../functions/channels/fit';
import { plainText, utf8Bytes } from '../../functions/channels/notice';
import { WEBHOOK_MAX_BYTES } from '../../functions/channels/webhook/limits';
import { webhookRequest } from '../../functions/channels/webhook/render';
import { WECOM_TEXT_MAX_BYTES } from '../../functions/channels/wecom/limits';
import { wecomRequest } from '../../functions/channels/wecom/render';
import { ACK_URL, longNotice, notice } from './fixtures';

const WECOM = { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1' };
const DINGTALK = { url: 'https://oapi.dingtalk.com/robot/send?access_token=t-1', secret: 'SECabc' };
const FEISHU = { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/h-1', secret: 'fs' };
const WEBHOOK = { url: 'https://hooks.example.org/in', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
const EVENT = { type: 'escalation.notice', id: 'esc_1', occurredAt: '2026-03-01T00:00:00.000Z' } as const;
const NOW = new Date('2026-03-01T00:01:00Z');

/** Valid UTF-8 both ways: the bytes decode strictly and encode back to themselves. */
const validUtf8 = (text: string): boolean => {
  const bytes = Buffer.from(text, 'utf8');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes) === text && !text.includes('\uFFFD');
};

describe('wire formats', () => {
  it('WeCom: text with the mobiles in mentioned_mobile_list, +86 dropped, the ack link in the content', () => {
    const body = JSON.parse(wecomRequest(WECOM, notice()).body);
    expect(body.msgtype).toBe('text');
    expect(body.text.mentioned_mobile_list).toEqual(['13800001111', '13900002222']);
    expect(body.text.content.startsWith('【漏报督办】城关社区 · 东门卡点\n漏报时段')).toBe(true);
    expect(body.text.content).toContain(`确认 Acknowledge：${ACK_URL}`);
  });

  it('DingTalk: text with at.atMobiles and each mobile also @ in the content', () => {
    const body = JSON.parse(dingtalkRequest(DINGTALK, notice(), NOW).body);
    expect(body).toMatchObject({ msgtype: 'text', at: { atMobiles: ['13800001111', '13900002222'], isAtAll: false } });
    expect(body.text.content.endsWith('@13800001111 @13900002222')).toBe(true);
  });

  it('Feishu: text naming the people, since a custom bot cannot @ by mobile', () => {
    const body = JSON.parse(feishuRequest(FEISHU, notice(), NOW).body);
    expect(body.msg_type).toBe('text');
    expect(body.content.text.endsWith('@黄祖浩')).toBe(true);
    expect(body.content.text).not.toContain('13800001111');
  });

  it('every kind: JSON, POST, redirects not followed', () => {
    for (const request of [wecomRequest(WECOM, notice()), dingtalkRequest(DINGTALK, notice(), NOW), feishuRequest(FEISHU, notice(), NOW), webhookRequest(WEBHOOK, notice(), EVENT, NOW)]) {
      expect(request).toMatchObject({ method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json; charset=utf-8' } });
    }
  });

  it('free text cannot @mention anyone: WeCom <@all> and Feishu <at user_id="all"> are made inert, controls become spaces', () => {
    const sly = notice({ title: '东门<@all>', lines: ['<at user_id="all">所有人</at>', 'a\nb\u202Ec'] });
    const wecom = JSON.parse(wecomRequest(WECOM, sly).body).text.content as string;
    const feishu = JSON.parse(feishuRequest(FEISHU, sly, NOW).body).content.text as string;
    for (const text of [wecom, feishu]) {
      expect(text).not.toContain('<');
      expect(text).toContain('东门＜@all>');
      expect(text).toContain('a b c');
    }
  });
});

describe('size limits', () => {
  const cases = [
    ['WeCom', WECOM_TEXT_MAX_BYTES, () => JSON.parse(wecomRequest(WECOM, longNotice()).body).text.content as string, (s: string) => utf8Bytes(s)],
    ['DingTalk', DINGTALK_MAX_BYTES, () => dingtalkRequest(DINGTALK, longNotice(), NOW).body, utf8Bytes],
    ['Feishu', FEISHU_MAX_BYTES, () => feishuRequest(FEISHU, longNotice(), NOW).body, utf8Bytes],
    ['webhook', WEBHOOK_MAX_BYTES, () => webhookRequest(WEBHOOK, longNotice(), EVENT, NOW).body, utf8Bytes],
  ] as const;

  for (const [kind, limit, render, measure] of cases) {
    it(`${kind}: a long notice is cut under ${limit} bytes, stays valid UTF-8, keeps the ack link and says what it left out`, () => {
      const text = render();
      expect(measure(text)).toBeLessThanOrEqual(limit);
      expect(measure(text)).toBeGreaterThan(limit * 0.9);
      expect(validUtf8(text)).toBe(true);
      expect(text).toContain(ACK_URL);
      expect(text).toMatch(/行未显示|omittedLines/);
    });
  }

  it('a short notice goes whole', () => {
    expect(JSON.parse(wecomRequest(WECOM, notice()).body).text.content).toBe(plainText(notice()));
  });

  it('cuts between graphemes: an emoji family is never split, even in the line cut short', () => {
    const family = '👨‍👩‍👧‍👦';
    const many = notice({ lines: [family.repeat(400)], actions: [{ label: 'ack', url: ACK_URL }], mentions: { mobiles: [], names: [] } });
    const content = JSON.parse(wecomRequest(WECOM, many).body).text.content as string;
    const kept = content.split('\n')[1]!;
    expect(kept.endsWith(`${family}…`)).toBe(true);
    expect(kept.replace('…', '').length % family.length).toBe(0);
  });

  it('keeps the first ack link over the others when links alone are too long, and cuts an endless title', () => {
    const links = Array.from({ length: 60 }, (_, i) => ({ label: `确认 ${i}`, url: `${ACK_URL}&n=${i}` }));
    const fitted = fitNotice(notice({ actions: links, title: '长'.repeat(3000) }), 2048, (n, omitted) => utf8Bytes(plainText(n, [], omitted)));
    expect(fitted.notice.actions[0]!.url).toBe(links[0]!.url);
    expect(fitted.notice.actions.length).toBeLessThan(60);
    expect(utf8Bytes(plainText(fitted.notice, [], fitted.omitted))).toBeLessThanOrEqual(2048);
    expect(fitted.omitted).toBe(4);
  });

  it('a lone surrogate in the input becomes U+FFFD, not invalid UTF-8', () => {
    const content = JSON.parse(wecomRequest(WECOM, notice({ lines: ['bad \uD800 half'] })).body).text.content as string;
    expect(content).toContain('bad \uFFFD half');
  });
});
