/**
 * What a level's notice says: one checkpoint that missed its report, or many of a community that
 * missed together, with the level, the people responsible, who was told before and who could not be
 * reached. In both languages, each with its acknowledge link; the medium renders it.
 */
import type { Checkpoint, Community, Escalation } from '../model';
import { formatLocal, formatLocalEach } from '../time';
import { aside, duration, langOfCommunity, levelName, listIn, type Lang } from '../words';
import { b, noMentions, type Block, type NoticeContent } from '../delivery/content';
import { missesOf } from './misses';

/** Who, told before, may not have heard, and why: "指挥部群（企业微信）：地址或密钥无效". */
export interface Unreachable {
  who: string;
  /** The reason in words (a robot's answer: "地址或密钥无效"); absent for a bouncing address. */
  why?: string;
}

const unreachableBlocks = (unreachable: readonly Unreachable[] | undefined, lang: Lang): Block[] => {
  if (!unreachable?.length) return [];
  const named = unreachable.map((u) => (u.why ? `${u.who}${lang === 'en' ? ': ' : '：'}${u.why}` : u.who));
  const onlyMail = unreachable.every((u) => u.who.includes('@') && !u.why);
  return lang === 'en'
    ? [[b('Note:'), ` ${onlyMail ? 'these addresses' : 'these'} could not be reached, so the earlier level may not have been told: ${listIn(named, lang)}`]]
    : [[b('注意：'), `以下${onlyMail ? '邮箱' : '对象'}无法送达，前一级可能未收到通知：${listIn(named, lang)}`]];
};

/** The slots missed, in words: one, two, or the first and the last and how many in all. */
export const missedInWords = (misses: { count: number; first: string; last: string }, zone: string, lang: Lang): string => {
  if (misses.count <= 1 || misses.first === misses.last) return formatLocal(new Date(misses.first), zone);
  const [first, last] = formatLocalEach([new Date(misses.first), new Date(misses.last)], zone);
  if (misses.count === 2) return lang === 'en' ? `${first}, ${last}` : `${first}，${last}`;
  return lang === 'en' ? `${first} … ${last}, ${misses.count} in all` : `${first} 至 ${last}，共 ${misses.count} 个`;
};

/** Who, told before, may not have heard because the system itself could not send a level's notices. */
export const stepFailedUnreachable = (level: number, repeat: number, lang: Lang): Unreachable => ({
  who: lang === 'en' ? 'the system' : '系统',
  why: lang === 'en' ? `could not send the notices of ${levelName(level, lang)}${againOf(repeat, lang)}` : `未能发出${levelName(level, lang)}${againOf(repeat, lang)}的通知`,
});

/** A reminder's count: （第2次提醒） · , reminder 2 */
const againOf = (repeat: number, lang: Lang) => (repeat === 0 ? '' : lang === 'en' ? `, reminder ${repeat + 1}` : `（第${repeat + 1}次提醒）`);

/**
 * What the recipient is asked to do, by who they are: the checkpoint's own leader reports; a group is
 * asked to see that the gate reports; anyone above is asked to reach the gate's leader, by name.
 */
const askOf = (recipientRole: string | undefined, leaders: readonly string[], lang: Lang): string => {
  const ownGate = recipientRole === 'leader' || recipientRole === 'onDuty';
  if (lang === 'en') {
    if (ownGate) return 'Please send the report from the checkpoint now: the escalation ends when it arrives. Acknowledge with the link.';
    if (recipientRole === 'channel') return 'Please see that the checkpoint reports, and acknowledge with the link.';
    return `Please reach the checkpoint leader${leaders.length > 0 ? ` (${listIn(leaders, lang)})` : ''} and see that it reports; acknowledge with the link.`;
  }
  if (ownGate) return '请立即在本卡点补报，收到上报后督办即结束。收到请点击“确认收到”。';
  if (recipientRole === 'channel') return '请督促卡点尽快上报。收到请点击“确认收到”。';
  return `请尽快联系卡点组长${leaders.length > 0 ? ` ${listIn(leaders, lang)}` : ''}，督促上报。收到请点击“确认收到”。`;
};

export interface LevelNoticeInput {
  escalation: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  level: number;
  repeat: number;
  /** Whom this copy is for: a person's name, or a group's. */
  recipientName: string;
  /** What the recipient is (leader, onDuty, secretary, committee, address, channel): what they are asked to do. */
  recipientRole?: string;
  /** The people this level makes responsible, by name. */
  responsible: string[];
  /** Told at earlier levels, by name or label. */
  othersTold: string[];
  unreachable?: Unreachable[];
  mentions?: { mobiles: string[]; names: string[] };
  ackUrl: string;
  now: Date;
}

export const levelNotice = (input: LevelNoticeInput): NoticeContent => {
  const { escalation, checkpoint, community, level, now } = input;
  const lang = langOfCommunity(community);
  const en = lang === 'en';
  const zone = checkpoint.timezone;
  const overdue = duration(now.getTime() - Date.parse(escalation.missedDeadline), lang);
  const communityName = community?.name ?? checkpoint.communityId;
  const last = checkpoint.lastReadingAt ? formatLocal(new Date(checkpoint.lastReadingAt), zone) : en ? 'none yet' : '尚无';
  const misses = missesOf(escalation);
  const shownSlots = missedInWords(misses, zone, lang);
  const others = input.othersTold.length > 0 ? listIn(input.othersTold, lang) : '—';
  const responsible = input.responsible.length > 0 ? listIn(input.responsible, lang) : '—';
  const again = againOf(input.repeat, lang);
  const leaders = checkpoint.contacts.filter((contact) => contact.role === 'leader').map((contact) => contact.name);
  const where = `${checkpoint.name}${aside(communityName, lang)}`;
  const common = {
    type: 'escalation.notice' as const,
    lang,
    mentions: input.mentions ?? noMentions,
    facts: {
      escalationId: escalation.escalationId,
      checkpointId: checkpoint.checkpointId,
      communityId: escalation.communityId,
      level,
      repeat: input.repeat,
      missed: { count: misses.count, first: misses.first, last: misses.last },
      missedDeadline: escalation.missedDeadline,
      ackUrl: input.ackUrl,
    },
    occurredAt: now.toISOString(),
  };
  if (en) {
    return {
      ...common,
      subject: `Missed report: ${where}, ${overdue} overdue${again}`,
      title: `[Missed report] ${where}, ${overdue} overdue${again}`,
      lines: [
        [`${input.recipientName}:`],
        ['Checkpoint ', b(checkpoint.name), ` (${communityName}) has not reported; it is `, b(overdue), ' overdue.'],
        [`Missed slots: ${shownSlots} (local time)`],
        [`Last report: ${last}`],
        [`Escalation ${levelName(level, lang)}${again}; responsible: ${responsible}. Told before: ${others}`],
        ...unreachableBlocks(input.unreachable, lang),
        [askOf(input.recipientRole, leaders, lang)],
      ],
      actions: [{ label: 'Acknowledge', url: input.ackUrl }],
    };
  }
  return {
    ...common,
    subject: `【未按时上报】${where}已超时 ${overdue}${again}`,
    title: `【漏报督办】${where}已超时 ${overdue}${again}`,
    lines: [
      [`${input.recipientName}：`],
      ['卡点 ', b(checkpoint.name), `（${communityName}）未按时上报，已超时 `, b(overdue), '。'],
      [`漏报时段：${shownSlots}（当地时间）`],
      [`上次上报：${last}`],
      [`当前督办级别：${levelName(level, lang)}${again}，责任人：${responsible}。此前已通知：${others}`],
      ...unreachableBlocks(input.unreachable, lang),
      [askOf(input.recipientRole, leaders, lang)],
    ],
    actions: [{ label: '确认收到', url: input.ackUrl }],
  };
};

export interface GroupNoticeInput {
  community: Community | undefined;
  communityId: string;
  level: number;
  repeat: number;
  recipientName: string;
  /** The escalations of the group this recipient is told about at this level, each with its own link. */
  members: { escalation: Escalation; checkpoint: Checkpoint; ackUrl: string }[];
  unreachable?: Unreachable[];
  mentions?: { mobiles: string[]; names: string[] };
  now: Date;
}

/** One notice for many checkpoints of a community that missed together (a network outage, most likely). */
export const groupNotice = (input: GroupNoticeInput): NoticeContent => {
  const { level, now } = input;
  const lang = langOfCommunity(input.community);
  const communityName = input.community?.name ?? input.communityId;
  const count = input.members.length;
  const again = againOf(input.repeat, lang);
  const rows = input.members.map(({ escalation, checkpoint, ackUrl }) => ({ checkpoint, ackUrl, overdue: duration(now.getTime() - Date.parse(escalation.missedDeadline), lang) }));
  const common = {
    type: 'escalation.notice' as const,
    lang,
    mentions: input.mentions ?? noMentions,
    facts: { communityId: input.communityId, level, repeat: input.repeat, escalationIds: input.members.map((m) => m.escalation.escalationId) },
    occurredAt: now.toISOString(),
  };
  if (lang === 'en') {
    return {
      ...common,
      subject: `Missed reports: ${count} checkpoints of ${communityName}${again}`,
      title: `[Missed reports] ${count} checkpoints of ${communityName}${again}`,
      lines: [
        [`${input.recipientName}:`],
        [b(String(count)), ` checkpoints of ${communityName} missed their reports at the same time — a network outage is likely. Escalation ${levelName(level, lang)}${again}.`],
        { list: rows.map((row) => [b(row.checkpoint.name), `, ${row.overdue} overdue — `, { link: row.ackUrl, label: 'acknowledge' }]) },
        ...unreachableBlocks(input.unreachable, lang),
        ['Please acknowledge each, or reach their checkpoint leaders.'],
      ],
      actions: rows.map((row) => ({ label: `Acknowledge ${row.checkpoint.name}`, url: row.ackUrl })),
    };
  }
  return {
    ...common,
    subject: `【未按时上报】${communityName} ${count} 个卡点同时漏报${again}`,
    title: `【漏报督办】${communityName} ${count} 个卡点同时漏报${again}`,
    lines: [
      [`${input.recipientName}：`],
      [`${communityName} 有 `, b(String(count)), ` 个卡点在同一时间未按时上报，可能是网络或通信中断。当前督办级别：${levelName(level, lang)}${again}。`],
      { list: rows.map((row) => [b(row.checkpoint.name), `，已超时 ${row.overdue} — `, { link: row.ackUrl, label: '确认收到' }]) },
      ...unreachableBlocks(input.unreachable, lang),
      ['请逐一确认，或联系各卡点组长。'],
    ],
    actions: rows.map((row) => ({ label: `确认 ${row.checkpoint.name}`, url: row.ackUrl })),
  };
};
