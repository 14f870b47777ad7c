/** Gate sheets from the console: the printable cards, under a line (not printed) that says what to do with them. */
import { escapeHtml as escape } from '../../domain/html';
import { gateCard, SHEET_CSS, type GateCard } from '../gate-sheet';
import { langOf } from '../../domain/words';
import { ICON_DATA_URL } from '../page';
import type { ConsoleView } from './frame';
import { WORDS } from './text';

const BANNER_CSS =
  '.banner{font-family:system-ui,sans-serif;background:#fef9c3;color:#713f12;padding:.6rem .9rem;margin:0 0 4mm;font-size:1rem}.banner a{color:#1d4ed8}' +
  '.banner.rotated{background:#fee2e2;color:#7f1d1d;font-weight:600}@media print{.banner{display:none}}';

export const consoleSheetPage = (view: ConsoleView, input: { communityName: string; back: string; cards: readonly GateCard[]; rotated: boolean }): string => {
  const words = WORDS[view.lang];
  const printHint = view.lang === 'zh' ? '用浏览器的“打印”（Ctrl+P）打印本页：每个卡点一张 A4。' : "Print this page with the browser's Print (Ctrl+P): one A4 page per checkpoint.";
  return (
    `<!doctype html><html lang="${view.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><link rel="icon" href="${ICON_DATA_URL}"><title>${escape(input.communityName)} · ${words.gateSheet}</title><style>${SHEET_CSS}${BANNER_CSS}</style></head><body>` +
    `<main><div class="banner${input.rotated ? ' rotated' : ''}" role="${input.rotated ? 'alert' : 'note'}">` +
    (input.rotated ? `<p>${words.rotated}</p>` : '') +
    `<p>${printHint} <a href="${escape(input.back)}">${words.back}</a></p></div>` +
    input.cards.map((card) => gateCard(input.communityName, card, langOf(view.lang))).join('') +
    `</main></body></html>`
  );
};
