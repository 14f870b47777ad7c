/**
 * Feishu / Lark (飞书) custom bot, the wire format from 自定义机器人使用指南 (open.feishu.cn): POST JSON
 * to `https://open.feishu.cn/open-apis/bot/v2/hook/<token>` (Lark: open.larksuite.com), a text message
 * `{ msg_type: "text", content: { text } }`, with `timestamp` (seconds, as a string) and `sign` in the
 * body when the bot checks signatures (签名校验, see ../signing.ts). A custom bot cannot @mention by
 * mobile, so people are named in the text.
 */
import { fitNotice } from '../fit';
import type { ChannelRequest, ChannelTarget } from '../kind';
import { cleanLine, inert, jsonRequest, plainText, unique, utf8Bytes, type ChatNotice } from '../notice';
import { feishuSign } from '../signing';
import { FEISHU_MAX_BYTES } from './limits';

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
