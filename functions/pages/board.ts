/**
 * The officials' board: every checkpoint by community, its state in colour and in words, today's slots
 * as a strip of cells, open escalations, today's completeness and a 14-day chart per community.
 * Server-rendered and refreshing itself, so it works on any phone; no personal data of fever cases.
 * Colours come from classes in the page's one style element (no style attributes), and nothing but
 * the refresh is script.
 */
import type { Board, BoardCheckpoint } from '../domain/board';
import type { CheckpointView } from '../domain/registry';
import { CELL_STATES, type CellState, type SlotStrip } from '../domain/slot-strip';
import { DEFAULT_TIMEZONE, formatLocal } from '../domain/time';
import { duration, levelName, listIn, nameIn, type Lang } from '../domain/words';
import { BOARD_WORDS, type BoardWords } from '../domain/words/board';
import { CHART_COLOURS, historyChart } from './history-chart';
import { htmlPage } from './page';
import { escapeHtml as escape } from '../domain/html';

const STATUS: Record<CheckpointView['status'], { colour: string; text: string }> = {
  up: { colour: '#dcfce7', text: '#14532d' },
  new: { colour: '#e0e7ff', text: '#1e3a8a' },
  late: { colour: '#fef9c3', text: '#713f12' },
  missed: { colour: '#fee2e2', text: '#7f1d1d' },
  paused: { colour: '#e5e7eb', text: '#1f2937' },
};

/** A strip cell's state in words, and its look: colour and, for the ones colour alone might not tell apart, a pattern. */
const CELL: Record<CellState, { css: string }> = {
  onTime: { css: `background:${CHART_COLOURS.onTime}` },
  late: { css: `background:repeating-linear-gradient(135deg,${CHART_COLOURS.late} 0 3px,#fcd34d 3px 5px)` },
  missed: { css: 'background:linear-gradient(45deg,transparent 42%,#fff 42% 58%,transparent 58%),linear-gradient(-45deg,transparent 42%,#fff 42% 58%,transparent 58%),#b91c1c' },
  pending: { css: 'background:#fff;box-shadow:inset 0 0 0 1px #6b7280' },
  paused: { css: 'background:repeating-linear-gradient(90deg,#6b7280 0 2px,#d1d5db 2px 4px)' },
  closed: { css: 'background:repeating-linear-gradient(45deg,#9ca3af 0 1px,#e5e7eb 1px 4px)' },
  before: { css: 'background:#f3f4f6;box-shadow:inset 0 0 0 1px #d1d5db' },
};

const CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111;background:#f6f7f9}main{max-width:64rem;margin:0 auto;padding:.75rem}' +
  'h1{font-size:1.3rem;margin:.25rem 0}h2{font-size:1.1rem;margin:1rem 0 .25rem}table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;font-size:.95rem;overflow-wrap:anywhere}' +
  '.chip{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-weight:600;white-space:nowrap}.bar{display:inline-block;width:8rem;height:.7rem;background:#e5e7eb;vertical-align:middle;border-radius:.35rem;overflow:hidden}' +
  '.muted{color:#4b5563}.counts{margin:.25rem 0}.esc{background:#fff;border-left:4px solid #b91c1c;padding:.4rem .6rem;margin:.3rem 0}' +
  '.esc.fever{background:#fef2f2;border-left-color:#7f1d1d}.chip.copied{background:#fef3c7;color:#78350f}' +
  (Object.keys(STATUS) as CheckpointView['status'][]).map((status) => `.chip[data-status=${status}]{background:${STATUS[status].colour};color:${STATUS[status].text}}`).join('') +
  // Visually hidden, still read: the text alternative of each cell and of the chart's table caption.
  '.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}' +
  'tr.today td{padding-top:0;font-size:.85rem}.strip-sum{margin:0 0 .2rem}.strip{display:flex;gap:1px;list-style:none;margin:0;padding:0}' +
  '.strip li{flex:1 1 0;position:relative;min-width:3px;height:1.1rem;border-radius:2px}' +
  CELL_STATES.map((state) => `.c-${state},.k-${state}{${CELL[state].css}}`).join('') +
  '.legend{display:flex;flex-wrap:wrap;gap:.2rem .8rem;list-style:none;padding:0;margin:.25rem 0;font-size:.85rem}.key{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;border-radius:2px}' +
  '.chart{margin:.4rem 0;max-width:36rem}.chart svg{display:block;background:#fff}figcaption{font-size:.85rem;color:#374151}details{margin:.25rem 0 .5rem;font-size:.9rem}' +
  'summary{cursor:pointer;min-height:24px}.scroll{overflow-x:auto}table.days th,table.days td{padding:.2rem .2rem;font-size:.8rem;line-height:1.2}table.days th span{font-size:.7rem}';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/**
 * A run of slots by the clock, its end as the day it falls on needs: the next midnight is 24:00, a later
 * time of another date names the date — a cron slot 08:00 to the next day's 08:00 reads "08:00–12-01
 * 08:00", not "08:00–08:00".
 */
const clockSpan = (from: number, to: number, zone: string) => {
  const [start, end] = [formatLocal(new Date(from), zone), formatLocal(new Date(to), zone)];
  const sameDate = start.slice(0, 10) === end.slice(0, 10);
  const nextMidnight = end.slice(11) === '00:00' && formatLocal(new Date(to - 1), zone).slice(0, 10) === start.slice(0, 10);
  return `${start.slice(11)}–${sameDate ? end.slice(11) : nextMidnight ? '24:00' : end.slice(5)}`;
};
const inWords = (counts: Partial<Record<CellState, number>>, words: BoardWords) =>
  CELL_STATES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${words.cell[s]} ${counts[s]}`)
    .join(' · ');

/**
 * Adjacent cells that look alike drawn as one item `w<n>` cells wide, with the lines between its cells
 * drawn over it: a listener hears "06:00–10:00 on time 2" once, not two cells one by one, and the page
 * stays small (a PT30S checkpoint's 48 cells are mostly a few runs).
 */
const runsOf = (strip: SlotStrip): { state: CellState; from: number; to: number; cells: number; counts: Partial<Record<CellState, number>> }[] => {
  const runs: ReturnType<typeof runsOf> = [];
  for (const cell of strip.cells) {
    const last = runs[runs.length - 1];
    if (last && last.state === cell.state) {
      last.to = cell.to;
      last.cells += 1;
      for (const [state, n] of Object.entries(cell.counts) as [CellState, number][]) last.counts[state] = (last.counts[state] ?? 0) + n;
    } else runs.push({ state: cell.state, from: cell.from, to: cell.to, cells: 1, counts: { ...cell.counts } });
  }
  return runs;
};

/** The look of a run `n` cells wide: its share of the strip, and a line where each of its cells ends. */
const widthCss = (n: number) =>
  `.w${n}{flex-grow:${n}}.w${n}::after{content:"";position:absolute;inset:0;background:repeating-linear-gradient(90deg,transparent 0 calc(${round2(100 / n)}% - 1px),#fff 0 ${round2(100 / n)}%)}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Today's slots: a summary in words, then the cells, each run of alike cells with its time and its words. */
const stripHtml = (strip: SlotStrip, checkpointId: string, zone: string, widths: Set<number>, words: BoardWords): string => {
  const id = `s-${escape(checkpointId)}`;
  if (strip.slots === 0) return `<p class="strip-sum" id="${id}">${words.noSlots}</p>`;
  const grouped = strip.slotsPerCell > 1 ? words.perCell(strip.slotsPerCell) : '';
  const items = runsOf(strip)
    .map((run) => {
      if (run.cells > 1) widths.add(run.cells);
      return `<li class="c-${run.state}${run.cells > 1 ? ` w${run.cells}` : ''}"><span class="vh">${clockSpan(run.from, run.to, zone)} ${inWords(run.counts, words)}</span></li>`;
    })
    .join('');
  return (
    `<p class="strip-sum" id="${id}">${words.slotsToday(strip.slots)}${grouped}${words.colon}${inWords(strip.counts, words)}</p>` +
    `<ol class="strip" aria-labelledby="${id}">${items}</ol>`
  );
};

/** The strip's colours, once, above the communities. */
const legend = (words: BoardWords) =>
  `<ul class="legend" aria-label="${escape(words.legend)}">${CELL_STATES.map((s) => `<li><span class="key k-${s}"></span> ${words.cell[s]}</li>`).join('')}</ul>`;

/** The switch to the other language: the same board (its read-only link kept), `?lang=` (then remembered in a cookie). */
const langSwitch = (lang: Lang, words: BoardWords, link?: string) =>
  `<a class="lang" href="?${link ? `v=${escape(encodeURIComponent(link))}&amp;` : ''}lang=${lang === 'en' ? 'zh' : 'en'}" lang="${lang === 'en' ? 'zh-CN' : 'en'}">${words.switchLang}</a>`;

const completenessBar = (value: number | null) =>
  `<svg class="bar" viewBox="0 0 100 8" width="128" height="11" role="img" aria-label="${percent(value)}" focusable="false"><rect width="100" height="8" rx="4" fill="#e5e7eb"/>` +
  (value ? `<rect width="${Math.round(value * 100)}" height="8" rx="4" fill="${CHART_COLOURS.onTime}"/>` : '') +
  `</svg>`;

/**
 * `operator`: the name of the operator key signed in; the board then holds its communities only. Times
 * are each community's local time; the header's is the first community's (the county's, when none).
 */
export const boardPage = (input: Board & { now: Date; refreshSeconds: number; operator?: string; lang: Lang; link?: string }): string => {
  const { lang } = input;
  const words = BOARD_WORDS[lang];
  const counts = (views: CheckpointView[]) =>
    (Object.keys(STATUS) as CheckpointView['status'][])
      .map((status) => [status, views.filter((v) => v.status === status).length] as const)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${words.status_[status]} ${n}`)
      .join(' · ');
  const widths = new Set<number>();
  const sections = input.communities
    .map((community) => {
      const rows = community.checkpoints
        .map((cp: BoardCheckpoint) => {
          return (
            `<tr id="cp-${escape(cp.checkpointId)}"><td>${escape(cp.name)}</td>` +
            `<td><span class="chip" data-status="${cp.status}">${words.status_[cp.status]}</span>${cp.looksCopied ? ` <span class="chip copied">${words.copied}</span>` : ''}${cp.pausedReason ? `<br><span class="muted">${escape(cp.pausedReason)}</span>` : ''}</td>` +
            `<td>${cp.lastReadingAt ? escape(formatLocal(new Date(cp.lastReadingAt), community.timezone)) : '—'}</td>` +
            `<td>${cp.nextDeadline ? escape(formatLocal(new Date(cp.nextDeadline), community.timezone)) : '—'}</td></tr>` +
            `<tr class="today"><td colspan="4">${stripHtml(cp.today, cp.checkpointId, cp.timezone, widths, words)}</td></tr>`
          );
        })
        .join('');
      const { completeness } = community;
      return (
        `<section aria-labelledby="c-${escape(community.communityId)}"><h2 id="c-${escape(community.communityId)}">${escape(community.name)}</h2>` +
        `<p class="counts">${words.completeness}${words.colon}${completenessBar(completeness)} <b>${percent(completeness)}</b>` +
        ` · ${escape(counts(community.checkpoints))}</p>` +
        historyChart(community.history, `h-${escape(community.communityId)}`, lang) +
        `<table><thead><tr><th scope="col">${words.checkpoint}</th><th scope="col">${words.status}</th><th scope="col">${words.lastReport}</th><th scope="col">${words.nextDeadline}</th></tr></thead><tbody>${rows}</tbody></table></section>`
      );
    })
    .join('');
  const escalations = input.escalations
    .map(
      (e) =>
        (e.cause === 'fever'
          ? `<div class="esc fever"><b>${escape(e.checkpointName)}</b> ${escape(words.fever(e.cases?.length ?? 0))} — ${levelName(e.level, lang)} · ${escape(words.unhandled(duration(input.now.getTime() - Date.parse(e.openedAt), lang)))}`
          : `<div class="esc"><b>${escape(e.checkpointName)}</b> — ${levelName(e.level, lang)} · ${escape(words.overdue(duration(input.now.getTime() - Date.parse(e.missedDeadline), lang)))}`) +
        `<br>${words.told}${words.colon}${escape(listIn(e.told.map((named) => nameIn(named, lang)), lang) || '—')}` +
        (e.acknowledger ? `<br>${words.acknowledgedBy}${words.colon}${escape(nameIn(e.acknowledger, lang))}` : '') +
        `</div>`,
    )
    .join('');
  const zone = input.communities[0]?.timezone ?? DEFAULT_TIMEZONE;
  return htmlPage(
    words.title,
    `<main><header><h1>${words.title}</h1>${langSwitch(lang, words, input.link)}</header><p class="muted">${words.updated} ${escape(formatLocal(input.now, zone))} · ${words.refreshEvery(input.refreshSeconds)} ` +
      `<button type="button" id="pause" aria-pressed="false">${words.pause}</button></p>` +
      (input.operator ? `<p class="muted">${escape(words.operator(input.operator))}</p>` : '') +
      `<h2>${words.openEscalations(input.escalations.length)}</h2>${escalations || `<p>${words.none}</p>`}` +
      (input.communities.length > 0 ? legend(words) : '') +
      sections +
      `</main>` +
      // A refresh the reader can stop (WCAG 2.2.1), rather than <meta refresh>.
      `<script>(function(){var on=true,b=document.getElementById('pause');var t=setTimeout(function(){location.reload()},${input.refreshSeconds * 1000});` +
      `b.addEventListener('click',function(){on=!on;b.setAttribute('aria-pressed',String(!on));b.textContent=on?${JSON.stringify(words.pause)}:${JSON.stringify(words.resume)};` +
      `clearTimeout(t);if(on)t=setTimeout(function(){location.reload()},${input.refreshSeconds * 1000});});})();</script>`,
    {
      lang,
      css: `${CSS}${[...widths].sort((a, b) => a - b).map(widthCss).join('')}#pause{font-size:.9rem;min-height:36px;background:#fff;color:#111;border:1px solid #555;border-radius:.4rem;padding:.2rem .6rem}` +
        'header{display:flex;justify-content:space-between;align-items:center;gap:.5rem}.lang{display:inline-block;min-height:36px;line-height:36px;padding:0 .7rem;border:1px solid #555;border-radius:.4rem;color:#111;background:#fff;text-decoration:none}',
    },
  );
};

export const signInPage = (lang: Lang, error?: 'bad-key'): string => {
  const words = BOARD_WORDS[lang];
  return htmlPage(
    words.signInTitle,
    `<main style="max-width:24rem;margin:0 auto;padding:1rem"><header style="display:flex;justify-content:space-between;align-items:center"><h1>${words.title}</h1>${langSwitch(lang, words)}</header>` +
      (error ? `<p role="alert" style="color:#7f1d1d">${escape(words.badKey)}</p>` : '') +
      `<form method="post" action="/board/sign-in"><label for="key" style="display:block;font-weight:600">${words.signInKey}</label>` +
      `<input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%;min-height:48px;font-size:1.1rem;box-sizing:border-box">` +
      `<button type="submit" style="margin-top:.75rem;width:100%;background:#1d4ed8">${words.signIn}</button></form></main>`,
    { lang },
  );
};
