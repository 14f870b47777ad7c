/**
 * What the mail says. Chinese first, then English; HTML and plain text with the same content. A notice
 * never carries a form token, and never a fever case's note.
 */
import type { Checkpoint, Community, Escalation } from './model';
import { formatLocal, humanSpan } from './time';
import { escapeHtml as escape } from './html';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

const LEVEL_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const page = (title: string, zh: string[], en: string[], button?: { href: string; zh: string; en: string }): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>` +
  `<body style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.5;color:#111;max-width:640px;margin:0 auto;padding:16px">` +
  zh.map((line) => `<p style="margin:0 0 8px">${line}</p>`).join('') +
  (button
    ? `<p style="margin:16px 0"><a href="${escape(button.href)}" style="display:inline-block;background:#b91c1c;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${escape(button.zh)} / ${escape(button.en)}</a></p>`
    : '') +
  `<hr style="border:none;border-top:1px solid #ddd;margin:16px 0"><div lang="en" style="color:#333">` +
  en.map((line) => `<p style="margin:0 0 8px">${line}</p>`).join('') +
  `</div></body></html>`;

export interface LevelNoticeInput {
  escalation: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  level: number;
  repeat: number;
  recipientName: string;
  othersTold: string[];
  /** Addresses told at earlier levels that the mail service reported as bouncing or complaining. */
  unreachable?: string[];
  ackUrl: string;
  now: Date;
}

const unreachableLines = (unreachable: string[] | undefined): { zh: string[]; en: string[] } =>
  unreachable?.length
    ? {
        zh: [`<b>注意：</b>以下邮箱无法送达，前一级可能未收到通知：${escape(unreachable.join(', '))}`],
        en: [`<b>Note:</b> these addresses could not be reached, so the earlier level may not have been told: ${escape(unreachable.join(', '))}`],
      }
    : { zh: [], en: [] };

export const levelNotice = (input: LevelNoticeInput): Mail => {
  const { escalation, checkpoint, community, level, now } = input;
  const zone = checkpoint.timezone;
  const overdue = humanSpan(now.getTime() - Date.parse(escalation.missedDeadline));
  const communityName = community?.name ?? checkpoint.communityId;
  const last = checkpoint.lastReadingAt ? formatLocal(new Date(checkpoint.lastReadingAt), zone) : '无 / none';
  const slots = escalation.missedSlots.map((slot) => formatLocal(new Date(slot), zone)).join('，');
  const others = input.othersTold.length > 0 ? input.othersTold.join(', ') : '—';
  const again = input.repeat > 0 ? `（第${input.repeat + 1}次提醒）` : '';
  const subject = `【未按时上报】${checkpoint.name}（${communityName}）已超时 ${overdue}${again} / Missed report: ${checkpoint.name} (${communityName}), ${overdue} overdue`;
  const zh = [
    `${escape(input.recipientName)}：`,
    `卡点 <b>${escape(checkpoint.name)}</b>（${escape(communityName)}）未按时上报，已超时 <b>${overdue}</b>。`,
    `漏报时段：${escape(slots)}（${escape(zone)} 时间）`,
    `上次上报：${escape(last)}`,
    `当前督办级别：第${LEVEL_ZH[level] ?? level}级${again}。已通知：${escape(others)}`,
    ...unreachableLines(input.unreachable).zh,
    `请尽快联系卡点组长，督促上报。收到请点击下方按钮确认。`,
  ];
  const en = [
    `Checkpoint <b>${escape(checkpoint.name)}</b> (${escape(communityName)}) has not reported; it is <b>${overdue}</b> overdue.`,
    `Missed slots: ${escape(slots)} (${escape(zone)})`,
    `Last reading: ${escape(last)}`,
    `Escalation level ${level}${input.repeat > 0 ? `, reminder ${input.repeat + 1}` : ''}. Also told: ${escape(others)}`,
    ...unreachableLines(input.unreachable).en,
    `Please reach the checkpoint leader. Acknowledge with the button above: ${escape(input.ackUrl)}`,
  ];
  const text = [
    ...zh.map(stripTags),
    `确认 / Acknowledge: ${input.ackUrl}`,
    '',
    ...en.map(stripTags),
  ].join('\n');
  return { subject, text, html: page(subject, zh, en, { href: input.ackUrl, zh: '确认收到', en: 'Acknowledge' }) };
};

export interface GroupNoticeInput {
  community: Community | undefined;
  communityId: string;
  level: number;
  repeat: number;
  recipientName: string;
  /** The escalations of the group this recipient is told about at this level, each with its own link. */
  members: { escalation: Escalation; checkpoint: Checkpoint; ackUrl: string }[];
  unreachable?: string[];
  now: Date;
}

/** One notice for many checkpoints of a community that missed together (a network outage, most likely). */
export const groupNotice = (input: GroupNoticeInput): Mail => {
  const { level, now } = input;
  const communityName = input.community?.name ?? input.communityId;
  const count = input.members.length;
  const again = input.repeat > 0 ? `（第${input.repeat + 1}次提醒）` : '';
  const subject = `【未按时上报】${communityName} ${count} 个卡点同时漏报${again} / Missed reports: ${count} checkpoints of ${communityName}`;
  const rows = input.members.map(({ escalation, checkpoint, ackUrl }) => {
    const overdue = humanSpan(now.getTime() - Date.parse(escalation.missedDeadline));
    return { checkpoint, overdue, ackUrl };
  });
  const zh = [
    `${escape(input.recipientName)}：`,
    `${escape(communityName)} 有 <b>${count}</b> 个卡点在同一时间未按时上报，可能是网络或通信中断。当前督办级别：第${LEVEL_ZH[level] ?? level}级${again}。`,
    ...rows.map((row) => `• <b>${escape(row.checkpoint.name)}</b>，已超时 ${row.overdue} — <a href="${escape(row.ackUrl)}">确认收到</a>`),
    ...unreachableLines(input.unreachable).zh,
    `请逐一确认，或联系各卡点组长。`,
  ];
  const en = [
    `<b>${count}</b> checkpoints of ${escape(communityName)} missed their reports at the same time — a network outage is likely. Escalation level ${level}${input.repeat > 0 ? `, reminder ${input.repeat + 1}` : ''}.`,
    ...rows.map((row) => `• <b>${escape(row.checkpoint.name)}</b>, ${row.overdue} overdue — <a href="${escape(row.ackUrl)}">acknowledge</a>`),
    ...unreachableLines(input.unreachable).en,
  ];
  const text = [
    ...zh.slice(0, 2).map(stripTags),
    ...rows.map((row) => `• ${row.checkpoint.name}（${row.overdue}）确认 / Acknowledge: ${row.ackUrl}`),
    ...unreachableLines(input.unreachable).zh.map(stripTags),
    '',
    ...en.slice(0, 1).map(stripTags),
    ...unreachableLines(input.unreachable).en.map(stripTags),
  ].join('\n');
  return { subject, text, html: page(subject, zh, en) };
};

/** The overflow of an hour, or notices sent late: one mail listing them, with their links. */
export const digestMail = (lines: { subject: string; links: { label: string; url: string }[] }[]): Mail => {
  const subject = `【督办汇总】${lines.length} 条通知 / Digest: ${lines.length} notices`;
  const items = lines.map((line) => `• ${escape(line.subject)}${line.links.map((link) => ` — <a href="${escape(link.url)}">${escape(link.label)}</a>`).join('')}`);
  const zh = [`以下通知因本小时通知过多而合并发送（每人每小时有上限），请逐条查看：`, ...items];
  const en = ['These notices were held back (there is a cap on notices per person per hour) and are sent together:'];
  const text = [
    stripTags(zh[0]!),
    ...lines.map((line) => `• ${line.subject}${line.links.map((link) => `\n  ${link.label}: ${link.url}`).join('')}`),
    '',
    en[0]!,
  ].join('\n');
  return { subject, text, html: page(subject, zh, en) };
};

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

export const resolutionNotice = (input: Resolved & { now: Date }): Mail => {
  const { name, communityName, when, overdue } = reportedAgain(input, input.now);
  const subject = `【已恢复上报】${name}（${communityName}） / Reporting again: ${name} (${communityName})`;
  const zh = [`卡点 <b>${escape(name)}</b>（${escape(communityName)}）已于 ${escape(when)} 恢复上报，超时 ${overdue}。督办结束。`];
  const en = [`Checkpoint <b>${escape(name)}</b> (${escape(communityName)}) reported at ${escape(when)}, ${overdue} after its deadline. The escalation is resolved.`];
  return { subject, text: [...zh, '', ...en].map(stripTags).join('\n'), html: page(subject, zh, en) };
};

/** Many checkpoints reporting again together (an outage over): one mail listing them. */
export const resolutionsNotice = (input: { resolved: Resolved[]; now: Date }): Mail => {
  const rows = input.resolved.map((item) => reportedAgain(item, input.now));
  const count = rows.length;
  const subject = `【已恢复上报】${count} 个卡点 / Reporting again: ${count} checkpoints`;
  const zh = [`以下 <b>${count}</b> 个卡点已恢复上报，督办结束：`, ...rows.map((r) => `• <b>${escape(r.name)}</b>（${escape(r.communityName)}）于 ${escape(r.when)} 恢复上报，超时 ${r.overdue}`)];
  const en = [`These <b>${count}</b> checkpoints are reporting again; their escalations are resolved:`, ...rows.map((r) => `• <b>${escape(r.name)}</b> (${escape(r.communityName)}) reported at ${escape(r.when)}, ${r.overdue} after its deadline`)];
  return { subject, text: [...zh, '', ...en].map(stripTags).join('\n'), html: page(subject, zh, en) };
};

export const acknowledgementNotice = (input: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; by: string; at: Date }): Mail => {
  const { checkpoint, community } = input;
  const communityName = community?.name ?? checkpoint.communityId;
  const when = formatLocal(input.at, checkpoint.timezone);
  const subject = `【已确认】${checkpoint.name}（${communityName}）由 ${input.by} 跟进 / Acknowledged: ${checkpoint.name} by ${input.by}`;
  const zh = [`${escape(input.by)} 已于 ${escape(when)} 确认卡点 <b>${escape(checkpoint.name)}</b>（${escape(communityName)}）的漏报督办，后续级别不再通知。`];
  const en = [`${escape(input.by)} acknowledged the missed report of <b>${escape(checkpoint.name)}</b> (${escape(communityName)}) at ${escape(when)}; no further levels will be notified.`];
  return { subject, text: [...zh, '', ...en].map(stripTags).join('\n'), html: page(subject, zh, en) };
};

const stripTags = (html: string): string =>
  html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
