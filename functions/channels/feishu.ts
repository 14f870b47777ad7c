/**
 * Feishu / Lark (飞书) custom bot. Wire format from 自定义机器人使用指南 (open.feishu.cn, mirrored at
 * open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN): POST JSON to
 * `https://open.feishu.cn/open-apis/bot/v2/hook/<token>` (Lark: open.larksuite.com), a text message
 * `{ msg_type: "text", content: { text } }`, with `timestamp` (seconds, as a string) and `sign` in the
 * body when the bot checks signatures (签名校验, see signing.ts). A custom bot cannot @mention by
 * mobile, so people are named in the text. Limits, from the same guide: "请求体的数据大小不能超过
 * 20 KB" (the brief said 30 KB; the guide says 20) and "单租户单机器人 100 次/分钟，5 次/秒".
 */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from './answers';
import { fitNotice } from './fit';
import { cleanLine, inert, jsonRequest, plainText, unique, utf8Bytes, type ChannelRequest, type ChannelTarget, type ChatNotice } from './notice';
import { feishuSign } from './signing';

export const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'] as const;
export const FEISHU_PATH_PREFIX = '/open-apis/bot/v2/hook/';
/** 20 KB read as 20,000 bytes, the smaller of the two readings. */
export const FEISHU_MAX_BYTES = 20_000;
export const FEISHU_PER_MINUTE = 100;
export const FEISHU_PER_SECOND = 5;

const feishuBody = (notice: ChatNotice, names: string[], omitted: number, signature: Record<string, string>) => ({
  ...signature,
  msg_type: 'text',
  content: { text: plainText(notice, names.length > 0 ? [names.map((name) => `@${inert(cleanLine(name))}`).join(' ')] : [], omitted) },
});

export const feishuRequest = (target: ChannelTarget, notice: ChatNotice, now: Date): ChannelRequest => {
  const names = unique(notice.mentions.names.map(cleanLine));
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature: Record<string, string> = target.secret ? { timestamp: String(timestamp), sign: feishuSign(timestamp, target.secret) } : {};
  const fitted = fitNotice(notice, FEISHU_MAX_BYTES, (candidate, omitted) => utf8Bytes(JSON.stringify(feishuBody(candidate, names, omitted, signature))));
  return jsonRequest(target.url, feishuBody(fitted.notice, names, fitted.omitted, signature));
};

/**
 * Feishu's codes: 19021 "sign match fail or timestamp is not within one hour from current time",
 * 19022 IP not allowed, 19024 keywords not found (the bot's security settings), 19001 "param invalid:
 * incoming webhook access token invalid" (a removed bot or a wrong URL) — answers recorded with HTTP
 * 200; 11232 the guide's own rate-limit error; 99991400 "request trigger frequency limit" (频控策略,
 * open.feishu.cn/document/server-docs/api-call-guide/frequency-control); 9499 is "Bad Request" and,
 * with "too many request", the per-second limit, so its message tells the two apart.
 */
export const classifyFeishu = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'code');
  if (!parsed) return permanent('unknown');
  const { code, message } = parsed;
  switch (code) {
    case 0:
      return sent;
    case 11232:
    case 99991400:
      return transient('rate-limited', 60, code);
    case 9499:
      return /too many|frequen|limit/i.test(message) ? transient('rate-limited', 1, code) : permanent('bad-request', code);
    case 19021:
      return permanent('bad-sign', code);
    case 19022:
    case 19024:
      return permanent('blocked', code);
    case 19001:
      return permanent('bad-key', code);
    case 19002:
      return permanent('bad-request', code);
    default:
      return permanent('unknown', code);
  }
};
