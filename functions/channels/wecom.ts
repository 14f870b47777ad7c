/**
 * WeCom (企业微信) group robot. Wire format from 群机器人配置说明
 * (developer.work.weixin.qq.com/document/path/91770): POST JSON to
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; a text message is
 * `{ msgtype: "text", text: { content, mentioned_mobile_list } }`, "content 文本内容，最长不超过2048个字节，
 * 必须是utf8编码" (markdown allows 4096 bytes but cannot @mention by mobile, so notices go as text);
 * "每个机器人发送的消息不能超过20条/分钟". No signing: the key in the URL is the credential.
 */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from './answers';
import { fitNotice } from './fit';
import { jsonRequest, mentionMobile, plainText, unique, utf8Bytes, type ChannelRequest, type ChannelTarget, type ChatNotice } from './notice';

export const WECOM_HOST = 'qyapi.weixin.qq.com';
export const WECOM_PATH = '/cgi-bin/webhook/send';
export const WECOM_TEXT_MAX_BYTES = 2048;
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
export const WECOM_PER_MINUTE = 20;

export const wecomRequest = (target: ChannelTarget, notice: ChatNotice): ChannelRequest => {
  const mobiles = unique(notice.mentions.mobiles.map(mentionMobile));
  // WeCom @mentions from the list; the content only has to carry the words.
  const fitted = fitNotice(notice, WECOM_TEXT_MAX_BYTES, (candidate, omitted) => utf8Bytes(plainText(candidate, [], omitted)));
  const content = plainText(fitted.notice, [], fitted.omitted);
  return jsonRequest(target.url, { msgtype: 'text', text: { content, ...(mobiles.length > 0 ? { mentioned_mobile_list: mobiles } : {}) } });
};

/**
 * WeCom's codes: 93000 "invalid webhook url, hint: …" is what a wrong key or a removed robot gets
 * (answers recorded in public robot clients' tests); 45009 "api freq out of limit" the rate limit;
 * from the 全局错误码 table (as mirrored on kancloud.cn): -1 系统繁忙, 45033 concurrent calls over the
 * limit, 40008 invalid msgtype, 44004 empty content, 45002 content over the size limit. Any other code
 * is a refusal we do not know: recorded as such, not retried for a day.
 */
export const classifyWecom = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'errcode');
  if (!parsed) return permanent('unknown');
  switch (parsed.code) {
    case 0:
      return sent;
    case 45009:
      return transient('rate-limited', 60, parsed.code);
    case 45033:
    case -1:
      return transient('service-error', 30, parsed.code);
    case 93000:
      return permanent('bad-key', parsed.code);
    case 45002:
      return permanent('too-long', parsed.code);
    case 40008:
    case 44004:
      return permanent('bad-request', parsed.code);
    default:
      return permanent('unknown', parsed.code);
  }
};
