/**
 * A community's last days as a chart the server draws: one bar a day, its height the completeness
 * and its green part the timeliness (on time below, late above), in SVG with no script — and the same
 * numbers in a table, behind a details element, for screen readers and anyone who wants the figures.
 * Colours are SVG presentation attributes, not style attributes, so the page needs no inline styles.
 */
import { escapeHtml as escape } from '../domain/html';
import type { BoardDay } from '../domain/board';
import type { Lang } from '../domain/words';
import { BOARD_WORDS } from '../domain/words/board';

export const CHART_COLOURS = { onTime: '#15803d', late: '#d97706', track: '#e5e7eb', grid: '#9ca3af', text: '#374151' } as const;

const W = 300;
const H = 116;
const LEFT = 30;
const TOP = 6;
const PLOT_H = 88;
const BOTTOM = TOP + PLOT_H;

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The chart of `days` (oldest first, the last today), its ids under `idBase`. */
export const historyChart = (days: readonly BoardDay[], idBase: string, lang: Lang): string => {
  const words = BOARD_WORDS[lang].chart;
  const cell = BOARD_WORDS[lang].cell;
  const band = (W - LEFT - 2) / Math.max(1, days.length);
  const barW = round1(band * 0.7);
  const grid = [1, 0.5, 0]
    .map((level) => {
      const y = round1(BOTTOM - level * PLOT_H);
      return (
        `<line x1="${LEFT}" x2="${W - 2}" y1="${y}" y2="${y}" stroke="${CHART_COLOURS.grid}" stroke-width="0.5"${level > 0 ? ' stroke-dasharray="2 2"' : ''}/>` +
        `<text x="${LEFT - 3}" y="${round1(y + 3)}" text-anchor="end" font-size="8" fill="${CHART_COLOURS.text}">${Math.round(level * 100)}%</text>`
      );
    })
    .join('');
  // One path per series (the tracks, on time, late) rather than a rect per bar: a county's board draws
  // one chart per community on every refresh.
  const bar = (x: number, top: number, height: number) => `M${x} ${round1(top)}h${barW}v${round1(height)}h-${barW}z`;
  const tracks: string[] = [];
  const onTime: string[] = [];
  const late: string[] = [];
  const labels: string[] = [];
  days.forEach((day, i) => {
    const x = round1(LEFT + i * band + (band - barW) / 2);
    // A day with nothing expected (before registration, or all paused or closed) has no bar at all: a
    // full grey track there reads as a day at 100 %.
    if (!day.loading && day.expected === 0) {
      labels.push(`<text x="${round1(x + barW / 2)}" y="${BOTTOM - 2}">—</text>`);
    } else tracks.push(bar(x, TOP, PLOT_H));
    labels.push(`<text x="${round1(x + barW / 2)}" y="${BOTTOM + 11}"${i === days.length - 1 ? ' font-weight="700"' : ''}>${escape(day.date.slice(8))}</text>`);
    if (day.loading || day.completeness === null || day.timeliness === null) return;
    const onTimeH = round1(day.timeliness * PLOT_H);
    const lateH = round1((day.completeness - day.timeliness) * PLOT_H);
    if (onTimeH > 0) onTime.push(bar(x, BOTTOM - onTimeH, onTimeH));
    if (lateH > 0) late.push(bar(x, BOTTOM - onTimeH - lateH, lateH));
  });
  const todayX = round1(LEFT + (days.length - 1) * band + (band - barW) / 2);
  const bars =
    `<path fill="${CHART_COLOURS.track}" d="${tracks.join('')}"/>` +
    (onTime.length > 0 ? `<path class="on-time" fill="${CHART_COLOURS.onTime}" d="${onTime.join('')}"/>` : '') +
    (late.length > 0 ? `<path class="late" fill="${CHART_COLOURS.late}" d="${late.join('')}"/>` : '') +
    // Today is not over: its bar is outlined, dashed.
    (days.length > 0 ? `<path fill="none" stroke="${CHART_COLOURS.text}" stroke-width="0.6" stroke-dasharray="2 1.5" d="${bar(todayX, TOP, PLOT_H)}"/>` : '') +
    `<g font-size="8" text-anchor="middle" fill="${CHART_COLOURS.text}">${labels.join('')}</g>`;
  const first = days[0]?.date ?? '';
  const last = days[days.length - 1];
  const loading = days.filter((day) => day.loading).length;
  const title =
    words.title(days.length, first) + (last ? words.today(percent(last.completeness), percent(last.timeliness)) : '') + (loading > 0 ? words.loading(loading) : '');
  const rows = days
    .map(
      (day, i) =>
        `<tr><th scope="row">${escape(day.date.slice(5))}${i === days.length - 1 ? `<br>${words.todayShort}` : ''}</th>` +
        (day.loading
          ? `<td colspan="6">${words.stillLoading}</td></tr>`
          : `<td>${day.expected}</td><td>${day.onTime}</td><td>${day.late}</td><td>${day.missed}</td><td>${percent(day.completeness)}</td><td>${percent(day.timeliness)}</td></tr>`),
    )
    .join('');
  return (
    `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${idBase}-t" focusable="false">` +
    `<title id="${idBase}-t">${escape(title)}</title>${grid}${bars}</svg>` +
    `<figcaption><span class="key k-onTime"></span> ${cell.onTime} <span class="key k-late"></span> ${cell.late} · ${words.key}</figcaption></figure>` +
    `<details><summary>${words.numbers(days.length)}</summary>` +
    // A phone's width or less with the headers stacked; scrolled within itself (by keyboard too) when not.
    `<div class="scroll" role="region" tabindex="0" aria-label="${escape(words.numbers(days.length))}"><table class="days">` +
    `<caption class="vh">${words.caption(days.length)}</caption><thead><tr>` +
    words.headers.map((name) => `<th scope="col">${name}</th>`).join('') +
    `</tr></thead><tbody>${rows}</tbody></table></div></details>`
  );
};
