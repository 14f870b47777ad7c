/**
 * The daily summary mail: headline figures, a completeness bar per community drawn with table cells
 * (no images, no scripts: what common mail clients render), the checkpoints that missed most, fevers,
 * escalations still open. Chinese first, then English.
 */
import type { Mail } from './notices';
import type { DaySummary, Figures } from './summary';
import { escapeHtml as escape } from './html';

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

const bar = (value: number | null): string => {
  const width = value === null ? 0 : Math.round(value * 100);
  const colour = value === null ? '#9ca3af' : value >= 0.95 ? '#15803d' : value >= 0.8 ? '#ca8a04' : '#b91c1c';
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" width="160" style="border-collapse:collapse;background:#e5e7eb"><tr>` +
    (width > 0 ? `<td width="${width}%" style="background:${colour};height:12px;font-size:0;line-height:0">&nbsp;</td>` : '') +
    (width < 100 ? `<td style="height:12px;font-size:0;line-height:0">&nbsp;</td>` : '') +
    `</tr></table>`
  );
};

const headline = (f: Figures) => ({
  zh: `应报 ${f.expected} 次，按时 ${f.onTime}，迟报 ${f.late}，漏报 ${f.missed}；完整率 ${percent(f.completeness)}，及时率 ${percent(f.timeliness)}。检测 ${f.screened} 人次（进 ${f.entries}，出 ${f.exits}），发热 ${f.feverCount} 人${f.maxTempC === null ? '' : `，最高体温 ${f.maxTempC}°C`}。`,
  en: `${f.expected} reports expected: ${f.onTime} on time, ${f.late} late, ${f.missed} missed; completeness ${percent(f.completeness)}, timeliness ${percent(f.timeliness)}. ${f.screened} screened (${f.entries} in, ${f.exits} out), ${f.feverCount} with fever${f.maxTempC === null ? '' : `, highest ${f.maxTempC} °C`}.`,
});

export const summaryMail = (summary: DaySummary, options: { scope: string; baseUrl: string }): Mail => {
  const figures = summary.communities.length === 1 ? summary.communities[0]! : summary.county;
  const head = headline(figures);
  const partial = summary.partial ? '（截至目前 / so far）' : '';
  const subject = `【每日汇总】${options.scope} ${summary.date}${partial}：完整率 ${percent(figures.completeness)}，漏报 ${figures.missed}，发热 ${figures.feverCount} / Daily summary`;
  const rows = summary.communities
    .map(
      (c) =>
        `<tr><td style="padding:4px 8px">${escape(c.name)}</td><td style="padding:4px 8px">${bar(c.completeness)}</td>` +
        `<td style="padding:4px 8px;text-align:right">${percent(c.completeness)}</td><td style="padding:4px 8px;text-align:right">${c.missed}</td><td style="padding:4px 8px;text-align:right">${c.feverCount}</td></tr>`,
    )
    .join('');
  const missed = summary.missedMost.map((c) => `<li>${escape(c.name)}（${escape(c.communityId)}）：漏报 ${c.missed} 次 / ${c.missed} missed</li>`).join('');
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#111;max-width:680px;margin:0 auto;padding:16px">` +
    `<h2 style="margin:0 0 8px">${escape(options.scope)} · ${summary.date}${partial}</h2>` +
    `<p style="margin:0 0 4px">${escape(head.zh)}</p><p lang="en" style="margin:0 0 12px;color:#444">${escape(head.en)}</p>` +
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">` +
    `<tr style="color:#555"><th align="left" style="padding:4px 8px">社区 Community</th><th align="left" style="padding:4px 8px">完整率 Completeness</th><th></th><th style="padding:4px 8px">漏报 Missed</th><th style="padding:4px 8px">发热 Fever</th></tr>${rows}</table>` +
    (missed ? `<h3 style="margin:16px 0 4px">漏报最多的卡点 / Missed most</h3><ul>${missed}</ul>` : '') +
    `<p style="margin:12px 0 0">未结束的督办 / Escalations still open: <b>${summary.openEscalations}</b></p>` +
    `<p style="margin:12px 0 0;color:#555;font-size:13px">CSV: ${escape(options.baseUrl)}/summaries/${summary.date}?format=csv</p>` +
    `</body></html>`;
  const text = [
    `${options.scope} ${summary.date}${partial}`,
    head.zh,
    head.en,
    '',
    ...summary.communities.map((c) => `${c.name}: 完整率 completeness ${percent(c.completeness)}, 漏报 missed ${c.missed}, 发热 fever ${c.feverCount}`),
    '',
    ...(summary.missedMost.length > 0 ? ['漏报最多 / Missed most:', ...summary.missedMost.map((c) => `  ${c.name} (${c.communityId}): ${c.missed}`)] : []),
    `未结束的督办 / Escalations still open: ${summary.openEscalations}`,
    `CSV: ${options.baseUrl}/summaries/${summary.date}?format=csv`,
  ].join('\n');
  return { subject, text, html };
};
