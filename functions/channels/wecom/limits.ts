/**
 * WeCom's published figures, from 群机器人配置说明 (developer.work.weixin.qq.com/document/path/91770):
 * a text message's "content 文本内容，最长不超过2048个字节，必须是utf8编码" (markdown allows 4096 bytes but
 * cannot @mention by mobile, so notices go as text); "每个机器人发送的消息不能超过20条/分钟".
 */
export const WECOM_TEXT_MAX_BYTES = 2048;
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
export const WECOM_PER_MINUTE = 20;
