/**
 * A small world for the one sender's tests: the rows and pace counters' fakes (the contract suite
 * keeps them honest), a registry with one community and its groups, a notifier that records every
 * message with the instant it was posted and can be told how to answer, and a frozen clock moved by
 * hand. A row is written as a change writes it; `stream` is what the table's stream wakes the sender
 * with (that destination at once), `minute` the minute's run.
 */
import type { ChannelKind } from '../../../functions/channels';
import { paceOf } from '../../../functions/channels';
import type { NoticeContent, Span } from '../../../functions/domain/delivery/content';
import type { Destination, Notifier } from '../../../functions/domain/delivery/notifier-port';
import type { NewRow, NoticeRef, NoticeRow } from '../../../functions/domain/delivery/rows';
import { sendDue, sendTo, type SenderDeps, type SendResult } from '../../../functions/domain/delivery/sender';
import { chatAddress } from '../../../functions/domain/escalation/addresses';
import type { Channel, Community } from '../../../functions/domain/model';
import { MemoryNoticeRows } from '../../helpers/fakes/notice-rows';
import { memoryPace } from '../../helpers/fakes/pace';

export const MINUTE = 60_000;

export interface Post {
  at: number;
  to: Destination;
  content: NoticeContent;
  eventId: string;
}

/** What a message told: the subjects of the rows it carries (a row alone: its own; a bundle: its list's). */
export const subjectsOf = (content: NoticeContent): string[] => {
  const list = content.lines.find((block): block is { list: Span[][] } => !Array.isArray(block) && 'list' in block);
  return content.facts.digest !== undefined && list ? list.list.map((item) => String(item[0])) : [content.subject];
};

export const content = (subject: string, overrides: Partial<NoticeContent> = {}): NoticeContent => ({
  type: 'escalation.notice', lang: 'zh-CN', subject, title: subject, lines: [[`${subject}：请尽快处理`]], actions: [{ label: '确认收到', url: `https://api.test/ack/${subject}` }],
  mentions: { mobiles: [], names: [] }, facts: { subject }, occurredAt: '2026-12-01T08:00:00.000Z', ...overrides,
});

export const COMMUNITY = 'yuyue';
export const ROBOT_URL: Record<ChannelKind, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=pace',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=pace',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/pace',
  webhook: 'https://hooks.example.org/checkpoint-watch',
} as Record<ChannelKind, string>;

export const makeWorld = (start = '2026-12-01T08:00:00.000Z') => {
  let now = new Date(start);
  const rows = new MemoryNoticeRows();
  const pace = memoryPace();
  const channels: Channel[] = [];
  const community: Community = { communityId: COMMUNITY, name: '玉岳社区', timezone: 'Asia/Shanghai', contacts: [], channels, createdAt: start, updatedAt: start };
  const posts: Post[] = [];
  /** Every send tried, refused ones too. */
  const tried: Post[] = [];
  const world = {
    rows,
    pace,
    posts,
    tried,
    community,
    /** How the service answers a send: throw to refuse or defer it. */
    answer: (_to: Destination, _content: NoticeContent): void => undefined,
    unwanted: new Set<string>(),
    now: () => new Date(now),
    set: (iso: string | number) => {
      now = new Date(iso);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    /** A group of the community, and its chat address. */
    group: (id: string, kind: ChannelKind = 'wecom', url = ROBOT_URL[kind]) => {
      channels.push({ id, kind, name: `${id}群`, url, summaries: true } as Channel);
      return chatAddress('community', COMMUNITY, id);
    },
    removeGroup: (id: string) => {
      channels.splice(channels.findIndex((channel) => channel.id === id), 1);
    },
    /** Writes a row as a change does, now. */
    write: (notice: Partial<NoticeRef> & { recipient: string; escalationId: string }, overrides: Partial<NewRow> = {}): NoticeRef => {
      const ref: NoticeRef = { kind: 'level', level: 1, repeat: 0, ...notice };
      rows.write({ notice: ref, content: content(ref.escalationId), links: [{ label: '确认', url: `https://api.test/ack/${ref.escalationId}` }], ...overrides }, now);
      return ref;
    },
    row: (notice: NoticeRef): NoticeRow => rows.row(notice)!,
    deps: undefined as unknown as SenderDeps,
    /** The stream's run for a destination whose row was just written. */
    stream: (recipient: string): Promise<SendResult> => sendTo(world.deps, recipient),
    minute: (): Promise<SendResult> => sendDue(world.deps),
    /** What reached an address, in order. */
    to: (address: string) => posts.filter((post) => post.to.address.toLowerCase() === address.toLowerCase()),
  };
  const notifier: Notifier = {
    send: async (to, sent, context) => {
      const post = { at: now.getTime(), to, content: sent, eventId: context.eventId };
      tried.push(post);
      world.answer(to, sent);
      posts.push(post);
    },
    // As the channel kinds declare their services' limits (the deployed notifier reads the same).
    pace: (to) => {
      if (to.medium !== 'chat') return undefined;
      const pace = paceOf(to.channel.kind);
      return pace === undefined ? undefined : { perMinute: pace.perMinute, ...(pace.perSecond !== undefined && { perSecond: pace.perSecond }) };
    },
  };
  world.deps = {
    rows,
    pace,
    channels: { checkpoint: async () => undefined, community: async (id) => (id === COMMUNITY ? structuredClone(community) : undefined) },
    notifier,
    now: world.now,
    wanted: async (row) => !world.unwanted.has(row.notice.escalationId),
    limits: { noticesPerHour: 1000 },
  };
  return world;
};

export type World = ReturnType<typeof makeWorld>;
