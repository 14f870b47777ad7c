/** WeCom (企业微信) group robot: a text message to the robot's key (render.ts), 20 a minute (limits.ts). */
import type { ChannelSlice } from '../kind';
import { classifyWecom } from './answers';
import { WECOM_PER_MINUTE, WECOM_TEXT_MAX_BYTES } from './limits';
import { wecomRequest } from './render';

export * from './limits';
export const WECOM_HOST = 'qyapi.weixin.qq.com';
export const WECOM_PATH = '/cgi-bin/webhook/send';

export const wecom: ChannelSlice<'wecom'> = {
  kind: 'wecom',
  urlRules: {
    hosts: [WECOM_HOST],
    shapeProblem: (url) => (url.pathname === WECOM_PATH && url.searchParams.get('key') ? undefined : `a WeCom robot URL is ${WECOM_PATH}?key=…`),
  },
  limits: { maxBytes: WECOM_TEXT_MAX_BYTES },
  pace: { perMinute: WECOM_PER_MINUTE },
  render: (target, notice) => wecomRequest(target, notice),
  parseAnswer: classifyWecom,
};
