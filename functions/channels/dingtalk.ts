/**
 * DingTalk (钉钉) custom robot. Wire format from 自定义机器人发送群消息 and 自定义机器人安全设置
 * (open.dingtalk.com): POST JSON to `https://oapi.dingtalk.com/robot/send?access_token=…`, with
 * `&timestamp=<ms>&sign=<urlencoded base64>` when the robot signs (加签, see signing.ts). A text message
 * is `{ msgtype: "text", text: { content }, at: { atMobiles, isAtAll } }`; a mobile is @mentioned only
 * when `@<mobile>` is also in the content. Limits: the message at most 20000 bytes (460101 "message
 * too long, exceed 20000 bytes") and 20 a minute per robot (130101 "send too fast, exceed 20 times per
 * minute"), beyond which DingTalk blocks the robot for 10 minutes.
 */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from './answers';
import { fitNotice } from './fit';
import { jsonRequest, mentionMobile, plainText, unique, utf8Bytes, type ChannelRequest, type ChannelTarget, type ChatNotice } from './notice';
import { dingtalkSign } from './signing';

export const DINGTALK_HOST = 'oapi.dingtalk.com';
export const DINGTALK_PATH = '/robot/send';
export const DINGTALK_MAX_BYTES = 20_000;
export const DINGTALK_PER_MINUTE = 20;
/** How long DingTalk blocks a robot that went over its minute. */
export const DINGTALK_BLOCK_SECONDS = 600;

const dingtalkBody = (notice: ChatNotice, mobiles: string[], omitted: number) => ({
  msgtype: 'text',
  text: { content: plainText(notice, mobiles.length > 0 ? [mobiles.map((mobile) => `@${mobile}`).join(' ')] : [], omitted) },
  at: { atMobiles: mobiles, isAtAll: false },
});

export const dingtalkRequest = (target: ChannelTarget, notice: ChatNotice, now: Date): ChannelRequest => {
  const mobiles = unique(notice.mentions.mobiles.map(mentionMobile));
  // The limit is DingTalk's on the message; measured here on the whole body, which is a little more.
  const fitted = fitNotice(notice, DINGTALK_MAX_BYTES, (candidate, omitted) => utf8Bytes(JSON.stringify(dingtalkBody(candidate, mobiles, omitted))));
  const url = new URL(target.url);
  if (target.secret) {
    const timestamp = now.getTime();
    url.searchParams.set('timestamp', String(timestamp));
    url.searchParams.set('sign', dingtalkSign(timestamp, target.secret));
  }
  return jsonRequest(url.toString(), dingtalkBody(fitted.notice, mobiles, fitted.omitted));
};

/**
 * DingTalk's codes, from its 错误码 table (open.dingtalk.com) and answers others recorded:
 * 130101 and 410100 (限流) are rate limits, -1 系统繁忙 a passing fault; 310000 is the robot's security
 * check — "sign not match", "keywords not in content" or "ip … not in whitelist" share it, so the
 * message tells them apart; 300001 / 300005 / 400101 "token is not exist", 400102 robot stopped, 400106
 * robot not found, 400013 group dissolved and 40035 (access_token missing) mean the URL is no good;
 * 460101 too long; 43004 wrong content type.
 */
export const classifyDingtalk = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'errcode');
  if (!parsed) return permanent('unknown');
  const { code, message } = parsed;
  switch (code) {
    case 0:
      return sent;
    case 130101:
    case 410100:
      return transient('rate-limited', DINGTALK_BLOCK_SECONDS, code);
    case -1:
      return transient('service-error', 30, code);
    case 310000:
      return permanent(/keyword|关键词|whitelist|白名单|\bip\b/i.test(message) ? 'blocked' : 'bad-sign', code);
    case 300001:
    case 300005:
    case 400101:
    case 400102:
    case 400106:
    case 400013:
    case 40035:
      return permanent('bad-key', code);
    case 460101:
      return permanent('too-long', code);
    case 43004:
      return permanent('bad-request', code);
    default:
      return permanent('unknown', code);
  }
};
