/**
 * What the notices after the levels say: a digest of held notices, the checkpoint reporting again,
 * an acknowledgement, an escalation that ended unanswered, one a pause ended.
 */
import type { Checkpoint, Community, Escalation } from '../model';
import { byInWords } from '../operators';
import { formatLocal, humanSpan } from '../time';
import { b, noMentions, type NoticeContent, type Span } from './content';

/** The overflow of an hour, or notices sent late: one notice listing them, with their links. */
export const digestNotice = (lines: { subject: string; links: { label: string; url: string }[] }[], now: Date): NoticeContent => ({
  type: 'escalation.notice',
  subject: `【督办汇总】${lines.length} 条通知 / Digest: ${lines.length} notices`,
  title: `【督办汇总】${lines.length} 条通知`,
  zh: [['以下通知因本小时通知过多而合并发送（每人、每个群每小时有上限），请逐条查看：'], { list: lines.map((line) => [line.subject, ...line.links.flatMap((link): Span[] => [' — ', { link: link.url, label: link.label }])]) }],
  en: [['These notices were held back (there is a cap on notices per person and per group per hour) and are sent together.']],
  actions: [],
  mentions: noMentions,
  facts: { digest: lines.length },
  occurredAt: now.toISOString(),
});

type Resolved = { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined };

/** What a resolution notice says of one checkpoint: when it reported again, how long after its deadline. */
const reportedAgain = ({ escalation, checkpoint, community }: Resolved, now: Date) => {
  const reportedAt = checkpoint.lastReadingAt ? new Date(checkpoint.lastReadingAt) : now;
  return {
    name: checkpoint.name,
    communityName: community?.name ?? checkpoint.communityId,
    when: formatLocal(reportedAt, checkpoint.timezone),
    overdue: humanSpan(reportedAt.getTime() - Date.parse(escalation.missedDeadline)),
  };
};

/** Checkpoints reporting again (one, or many when an outage ends): one notice for all. */
export const resolutionNotice = (resolved: Resolved[], now: Date): NoticeContent => {
  const rows = resolved.map((item) => reportedAgain(item, now));
  const facts = { escalationIds: resolved.map((r) => r.escalation.escalationId), checkpointIds: resolved.map((r) => r.checkpoint.checkpointId) };
  const base = { type: 'escalation.resolved' as const, actions: [], mentions: noMentions, facts, occurredAt: now.toISOString() };
  if (rows.length === 1) {
    const { name, communityName, when, overdue } = rows[0]!;
    return {
      ...base,
      subject: `【已恢复上报】${name}（${communityName}） / Reporting again: ${name} (${communityName})`,
      title: `【已恢复】${name}（${communityName}）`,
      zh: [['卡点 ', b(name), `（${communityName}）已于 ${when} 恢复上报，超时 ${overdue}。督办结束。`]],
      en: [['Checkpoint ', b(name), ` (${communityName}) reported at ${when}, ${overdue} after its deadline. The escalation is resolved.`]],
    };
  }
  return {
    ...base,
    subject: `【已恢复上报】${rows.length} 个卡点 / Reporting again: ${rows.length} checkpoints`,
    title: `【已恢复】${rows.length} 个卡点已恢复上报`,
    zh: [['以下 ', b(String(rows.length)), ' 个卡点已恢复上报，督办结束：'], { list: rows.map((r) => [b(r.name), `（${r.communityName}）于 ${r.when} 恢复上报，超时 ${r.overdue}`]) }],
    en: [['These ', b(String(rows.length)), ' checkpoints are reporting again; their escalations are resolved:'], { list: rows.map((r) => [b(r.name), ` (${r.communityName}) reported at ${r.when}, ${r.overdue} after its deadline`]) }],
  };
};

/** `via`: the group the acknowledgement came from ("指挥部群 (WeCom)"). */
export const acknowledgementNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; by: string; via?: string; at: Date }): NoticeContent => {
  const { checkpoint, community, via } = input;
  const [by, byEn] = [byInWords(input.by, 'zh', via), byInWords(input.by, 'en', via)];
  const communityName = community?.name ?? checkpoint.communityId;
  const when = formatLocal(input.at, checkpoint.timezone);
  const viaZh = via ? `（经 ${via}）` : '';
  const viaEn = via ? ` via ${via}` : '';
  return {
    type: 'escalation.acknowledged',
    subject: `【已确认】${checkpoint.name}（${communityName}）由 ${by} 跟进 / Acknowledged: ${checkpoint.name} by ${byEn}`,
    title: `【已确认】${checkpoint.name}（${communityName}）由 ${by} 跟进`,
    zh: [[`${by}${viaZh} 已于 ${when} 确认卡点 `, b(checkpoint.name), `（${communityName}）的漏报督办，后续级别不再通知。`]],
    en: [[`${byEn}${viaEn} acknowledged the missed report of `, b(checkpoint.name), ` (${communityName}) at ${when}; no further levels will be notified.`]],
    actions: [],
    mentions: noMentions,
    facts: { escalationId: input.escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: input.escalation.communityId, acknowledgedBy: input.by, ...(via && { via }) },
    occurredAt: input.at.toISOString(),
  };
};

/** An escalation whose levels and repeats are spent without a reading or an acknowledgement. */
export const unresolvedNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; now: Date }): NoticeContent => {
  const { escalation, checkpoint, community, now } = input;
  const communityName = community?.name ?? checkpoint.communityId;
  const overdue = humanSpan(now.getTime() - Date.parse(escalation.missedDeadline));
  return {
    type: 'escalation.unresolved',
    subject: `【督办未结】${checkpoint.name}（${communityName}）已超时 ${overdue}，无人确认 / Unresolved: ${checkpoint.name}`,
    title: `【督办未结】${checkpoint.name}（${communityName}）已超时 ${overdue}，无人确认`,
    zh: [['卡点 ', b(checkpoint.name), `（${communityName}）已超时 ${overdue}，各级通知均未得到确认，督办自动结束。请人工跟进。`]],
    en: [['Checkpoint ', b(checkpoint.name), ` (${communityName}) is ${overdue} overdue and no level acknowledged; the escalation has ended. Please follow up by hand.`]],
    actions: [],
    mentions: noMentions,
    facts: { escalationId: escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: escalation.communityId },
    occurredAt: now.toISOString(),
  };
};

/** An escalation ended because its checkpoint was paused: who paused it, when, and why. */
export const pausedNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; at: Date }): NoticeContent => {
  const { escalation, checkpoint, community, at } = input;
  const communityName = community?.name ?? checkpoint.communityId;
  const when = formatLocal(at, checkpoint.timezone);
  const by = escalation.pausedBy && byInWords(escalation.pausedBy, 'zh');
  const byEn = escalation.pausedBy && byInWords(escalation.pausedBy, 'en');
  const reason = escalation.pausedReason;
  return {
    type: 'escalation.paused',
    subject: `【已暂停】${checkpoint.name}（${communityName}）${by ? `由 ${by} 暂停` : '已暂停'} / Paused: ${checkpoint.name}${byEn ? ` by ${byEn}` : ''}`,
    title: `【已暂停】${checkpoint.name}（${communityName}）${by ? `由 ${by} 暂停` : '已暂停'}`,
    zh: [[`卡点 `, b(checkpoint.name), `（${communityName}）已于 ${when} ${by ? `由 ${by} ` : ''}暂停${reason ? `，原因：${reason}` : ''}。暂停期间不计漏报，本次督办结束。`]],
    en: [['Checkpoint ', b(checkpoint.name), ` (${communityName}) was paused${byEn ? ` by ${byEn}` : ''} at ${when}${reason ? ` (${reason})` : ''}. Nothing is missed while it is paused; the escalation has ended.`]],
    actions: [],
    mentions: noMentions,
    facts: { escalationId: escalation.escalationId, checkpointId: checkpoint.checkpointId, communityId: escalation.communityId, ...(escalation.pausedBy && { pausedBy: escalation.pausedBy }), ...(reason && { reason }) },
    occurredAt: at.toISOString(),
  };
};
