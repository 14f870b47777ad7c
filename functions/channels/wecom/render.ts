/**
 * WeCom (企业微信) group robot, the wire format from 群机器人配置说明
 * (developer.work.weixin.qq.com/document/path/91770): POST JSON to
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; a text message is
 * `{ msgtype: "text", text: { content, mentioned_mobile_list } }`, the content at most 2048 bytes
 * (limits.ts). No signing: the key in the URL is the credential.
 */
import { fitNotice } from '../fit';
import type { ChannelRequest, ChannelTarget } from '../kind';
import { jsonRequest, mentionMobile, plainText, unique, utf8Bytes, type ChatNotice } from '../notice';
import { WECOM_TEXT_MAX_BYTES } from './limits';

export const wecomRequest = (target: ChannelTarget, notice: ChatNotice): ChannelRequest => {
  const mobiles = unique(notice.mentions.mobiles.map(mentionMobile));
  // WeCom @mentions from the list; the content only has to carry the words.
  const fitted = fitNotice(notice, WECOM_TEXT_MAX_BYTES, (candidate, omitted) => utf8Bytes(plainText(candidate, [], omitted)));
  const content = plainText(fitted.notice, [], fitted.omitted);
  return jsonRequest(target.url, { msgtype: 'text', text: { content, ...(mobiles.length > 0 ? { mentioned_mobile_list: mobiles } : {}) } });
};
