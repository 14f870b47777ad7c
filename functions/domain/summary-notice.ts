/**
 * What the daily summary says, as notice content (escalation/content.ts): headline figures, the
 * completeness of each community (a bar in mail), the checkpoints that missed most, fevers,
 * escalations still open. The mail frame renders it for mail and a chat service as one short message.
 */
import type { Block, NoticeContent } from './escalation/content';
import type { DaySummary, Figures } from './summary';

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

const headline = (f: Figures) => ({
  zh: `应报 ${f.expected} 次，按时 ${f.onTime}，迟报 ${f.late}，漏报 ${f.missed}；完整率 ${percent(f.completeness)}，及时率 ${percent(f.timeliness)}。检测 ${f.screened} 人次（进 ${f.entries}，出 ${f.exits}），发热 ${f.feverCount} 人${f.maxTempC === null ? '' : `，最高体温 ${f.maxTempC}°C`}。`,
  en: `${f.expected} reports expected: ${f.onTime} on time, ${f.late} late, ${f.missed} missed; completeness ${percent(f.completeness)}, timeliness ${percent(f.timeliness)}. ${f.screened} screened (${f.entries} in, ${f.exits} out), ${f.feverCount} with fever${f.maxTempC === null ? '' : `, highest ${f.maxTempC} °C`}.`,
});

/** `fileUrl`: the signed link to the CSV of what this message is about (summary-links.ts); it goes in the message once, as its action. */
export const summaryNotice = (summary: DaySummary, options: { scope: string; fileUrl: string }): NoticeContent => {
  const figures = summary.communities.length === 1 ? summary.communities[0]! : summary.county;
  const head = headline(figures);
  const partial = summary.partial ? '（截至目前 / so far）' : '';
  const table: Block = {
    table: {
      head: ['社区 Community', '完整率 Completeness', '漏报 Missed', '发热 Fever'],
      rows: summary.communities.map((c) => [c.name, { bar: c.completeness }, String(c.missed), String(c.feverCount)]),
    },
  };
  const missedMost: Block[] =
    summary.missedMost.length > 0 ? [[{ strong: '漏报最多的卡点 / Missed most' }], { list: summary.missedMost.map((c) => [`${c.name}（${c.communityId}）：漏报 ${c.missed} 次 / ${c.missed} missed`]) }] : [];
  return {
    type: 'summary.daily',
    subject: `【每日汇总】${options.scope} ${summary.date}${partial}：完整率 ${percent(figures.completeness)}，漏报 ${figures.missed}，发热 ${figures.feverCount} / Daily summary`,
    title: `【每日汇总】${options.scope} ${summary.date}${partial}`,
    zh: [[head.zh], table, ...missedMost, ['未结束的督办 / Escalations still open: ', { strong: String(summary.openEscalations) }]],
    en: [[head.en]],
    actions: [{ zh: '下载 CSV', en: 'Download CSV', url: options.fileUrl }],
    mentions: { mobiles: [], names: [] },
    facts: {
      date: summary.date,
      partial: summary.partial,
      scope: options.scope,
      completeness: figures.completeness,
      missed: figures.missed,
      feverCount: figures.feverCount,
      openEscalations: summary.openEscalations,
      communities: summary.communities.map((c) => ({ communityId: c.communityId, name: c.name, completeness: c.completeness, missed: c.missed, feverCount: c.feverCount })),
      missedMost: summary.missedMost,
    },
    occurredAt: summary.builtAt,
  };
};
