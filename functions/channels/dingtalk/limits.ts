/**
 * DingTalk's published figures, from 自定义机器人发送群消息 (open.dingtalk.com) and its error codes: the
 * message at most 20000 bytes (460101 "message too long, exceed 20000 bytes") and 20 a minute per robot
 * (130101 "send too fast, exceed 20 times per minute"), beyond which DingTalk blocks the robot for 10
 * minutes.
 */
export const DINGTALK_MAX_BYTES = 20_000;
export const DINGTALK_PER_MINUTE = 20;
/** How long DingTalk blocks a robot that went over its minute. */
export const DINGTALK_BLOCK_SECONDS = 600;
