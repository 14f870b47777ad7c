/**
 * The chat channels by kind: how a notice becomes a request, what an answer means, and how many posts
 * a minute the service takes. Pure (node:crypto and node:net's address lists only): the sender, the
 * URL resolver and the clock belong to the caller.
 */
import type { AnswerOutcome, ServiceAnswer } from './answers';
import { classifyDingtalk, dingtalkRequest, DINGTALK_PER_MINUTE } from './dingtalk';
import { classifyFeishu, feishuRequest, FEISHU_PER_MINUTE, FEISHU_PER_SECOND } from './feishu';
import type { ChannelKind, ChannelRequest, ChannelTarget, ChatNotice } from './notice';
import { classifyWebhook, webhookRequest, type WebhookEvent } from './webhook';
import { classifyWecom, wecomRequest, WECOM_PER_MINUTE } from './wecom';

export { CHANNEL_KINDS, type ChannelKind, type ChannelRequest, type ChannelTarget, type ChatNotice, type NoticeAction } from './notice';
export { PROBLEM_TEXT, type AnswerOutcome, type Problem, type ServiceAnswer } from './answers';
export { channelUrlProblem, checkChannelUrl, isPublicAddress, type Resolver, type UrlCheck, type UrlCheckOptions } from './urls';
export { webhookKey } from './signing';
export { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from './webhook';

/** What a post needs besides the notice: the clock (signatures) and, for a webhook, the event it is. */
export interface PostContext {
  now: Date;
  event: WebhookEvent;
}

interface ChannelKindDef {
  request(target: ChannelTarget, notice: ChatNotice, context: PostContext): ChannelRequest;
  classify(answer: ServiceAnswer): AnswerOutcome;
  /** The service's own rate limit per robot, for pacing; undefined where it publishes none. */
  perMinute?: number;
  perSecond?: number;
  /** Whether the kind cannot work without a secret. */
  needsSecret: boolean;
}

export const CHANNEL_KIND_DEFS: Record<ChannelKind, ChannelKindDef> = {
  wecom: { request: (target, notice) => wecomRequest(target, notice), classify: classifyWecom, perMinute: WECOM_PER_MINUTE, needsSecret: false },
  dingtalk: { request: (target, notice, { now }) => dingtalkRequest(target, notice, now), classify: classifyDingtalk, perMinute: DINGTALK_PER_MINUTE, needsSecret: false },
  feishu: {
    request: (target, notice, { now }) => feishuRequest(target, notice, now),
    classify: classifyFeishu,
    perMinute: FEISHU_PER_MINUTE,
    perSecond: FEISHU_PER_SECOND,
    needsSecret: false,
  },
  webhook: { request: (target, notice, { now, event }) => webhookRequest(target, notice, event, now), classify: classifyWebhook, needsSecret: true },
};

export const channelRequest = (kind: ChannelKind, target: ChannelTarget, notice: ChatNotice, context: PostContext): ChannelRequest =>
  CHANNEL_KIND_DEFS[kind].request(target, notice, context);

export const classifyAnswer = (kind: ChannelKind, answer: ServiceAnswer): AnswerOutcome => CHANNEL_KIND_DEFS[kind].classify(answer);
