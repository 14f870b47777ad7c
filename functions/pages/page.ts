/** The frame of every page the API serves. */
import { escapeHtml } from '../domain/html';
import type { Lang } from '../domain/words';

const PAGE_CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:0 auto;padding:1rem;line-height:1.6;color:#111}' +
  'button{font-size:1.2rem;padding:.8rem 1.6rem;background:#b91c1c;color:#fff;border:0;border-radius:.4rem;min-height:48px}' +
  'input{font:inherit;font-size:1.1rem;padding:.6rem;width:100%;max-width:20rem;min-height:44px;box-sizing:border-box;border:1px solid #767676;border-radius:.3rem}' +
  // A choice (the fever page's 处置情况): the box beside its words, the whole line a finger's tap.
  'input[type=radio]{width:1.4rem;height:1.4rem;min-height:0;margin:0 .6rem 0 0;vertical-align:middle}' +
  'label:has(>input[type=radio]){display:inline-block;min-height:44px;line-height:44px}';

/** The app's icon: the form's manifest names it, and every page links it as its favicon. */
export const ICON_DATA_URL = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1d4ed8"/><text x="32" y="44" font-size="36" text-anchor="middle" fill="#fff">报</text></svg>',
)}`;

/**
 * A whole page in one language (Chinese unless English is asked for), mobile viewport, no external requests. The favicon is inline (a data:
 * URL), so a browser does not ask for /favicon.ico: no 404, and no request on a weak signal.
 */
export const htmlPage = (title: string, body: string, options: { head?: string; css?: string; lang?: Lang } = {}): string =>
  `<!doctype html><html lang="${options.lang ?? 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<meta name="robots" content="noindex"><link rel="icon" href="${ICON_DATA_URL}"><title>${escapeHtml(title)}</title>${options.head ?? ''}` +
  `<style>${options.css ?? PAGE_CSS}</style></head><body>${body}</body></html>`;
