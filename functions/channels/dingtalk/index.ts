/**
 * DingTalk (钉钉) custom robot: a text message to the robot's access token, signed when the robot signs
 * (render.ts); 20 a minute, past which DingTalk blocks the robot for ten minutes (limits.ts).
 */
import type { ChannelSlice } from '../kind';
import { classifyDingtalk } from './answers';
import { DINGTALK_BLOCK_SECONDS, DINGTALK_MAX_BYTES, DINGTALK_PER_MINUTE } from './limits';
import { dingtalkRequest } from './render';

export * from './limits';
export const DINGTALK_HOST = 'oapi.dingtalk.com';
export const DINGTALK_PATH = '/robot/send';

export const dingtalk: ChannelSlice<'dingtalk'> = {
  kind: 'dingtalk',
  urlRules: {
    hosts: [DINGTALK_HOST],
    shapeProblem: (url) => (url.pathname === DINGTALK_PATH && url.searchParams.get('access_token') ? undefined : `a DingTalk robot URL is ${DINGTALK_PATH}?access_token=…`),
  },
  limits: { maxBytes: DINGTALK_MAX_BYTES },
  pace: { perMinute: DINGTALK_PER_MINUTE, blockSeconds: DINGTALK_BLOCK_SECONDS },
  render: (target, notice, { now }) => dingtalkRequest(target, notice, now),
  parseAnswer: classifyDingtalk,
};
