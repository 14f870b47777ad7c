/**
 * The registry of channel kinds: one slice each (functions/channels/<kind>/index.ts, the contract in
 * kind.ts, the steps to add one in docs/channels.md), and what the chat sender asks of them by kind —
 * the request for a notice, what an answer means, the pace. The URL rules are checked by urls.ts.
 * Pure (node:crypto and node:net's address lists only): the sender, the URL resolver and the clock
 * belong to the caller.
 */
import type { NoticeContent } from '../domain/delivery/content';
import type { AnswerOutcome, ServiceAnswer } from './answers';
import { dingtalk } from './dingtalk';
import { feishu } from './feishu';
import type { ChannelKind, ChannelRequest, ChannelSlice, ChannelTarget, Pace, PostContext } from './kind';
import { chatNoticeOf, type ChatNotice } from './notice';
import { webhook } from './webhook';
import { wecom } from './wecom';

export { CHANNEL_KINDS, type ChannelKind, type ChannelRequest, type ChannelSlice, type ChannelTarget, type Pace, type PostContext, type SizeLimit, type UrlRules } from './kind';
export { chatNoticeOf, type ChatNotice, type NoticeAction } from './notice';
export { PROBLEM_TEXT, type AnswerOutcome, type Problem, type ServiceAnswer } from './answers';
export { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookEventType } from './webhook';

/** Every kind's slice: a kind added to CHANNEL_KINDS without its slice here does not compile. */
export const CHANNEL_SLICES: { readonly [K in ChannelKind]: ChannelSlice<K> } = { wecom, dingtalk, feishu, webhook };

export const channelRequest = (kind: ChannelKind, target: ChannelTarget, notice: ChatNotice, context: PostContext): ChannelRequest =>
  CHANNEL_SLICES[kind].render(target, notice, context);

/**
 * The request for a notice's content: its chat form (the same lines for every kind) and, for a webhook,
 * the event it is — `eventId` is the notice's, the same on every attempt; `now` is this attempt's.
 */
export const noticeRequest = (kind: ChannelKind, target: ChannelTarget, content: NoticeContent, { now, eventId }: { now: Date; eventId: string }): ChannelRequest =>
  channelRequest(kind, target, chatNoticeOf(content), { now, event: { type: content.type, id: eventId, occurredAt: content.occurredAt, data: content.facts } });

export const classifyAnswer = (kind: ChannelKind, answer: ServiceAnswer): AnswerOutcome => CHANNEL_SLICES[kind].parseAnswer(answer);

/** The service's own rate per robot, for pacing; undefined where it publishes none (a webhook). */
export const paceOf = (kind: ChannelKind): Pace | undefined => CHANNEL_SLICES[kind].pace;
