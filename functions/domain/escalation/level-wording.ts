/**
 * What a level's notice says: one checkpoint that missed its report, or many of a community that
 * missed together, with the level, the people responsible, who was told before and who could not be
 * reached. In both languages, each with its acknowledge link; the medium renders it.
 */
import type { Checkpoint, Community, Escalation } from '../model';
import { formatLocal, formatLocalEach, humanSpan } from '../time';
import { b, noMentions, type Block, type NoticeContent } from './content';

const LEVEL_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const levelZh = (level: number) => `第${LEVEL_ZH[level] ?? level}级`;

/** Who, told before, may not have heard, and why: "指挥部群 (WeCom)：地址或密钥无效". */
export interface Unreachable {
  who: string;
  /** The reason in words (a robot's answer: "地址或密钥无效 / key invalid"); absent for a bouncing address. */
  why?: string;
}

const unreachableBlocks = (unreachable: readonly Unreachable[] | undefined): { zh: Block[]; en: Block[] } => {
  if (!unreachable?.length) return { zh: [], en: [] };
  const named = (separator: string) => unreachable.map((u) => (u.why ? `${u.who}${separator}${u.why}` : u.who));
  const onlyMail = unreachable.every((u) => u.who.includes('@') && !u.why);
  return {
    zh: [[b('注意：'), `以下${onlyMail ? '邮箱' : '对象'}无法送达，前一级可能未收到通知：${named('：').join('，')}`]],
    en: [[b('Note:'), ` ${onlyMail ? 'these addresses' : 'these'} could not be reached, so the earlier level may not have been told: ${named(': ').join(', ')}`]],
  };
};

export interface LevelNoticeInput {
  escalation: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  level: number;
  repeat: number;
  /** Whom this copy is for: a person's name, or a group's. */
  recipientName: string;
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
  const zone = checkpoint.timezone;
  const overdue = humanSpan(now.getTime() - Date.parse(escalation.missedDeadline));
  const communityName = community?.name ?? checkpoint.communityId;
  const last = checkpoint.lastReadingAt ? formatLocal(new Date(checkpoint.lastReadingAt), zone) : '无 / none';
  const slots = formatLocalEach(escalation.missedSlots.map((slot) => new Date(slot)), zone);
  const shownSlots = slots.length > 6 ? [...slots.slice(0, 3), `…（共 ${slots.length} 个 / ${slots.length} in all）`, ...slots.slice(-2)] : slots;
  const others = input.othersTold.length > 0 ? input.othersTold.join('、') : '—';
  const responsible = input.responsible.length > 0 ? input.responsible.join('、') : '—';
  const again = input.repeat > 0 ? `（第${input.repeat + 1}次提醒）` : '';
  const { zh: unreachableZh, en: unreachableEn } = unreachableBlocks(input.unreachable);
  return {
    type: 'escalation.notice',
    subject: `【未按时上报】${checkpoint.name}（${communityName}）已超时 ${overdue}${again} / Missed report: ${checkpoint.name} (${communityName}), ${overdue} overdue`,
    title: `【漏报督办】${checkpoint.name}（${communityName}）已超时 ${overdue}${again}`,
    zh: [
      [`${input.recipientName}：`],
      ['卡点 ', b(checkpoint.name), `（${communityName}）未按时上报，已超时 `, b(overdue), '。'],
      [`漏报时段：${shownSlots.join('，')}（${zone} 时间）`],
      [`上次上报：${last}`],
      [`当前督办级别：${levelZh(level)}${again}，责任人：${responsible}。此前已通知：${others}`],
      ...unreachableZh,
      ['请尽快联系卡点组长，督促上报。收到请点击“确认收到”。'],
    ],
    en: [
      ['Checkpoint ', b(checkpoint.name), ` (${communityName}) has not reported; it is `, b(overdue), ' overdue.'],
      [`Missed slots: ${shownSlots.join(', ')} (${zone})`],
      [`Last reading: ${last}`],
      [`Escalation level ${level}${input.repeat > 0 ? `, reminder ${input.repeat + 1}` : ''}; responsible: ${responsible}. Told before: ${others}`],
      ...unreachableEn,
      ['Please reach the checkpoint leader, and acknowledge with the link.'],
    ],
    actions: [{ zh: '确认收到', en: 'Acknowledge', url: input.ackUrl }],
    mentions: input.mentions ?? noMentions,
    facts: {
      escalationId: escalation.escalationId,
      checkpointId: checkpoint.checkpointId,
      communityId: escalation.communityId,
      level,
      repeat: input.repeat,
      missedSlots: escalation.missedSlots,
      missedDeadline: escalation.missedDeadline,
      ackUrl: input.ackUrl,
    },
    occurredAt: now.toISOString(),
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
  const communityName = input.community?.name ?? input.communityId;
  const count = input.members.length;
  const again = input.repeat > 0 ? `（第${input.repeat + 1}次提醒）` : '';
  const rows = input.members.map(({ escalation, checkpoint, ackUrl }) => ({ checkpoint, ackUrl, overdue: humanSpan(now.getTime() - Date.parse(escalation.missedDeadline)) }));
  const { zh: unreachableZh, en: unreachableEn } = unreachableBlocks(input.unreachable);
  return {
    type: 'escalation.notice',
    subject: `【未按时上报】${communityName} ${count} 个卡点同时漏报${again} / Missed reports: ${count} checkpoints of ${communityName}`,
    title: `【漏报督办】${communityName} ${count} 个卡点同时漏报${again}`,
    zh: [
      [`${input.recipientName}：`],
      [`${communityName} 有 `, b(String(count)), ` 个卡点在同一时间未按时上报，可能是网络或通信中断。当前督办级别：${levelZh(level)}${again}。`],
      { list: rows.map((row) => [b(row.checkpoint.name), `，已超时 ${row.overdue} — `, { link: row.ackUrl, label: '确认收到' }]) },
      ...unreachableZh,
      ['请逐一确认，或联系各卡点组长。'],
    ],
    en: [
      [b(String(count)), ` checkpoints of ${communityName} missed their reports at the same time — a network outage is likely. Escalation level ${level}${input.repeat > 0 ? `, reminder ${input.repeat + 1}` : ''}.`],
      { list: rows.map((row) => [b(row.checkpoint.name), `, ${row.overdue} overdue — `, { link: row.ackUrl, label: 'acknowledge' }]) },
      ...unreachableEn,
    ],
    actions: rows.map((row) => ({ zh: `确认 ${row.checkpoint.name}`, en: `Acknowledge ${row.checkpoint.name}`, url: row.ackUrl })),
    mentions: input.mentions ?? noMentions,
    facts: { communityId: input.communityId, level, repeat: input.repeat, escalationIds: input.members.map((m) => m.escalation.escalationId) },
    occurredAt: now.toISOString(),
  };
};
