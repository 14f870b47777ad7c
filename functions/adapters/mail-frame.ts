/**
 * The one frame every mail is rendered in — notices, digests and the daily summary alike: HTML and
 * plain text with the same content, in the content's one language, the first action as a button. Every
 * piece of text is escaped here; the domain's content carries no markup.
 */
import type { Block, NoticeContent, Span } from '../domain/delivery/content';
import { escapeHtml as escape } from '../domain/html';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** A mail transport: SES (mailer.ts) or an SMTP relay (smtp-mailer.ts). */
export interface Mailer {
  send(to: string, mail: Mail): Promise<void>;
}

const spanHtml = (span: Span): string =>
  typeof span === 'string' ? escape(span) : 'strong' in span ? `<b>${escape(span.strong)}</b>` : `<a href="${escape(span.link)}">${escape(span.label)}</a>`;
/** In plain text a link is written out after its label. */
const spanText = (span: Span): string => (typeof span === 'string' ? span : 'strong' in span ? span.strong : `${span.label}: ${span.link}`);

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/** A completeness bar drawn with table cells: no images, no scripts, what common mail clients render. */
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

const cell = (value: string | { bar: number | null }, html: boolean): string =>
  typeof value === 'string' ? (html ? escape(value) : value) : html ? `${bar(value.bar)}</td><td style="padding:4px 8px;text-align:right">${percent(value.bar)}` : percent(value.bar);

const blockHtml = (block: Block): string => {
  if (Array.isArray(block)) return `<p style="margin:0 0 8px">${block.map(spanHtml).join('')}</p>`;
  if ('list' in block) return `<ul style="margin:0 0 8px;padding-left:20px">${block.list.map((item) => `<li>${item.map(spanHtml).join('')}</li>`).join('')}</ul>`;
  // A bar column is two cells wide: the bar and its figure.
  const head = block.table.head
    .map((name, column) => `<th align="left"${typeof block.table.rows[0]?.[column] === 'object' ? ' colspan="2"' : ''} style="padding:4px 8px">${escape(name)}</th>`)
    .join('');
  const rows = block.table.rows.map((row) => `<tr>${row.map((value) => `<td style="padding:4px 8px">${cell(value, true)}</td>`).join('')}</tr>`).join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;margin:0 0 8px"><tr style="color:#555">${head}</tr>${rows}</table>`;
};

const blockText = (block: Block): string[] => {
  const text = spanText;
  if (Array.isArray(block)) return [block.map(text).join('')];
  if ('list' in block) return block.list.map((item) => `• ${item.map(text).join('')}`);
  return [block.table.head.join('  '), ...block.table.rows.map((row) => row.map((value) => cell(value, false)).join('  '))];
};

export const mailOf = (content: NoticeContent): Mail => {
  // One action is the button; several (a grouped notice's) are the links in its lines.
  const button = content.actions.length === 1 ? content.actions[0] : undefined;
  const html =
    `<!doctype html><html lang="${content.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(content.subject)}</title></head>` +
    `<body style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.5;color:#111;max-width:680px;margin:0 auto;padding:16px">` +
    content.lines.map(blockHtml).join('') +
    (button
      ? `<p style="margin:16px 0"><a href="${escape(button.url)}" style="display:inline-block;background:#b91c1c;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${escape(button.label)}</a></p>`
      : '') +
    `</body></html>`;
  const text = [...content.lines.flatMap(blockText), ...(button ? ['', `${button.label}: ${button.url}`] : [])].join('\n');
  return { subject: content.subject, text, html };
};
