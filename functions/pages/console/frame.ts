/**
 * The console's page frame: the header with the pages, who is signed in, the language switch and the
 * sign-out button; one style element, no script, no external requests. Wide tables of fields become
 * stacked cards on a phone (each field keeps its own label).
 */
import type { ConsoleLang } from '../../contract/console';
import { CSRF_FIELD } from '../../contract/console';
import { escapeHtml as escape } from '../../domain/html';
import type { Actor } from '../../domain/operators';
import { langOf } from '../../domain/words';
import { ICON_DATA_URL } from '../page';
import { WORDS, type Words } from './text';

export interface ConsoleView {
  lang: ConsoleLang;
  actor: Actor;
  csrf: string;
  /** The page's own path and query, for the language switch. */
  path: string;
}

export const CONSOLE_CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111;background:#f6f7f9;line-height:1.5}' +
  'a{color:#1d4ed8}header.top{background:#1e3a8a;color:#fff;padding:.4rem .75rem}header.top a,header.top button{color:#fff}' +
  '.bar{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}.brand{font-weight:700;margin-right:auto;text-decoration:none}' +
  'nav ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem;list-style:none;margin:0;padding:0}nav a{display:inline-block;padding:.35rem 0;min-height:24px}nav a[aria-current=page]{font-weight:700;text-decoration:underline}' +
  '.who{font-size:.9rem}.inline{display:inline}.linkish{background:none;border:1px solid #fff;border-radius:.3rem;padding:.2rem .6rem;font:inherit;cursor:pointer;min-height:32px}' +
  'main{max-width:72rem;margin:0 auto;padding:.75rem}h1{font-size:1.35rem;margin:.4rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}h3{font-size:1rem;margin:.8rem 0 .3rem}' +
  'table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}th{font-size:.9rem;color:#374151}' +
  '.card{background:#fff;border-radius:.5rem;padding:.6rem .8rem;margin:.6rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}' +
  'label{font-weight:600}.field{margin:.5rem 0}.field label{display:block}.hint{color:#4b5563;font-size:.9rem;margin:.2rem 0}.field>.hint{display:block}' +
  'input,select,textarea{font:inherit;font-size:1rem;min-height:44px;padding:.35rem .5rem;border:1px solid #6b7280;border-radius:.3rem;background:#fff;color:#111;box-sizing:border-box;max-width:100%}' +
  'input[type=checkbox],input[type=radio]{min-height:auto;width:1.2rem;height:1.2rem;vertical-align:-.2rem}.checks{display:flex;flex-wrap:wrap;gap:.2rem .9rem}.checks label{font-weight:400;display:inline-flex;align-items:center;gap:.3rem;min-height:32px;white-space:nowrap}.counts{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;list-style:none;padding:0}.next li{margin:.5rem 0}' +
  'fieldset{border:1px solid #9ca3af;border-radius:.5rem;margin:.7rem 0;padding:.3rem .7rem .6rem;background:#fff}legend{font-weight:700;padding:0 .3rem}' +
  'button{font:inherit;font-size:1rem;min-height:44px;padding:.4rem 1.1rem;border-radius:.4rem;border:0;background:#1d4ed8;color:#fff;cursor:pointer}' +
  'button.secondary{background:#fff;color:#1e3a8a;border:1px solid #1e3a8a}button.danger{background:#b91c1c}.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.6rem 0}.pause{margin:.6rem 0}' +
  '[aria-invalid=true]{border:2px solid #b91c1c;background:#fff5f5}.error{color:#b91c1c;font-size:.9rem;display:block}.error:empty{display:none}' +
  '.flash{padding:.5rem .75rem;border-radius:.4rem;margin:.5rem 0}.ok{background:#dcfce7;color:#14532d}.bad{background:#fee2e2;color:#7f1d1d}.warn{background:#fef9c3;color:#713f12}' +
  '.chip{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;font-weight:600;font-size:.9rem}' +
  '.s-up{background:#dcfce7;color:#14532d}.s-new{background:#e0e7ff;color:#1e3a8a}.s-late{background:#fef9c3;color:#713f12}.s-missed{background:#fee2e2;color:#7f1d1d}.s-paused{background:#e5e7eb;color:#1f2937}' +
  '.s-open{background:#fee2e2;color:#7f1d1d}.s-acknowledged{background:#fef9c3;color:#713f12}.s-resolved{background:#dcfce7;color:#14532d}.s-unresolved,.s-paused{background:#e5e7eb;color:#1f2937}' +
  '.muted{color:#4b5563}.policy{margin:.2rem 0;padding-left:1.2rem}.mono{font-family:ui-monospace,monospace;font-size:.9rem}' +
  '.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}' +
  'table.rows input,table.rows select{width:100%}table.rows td{min-width:6rem}td.faulty{background:#fee2e2;outline:2px solid #b91c1c;outline-offset:-2px}td.faulty .error{font-weight:600}' +
  '.scroll{overflow-x:auto}output.key{display:block;user-select:all;word-break:break-all;background:#fff;border:2px dashed #1e3a8a;border-radius:.3rem;padding:.5rem;font-size:1rem}' +
  // A phone: every table row a card, every cell its column's name before it.
  '@media (max-width:44rem){table.rows thead,table.list thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}' +
  'table.rows tr,table.list tr{display:block;border:1px solid #d1d5db;border-radius:.4rem;margin:.4rem 0;background:#fff}' +
  'table.rows td,table.list td{display:grid;grid-template-columns:8rem minmax(0,1fr);gap:.4rem;border:0;align-items:center}table.rows td::before,table.list td::before{content:attr(data-label);font-weight:600;color:#374151}}' +
  // The schedule shows the field of the kind chosen only (checkpoint.ts): an interval hides the cron.
  '#s-schedule:has([value=every]:checked) .when:not(.when-every),#s-schedule:has([value=times]:checked) .when:not(.when-times),#s-schedule:has([value=cron]:checked) .when:not(.when-cron){display:none}' +
  '@media print{header.top,.noprint{display:none}}';

const langSwitch = (view: ConsoleView, words: Words): string => {
  const other = view.lang === 'zh' ? 'en' : 'zh';
  const [path, query = ''] = view.path.split('?') as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', other);
  params.delete('saved');
  return `<a href="${escape(`${path}?${params.toString()}`)}" lang="${langOf(other)}">${words.switchLang}</a>`;
};

/** The hidden CSRF field every form carries (functions/runtime/console.ts checks it). */
export const csrfField = (view: Pick<ConsoleView, 'csrf'>): string => `<input type="hidden" name="${CSRF_FIELD}" value="${escape(view.csrf)}">`;

type Section = 'communities' | 'escalations' | 'import' | 'audit' | 'operatorKeys' | undefined;

export const consolePage = (view: ConsoleView, input: { title: string; section: Section; body: string }): string => {
  const words = WORDS[view.lang];
  const item = (section: Exclude<Section, undefined>, href: string) =>
    `<li><a href="${href}"${input.section === section ? ' aria-current="page"' : ''}>${words[section]}</a></li>`;
  const who = view.actor.kind === 'admin' ? words.countyAdmin : view.actor.name;
  return (
    `<!doctype html><html lang="${view.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><link rel="icon" href="${ICON_DATA_URL}"><title>${escape(input.title)} · ${words.appShort}</title><style>${CONSOLE_CSS}</style></head><body>` +
    `<header class="top"><div class="bar"><a class="brand" href="/admin">${words.app}</a>` +
    `<nav aria-label="${words.appShort}"><ul>${item('communities', '/admin')}${item('escalations', '/admin/escalations')}${item('import', '/admin/import')}${item('audit', '/admin/audit')}` +
    // The keys are the county's: an operator's pass is not offered a page it would be refused.
    `${view.actor.kind === 'admin' ? item('operatorKeys', '/admin/operator-keys') : ''}<li><a href="/board">${words.board}</a></li><li>${langSwitch(view, words)}</li></ul></nav>` +
    `<span class="who">${words.signedInAs}: ${escape(who)}</span>` +
    `<form class="inline" method="post" action="/admin/sign-out">${csrfField(view)}<button class="linkish" type="submit">${words.signOut}</button></form></div></header>` +
    `<main>${input.body}</main></body></html>`
  );
};

/** A page for someone not signed in: the sign-in form (and where to go after). */
export const signInPage = (lang: ConsoleLang, options: { next?: string; error?: boolean } = {}): string => {
  const words = WORDS[lang];
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><link rel="icon" href="${ICON_DATA_URL}"><title>${words.signInTitle}</title><style>${CONSOLE_CSS}</style></head><body>` +
    `<header class="top"><div class="bar"><span class="brand">${words.app}</span><nav aria-label="${words.appShort}"><ul><li><a href="/admin?lang=${other}" lang="${langOf(other)}">${words.switchLang}</a></li></ul></nav></div></header>` +
    `<main><div class="card" style="max-width:28rem"><h1>${words.signInTitle}</h1>` +
    (options.error ? `<p class="flash bad" role="alert">${words.badKey}</p>` : '') +
    `<form method="post" action="/admin/sign-in"><div class="field"><label for="key">${words.signInKey}</label>` +
    `<input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%" aria-describedby="key-hint"${options.error ? ' aria-invalid="true"' : ''}>` +
    `<p class="hint" id="key-hint">${words.signInHint}</p></div>` +
    (options.next ? `<input type="hidden" name="next" value="${escape(options.next)}">` : '') +
    `<input type="hidden" name="lang" value="${lang}"><button type="submit">${words.signIn}</button></form></div></main></body></html>`
  );
};

/** A flash line at the top of a page: what the last POST did. */
export const flash = (text: string, kind: 'ok' | 'bad' | 'warn' = 'ok'): string => `<p class="flash ${kind}" role="${kind === 'bad' ? 'alert' : 'status'}">${text}</p>`;
