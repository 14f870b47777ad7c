/**
 * DingTalk (钉钉) custom robot, the wire format from 自定义机器人发送群消息 and 自定义机器人安全设置
 * (open.dingtalk.com): POST JSON to `https://oapi.dingtalk.com/robot/send?access_token=…`, with
 * `&timestamp=<ms>&sign=<urlencoded base64>` when the robot signs (加签, see ../signing.ts). A text
 * message is `{ msgtype: "text", text: { content }, at: { atMobiles, isAtAll } }`; a mobile is
 * @mentioned only when `@<mobile>` is also in the content.
 */
import { fitNotice } from '../fit';
import type { ChannelRequest, ChannelTarget } from '../kind';
import { jsonRequest, mentionMobile, plainText, unique, utf8Bytes, type ChatNotice } from '../notice';
import { dingtalkSign } from '../signing';
import { DINGTALK_MAX_BYTES } from './limits';

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
