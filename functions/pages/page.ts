/** The frame of every page the API serves. */
import { escapeHtml } from '../domain/html';

const PAGE_CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:0 auto;padding:1rem;line-height:1.6;color:#111}' +
  'button{font-size:1.2rem;padding:.8rem 1.6rem;background:#b91c1c;color:#fff;border:0;border-radius:.4rem;min-height:48px}' +
  '.en{color:#444;border-top:1px solid #ddd;margin-top:1rem;padding-top:.5rem}';

/** A whole page: Chinese first, mobile viewport, no external requests. */
export const htmlPage = (title: string, body: string, options: { head?: string; css?: string } = {}): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>${options.head ?? ''}` +
  `<style>${options.css ?? PAGE_CSS}</style></head><body>${body}</body></html>`;
