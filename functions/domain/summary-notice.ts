/**
 * What the daily summary says, as notice content (delivery/content.ts): headline figures, the
 * completeness of each community (a bar in mail), the checkpoints that missed most, fevers,
 * escalations still open. The mail frame renders it for mail and a chat service as one short message.
 */
import type { Block, NoticeContent } from './delivery/content';
import type { DaySummary, Figures } from './summary';
import { aside, DEFAULT_LANG, type Lang } from './words';
import { copiedLine, summaryFeverLine } from './words/fever';

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

const headline = (f: Figures, lang: Lang) =>
  lang === 'en'
    ? `${f.expected} reports expected: ${f.onTime} on time, ${f.late} late, ${f.missed} missed; completeness ${percent(f.completeness)}, timeliness ${percent(f.timeliness)}. ${f.screened} screened (${f.entries} in, ${f.exits} out), ${f.feverCount} with fever${f.maxTempC === null ? '' : `, highest ${f.maxTempC} °C`}.`
    : `应报 ${f.expected} 次，按时 ${f.onTime}，迟报 ${f.late}，漏报 ${f.missed}；完整率 ${percent(f.completeness)}，及时率 ${percent(f.timeliness)}。检测 ${f.screened} 人次（进 ${f.entries}，出 ${f.exits}），发热 ${f.feverCount} 人${f.maxTempC === null ? '' : `，最高体温 ${f.maxTempC}°C`}。`;

const WORDS = {
  'zh-CN': { county: '全县', head: ['社区', '完整率', '漏报', '发热'], missedMost: '漏报最多的卡点', missed: (n: number) => `漏报 ${n} 次`, open: '未结束的督办：', csv: '下载 CSV', soFar: '（截至目前）', subject: '【每日汇总】', title: '【每日汇总】' },
  en: { county: 'County', head: ['Community', 'Completeness', 'Missed', 'Fever'], missedMost: 'Missed most', missed: (n: number) => `${n} missed`, open: 'Escalations still open: ', csv: 'Download CSV', soFar: ' (so far)', subject: 'Daily summary: ', title: '[Daily summary] ' },
} as const;

/** `scope`: the community's name, or absent for the county's summary. `lang`: its readers' (the community's). */
/** `fileUrl`: the signed link to the CSV of what this message is about (summary-links.ts); it goes in the message once, as its action. */
export const summaryNotice = (summary: DaySummary, options: { scope?: string; fileUrl: string; lang?: Lang }): NoticeContent => {
  const lang = options.lang ?? DEFAULT_LANG;
  const words = WORDS[lang];
  const scope = options.scope ?? words.county;
  const figures = summary.communities.length === 1 ? summary.communities[0]! : summary.county;
  // A community's message counts its own escalations still open, not the county's.
  const open = summary.communities.length === 1 ? summary.communities[0]!.openEscalations : summary.openEscalations;
  const partial = summary.partial ? words.soFar : '';
  const table: Block = {
    table: {
      head: [...words.head],
      rows: summary.communities.map((c) => [c.name, { bar: c.completeness }, String(c.missed), String(c.feverCount)]),
    },
  };
  const communityName = (id: string) => summary.communities.find((c) => c.communityId === id)?.name;
  const missedMost: Block[] =
    summary.missedMost.length > 0
      ? [[{ strong: words.missedMost }], { list: summary.missedMost.map((c) => [`${c.name}${summary.communities.length > 1 && communityName(c.communityId) ? aside(communityName(c.communityId)!, lang) : ''}${lang === 'en' ? ': ' : '：'}${words.missed(c.missed)}`]) }]
      : [];
  const figuresLine = lang === 'en'
    ? `: completeness ${percent(figures.completeness)}, ${figures.missed} missed, ${figures.feverCount} with fever`
    : `：完整率 ${percent(figures.completeness)}，漏报 ${figures.missed}，发热 ${figures.feverCount}`;
  return {
    type: 'summary.daily',
    lang,
    subject: `${words.subject}${scope} ${summary.date}${partial}${figuresLine}`,
    title: `${words.title}${scope} ${summary.date}${partial}`,
    lines: [
      [headline(figures, lang)],
      // Read from stored summaries too, built before fevers alerted or copies were counted.
      ...(figures.fevers && figures.fevers.alerts > 0 ? [[summaryFeverLine(figures.fevers, lang)]] : []),
      ...(figures.copiedReadings > 0 ? [[copiedLine(figures.copiedReadings, lang)]] : []),
      table,
      ...missedMost,
      [words.open, { strong: String(open) }],
    ],
    actions: [{ label: words.csv, url: options.fileUrl }],
    mentions: { mobiles: [], names: [] },
    facts: {
      date: summary.date,
      partial: summary.partial,
      scope,
      completeness: figures.completeness,
      missed: figures.missed,
      feverCount: figures.feverCount,
      openEscalations: open,
      ...(figures.fevers && { fevers: figures.fevers }),
      copiedReadings: figures.copiedReadings ?? 0,
      communities: summary.communities.map((c) => ({ communityId: c.communityId, name: c.name, completeness: c.completeness, missed: c.missed, feverCount: c.feverCount })),
      missedMost: summary.missedMost,
    },
    occurredAt: summary.builtAt,
  };
};
