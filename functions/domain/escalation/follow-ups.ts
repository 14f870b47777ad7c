/**
 * What the notices after the levels say: the checkpoint reporting again, an acknowledgement, an
 * escalation that ended unanswered, one a pause ended. Each in its community's language.
 */
import type { Checkpoint, Community, Escalation } from '../model';
import { formatLocal } from '../time';
import { actorIn, aside, duration, langOfCommunity, nameIn, type Lang } from '../words';
import { namedAddress } from './addresses';
import { b, noMentions, type NoticeContent } from '../delivery/content';

type Resolved = { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined };

/** What a resolution notice says of one checkpoint: when it reported again, how long after its deadline. */
const reportedAgain = ({ escalation, checkpoint, community }: Resolved, now: Date, lang: Lang) => {
  const reportedAt = checkpoint.lastReadingAt ? new Date(checkpoint.lastReadingAt) : now;
  return {
    name: checkpoint.name,
    communityName: community?.name ?? checkpoint.communityId,
    when: formatLocal(reportedAt, checkpoint.timezone),
    overdue: duration(reportedAt.getTime() - Date.parse(escalation.missedDeadline), lang),
  };
};

/** Checkpoints reporting again (one, or many when an outage ends): one notice for all. */
export const resolutionNotice = (resolved: Resolved[], now: Date): NoticeContent => {
  const lang = langOfCommunity(resolved[0]?.community);
  const en = lang === 'en';
  const rows = resolved.map((item) => reportedAgain(item, now, lang));
  const facts = { escalationIds: resolved.map((r) => r.escalation.escalationId), checkpointIds: resolved.map((r) => r.checkpoint.checkpointId) };
  const base = { type: 'escalation.resolved' as const, lang, actions: [], mentions: noMentions, facts, occurredAt: now.toISOString() };
  if (rows.length === 1) {
    const { name, communityName, when, overdue } = rows[0]!;
    const where = `${name}${aside(communityName, lang)}`;
    return en
      ? {
          ...base,
          subject: `Reporting again: ${where}`,
          title: `[Reporting again] ${where}`,
          lines: [['Checkpoint ', b(name), ` (${communityName}) reported at ${when}, ${overdue} after its deadline. The escalation is resolved.`]],
        }
      : {
          ...base,
          subject: `【已恢复上报】${where}`,
          title: `【已恢复】${where}`,
          lines: [['卡点 ', b(name), `（${communityName}）已于 ${when} 恢复上报，超时 ${overdue}。督办结束。`]],
        };
  }
  return en
    ? {
        ...base,
        subject: `Reporting again: ${rows.length} checkpoints`,
        title: `[Reporting again] ${rows.length} checkpoints`,
        lines: [['These ', b(String(rows.length)), ' checkpoints are reporting again; their escalations are resolved:'], { list: rows.map((r) => [b(r.name), ` (${r.communityName}) reported at ${r.when}, ${r.overdue} after its deadline`]) }],
      }
    : {
        ...base,
        subject: `【已恢复上报】${rows.length} 个卡点`,
        title: `【已恢复】${rows.length} 个卡点已恢复上报`,
        lines: [['以下 ', b(String(rows.length)), ' 个卡点已恢复上报，督办结束：'], { list: rows.map((r) => [b(r.name), `（${r.communityName}）于 ${r.when} 恢复上报，超时 ${r.overdue}`]) }],
      };
};

/** `via`: the group the acknowledgement came from ("指挥部群（企业微信）"). */
export const acknowledgementNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; by: string; via?: string; at: Date }): NoticeContent => {
  const { checkpoint, community, via } = input;
  const lang = langOfCommunity(community);
  // Who acknowledged, as registered (a mail link's holder is an address), the admin by title; the facts keep what was recorded.
  const named = namedAddress(input.by, checkpoint, community);
  const by = 'other' in named ? actorIn(named.other, lang, via) : nameIn(named, lang);
  const communityName = community?.name ?? checkpoint.communityId;
  const where = `${checkpoint.name}${aside(communityName, lang)}`;
  const when = formatLocal(input.at, checkpoint.timezone);
  const common = {
    type: 'escalation.acknowledged' as const,
    lang,
    actions: [],
    mentions: noMentions,
    facts: { escalationId: input.escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: input.escalation.communityId, acknowledgedBy: input.by, ...(via && { via }) },
    occurredAt: input.at.toISOString(),
  };
  if (lang === 'en') {
    return {
      ...common,
      subject: `Acknowledged: ${where}, by ${by}`,
      title: `[Acknowledged] ${where}, by ${by}`,
      lines: [[`${by}${via ? ` via ${via}` : ''} acknowledged the missed report of `, b(checkpoint.name), ` (${communityName}) at ${when}; no further levels will be notified.`]],
    };
  }
  return {
    ...common,
    subject: `【已确认】${where}由 ${by} 跟进`,
    title: `【已确认】${where}由 ${by} 跟进`,
    lines: [[`${by}${via ? `（经 ${via}）` : ''} 已于 ${when} 确认卡点 `, b(checkpoint.name), `（${communityName}）的漏报督办，后续级别不再通知。`]],
  };
};

/** An escalation whose levels and repeats are spent without a reading or an acknowledgement. */
export const unresolvedNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; now: Date }): NoticeContent => {
  const { escalation, checkpoint, community, now } = input;
  const lang = langOfCommunity(community);
  const communityName = community?.name ?? checkpoint.communityId;
  const where = `${checkpoint.name}${aside(communityName, lang)}`;
  const overdue = duration(now.getTime() - Date.parse(escalation.missedDeadline), lang);
  const common = {
    type: 'escalation.unresolved' as const,
    lang,
    actions: [],
    mentions: noMentions,
    facts: { escalationId: escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: escalation.communityId },
    occurredAt: now.toISOString(),
  };
  if (lang === 'en') {
    return {
      ...common,
      subject: `Unresolved: ${where}, ${overdue} overdue, not acknowledged`,
      title: `[Unresolved] ${where}, ${overdue} overdue, not acknowledged`,
      lines: [['Checkpoint ', b(checkpoint.name), ` (${communityName}) is ${overdue} overdue and no level acknowledged; the escalation has ended. Please follow up by hand.`]],
    };
  }
  return {
    ...common,
    subject: `【督办未结】${where}已超时 ${overdue}，无人确认`,
    title: `【督办未结】${where}已超时 ${overdue}，无人确认`,
    lines: [['卡点 ', b(checkpoint.name), `（${communityName}）已超时 ${overdue}，各级通知均未得到确认，督办自动结束。请人工跟进。`]],
  };
};

/** An escalation ended because its checkpoint was paused: who paused it, when, and why. */
export const pausedNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; at: Date }): NoticeContent => {
  const { escalation, checkpoint, community, at } = input;
  const lang = langOfCommunity(community);
  const communityName = community?.name ?? checkpoint.communityId;
  const where = `${checkpoint.name}${aside(communityName, lang)}`;
  const when = formatLocal(at, checkpoint.timezone);
  const by = escalation.pausedBy && actorIn(escalation.pausedBy, lang);
  const reason = escalation.pausedReason;
  const common = {
    type: 'escalation.paused' as const,
    lang,
    actions: [],
    mentions: noMentions,
    facts: { escalationId: escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: escalation.communityId, ...(escalation.pausedBy && { pausedBy: escalation.pausedBy }), ...(reason && { reason }) },
    occurredAt: at.toISOString(),
  };
  if (lang === 'en') {
    return {
      ...common,
      subject: `Paused: ${where}${by ? `, by ${by}` : ''}`,
      title: `[Paused] ${where}${by ? `, by ${by}` : ''}`,
      lines: [['Checkpoint ', b(checkpoint.name), ` (${communityName}) was paused${by ? ` by ${by}` : ''} at ${when}${reason ? ` (${reason})` : ''}. Nothing is missed while it is paused; the escalation has ended.`]],
    };
  }
  return {
    ...common,
    subject: `【已暂停】${where}${by ? `由 ${by} 暂停` : '已暂停'}`,
    title: `【已暂停】${where}${by ? `由 ${by} 暂停` : '已暂停'}`,
    lines: [['卡点 ', b(checkpoint.name), `（${communityName}）已于 ${when} ${by ? `由 ${by} ` : ''}暂停${reason ? `，原因：${reason}` : ''}。暂停期间不计漏报，本次督办结束。`]],
  };
};
