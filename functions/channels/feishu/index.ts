/**
 * Feishu / Lark (飞书) custom bot: a text message to the bot's hook, signed when the bot checks signatures
 * (render.ts); 5 a second and 100 a minute (limits.ts).
 */
import type { ChannelSlice } from '../kind';
import { classifyFeishu } from './answers';
import { FEISHU_MAX_BYTES, FEISHU_PER_MINUTE, FEISHU_PER_SECOND } from './limits';
import { feishuRequest } from './render';

export * from './limits';
export const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'] as const;
export const FEISHU_PATH_PREFIX = '/open-apis/bot/v2/hook/';

export const feishu: ChannelSlice<'feishu'> = {
  kind: 'feishu',
  urlRules: {
    hosts: FEISHU_HOSTS,
    shapeProblem: (url) =>
      url.pathname.startsWith(FEISHU_PATH_PREFIX) && /^[\w-]+$/.test(url.pathname.slice(FEISHU_PATH_PREFIX.length)) ? undefined : `a Feishu bot URL is ${FEISHU_PATH_PREFIX}<token>`,
  },
  limits: { maxBytes: FEISHU_MAX_BYTES },
  pace: { perMinute: FEISHU_PER_MINUTE, perSecond: FEISHU_PER_SECOND },
  render: (target, notice, { now }) => feishuRequest(target, notice, now),
  parseAnswer: classifyFeishu,
};
