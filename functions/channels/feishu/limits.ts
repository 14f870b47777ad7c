/**
 * Feishu's published figures, from 自定义机器人使用指南 (open.feishu.cn, mirrored at
 * open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN): "请求体的数据大小不能超过 20 KB" (the
 * brief said 30 KB; the guide says 20) and "单租户单机器人 100 次/分钟，5 次/秒".
 */
/** 20 KB read as 20,000 bytes, the smaller of the two readings. */
export const FEISHU_MAX_BYTES = 20_000;
export const FEISHU_PER_MINUTE = 100;
export const FEISHU_PER_SECOND = 5;
