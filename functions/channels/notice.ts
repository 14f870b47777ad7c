/**
 * What every chat channel is handed: the structured notice the domain writes (Chinese first, the words
 * already chosen), in the chat form all four kinds render (`chatNoticeOf`), and the text helpers they
 * share. A channel only renders and signs; it never decides what a notice says, and it makes no request
 * itself.
 */
import type { Block, NoticeContent, Span } from '../domain/delivery/content';
import type { ChannelRequest } from './kind';

// The domain and the local receiver import the kinds from here (kind.ts defines them).
export { CHANNEL_KINDS, type ChannelKind } from './kind';

export interface NoticeAction {
  label: string;
  url: string;
}

/** A notice as the domain writes it. The first action is the acknowledge link: it is never cut. */
export interface ChatNotice {
  title: string;
  lines: string[];
  actions: NoticeAction[];
  /** Mobiles are @mentioned where the service can (WeCom, DingTalk); names are written out (Feishu). */
  mentions: { mobiles: string[]; names: string[] };
  /** The language it is written in (its punctuation too): Chinese when absent. */
  lang?: 'zh-CN' | 'en';
}

export const jsonRequest = (url: string, body: unknown, headers: Record<string, string> = {}): ChannelRequest => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
  redirect: 'manual',
});

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

// C0/C1 controls and the direction overrides (see functions/domain/text.ts); a line break inside a line
// would let text pose as a line of its own, so it becomes a space like any other control.
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;
// A lone surrogate cannot be encoded as UTF-8; the service would see U+FFFD or refuse the body.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of text fit for any of the services: no controls, well-formed UTF-16 (so valid UTF-8). */
export const cleanLine = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROLS, ' ').trim();

/**
 * The services read markup inside plain text: WeCom's `<@userid>` and Feishu's `<at user_id="all">`
 * @mention people. A checkpoint name must not be able to do that, so `<` in free text becomes the
 * full-width `＜`, which reads the same and opens nothing.
 */
export const inert = (text: string): string => text.replace(/</g, '＜');

/** A mobile as the services match it to a member: a mainland number without +86; other E.164 as given. */
export const mentionMobile = (mobile: string): string => {
  const digits = mobile.replace(/[\s-]/g, '');
  const mainland = /^(?:\+?86)?(1\d{10})$/.exec(digits);
  return mainland ? mainland[1]! : digits;
};

export const unique = (values: string[]): string[] => [...new Set(values.filter((value) => value.length > 0))];

/**
 * The plain-text form every chat service gets: title, lines, then the actions as "label：url", then
 * whatever `tail` the service adds (its @mentions). `omitted` lines are said to be left out.
 */
export const plainText = (notice: ChatNotice, tail: string[] = [], omitted = 0): string => {
  const body = notice.lines.map((line) => inert(cleanLine(line))).filter((line) => line.length > 0);
  const en = notice.lang === 'en';
  if (omitted > 0) body.push(en ? `… (${omitted} more lines not shown)` : `…（另有 ${omitted} 行未显示）`);
  const actions = notice.actions.map((action) => `${inert(cleanLine(action.label))}${en ? ': ' : '：'}${action.url}`);
  return [inert(cleanLine(notice.title)), ...body, ...(actions.length > 0 ? ['', ...actions] : []), ...tail].join('\n');
};

const spanText = (span: Span): string => (typeof span === 'string' ? span : 'strong' in span ? span.strong : span.label);
const blockLines = (block: Block, en: boolean): string[] => {
  if (Array.isArray(block)) return [block.map(spanText).join('')];
  if ('list' in block) return block.list.map((item) => `• ${item.map(spanText).join('')}`);
  // A table row reads as "name：heading value，heading value".
  const headings = block.table.head;
  const shown = (value: string | { bar: number | null }) => (typeof value === 'string' ? value : value.bar === null ? '—' : `${Math.round(value.bar * 1000) / 10}%`);
  const [colon, comma] = en ? [': ', ', '] : ['：', '，'];
  return block.table.rows.map(([first, ...rest]) => `${shown(first ?? '')}${colon}${rest.map((value, column) => `${headings[column + 1] ?? ''} ${shown(value)}`).join(comma)}`);
};

/** The content as a chat service reads it: its lines, the actions as links. */
export const chatNoticeOf = (content: NoticeContent): ChatNotice => ({
  title: content.title,
  lines: content.lines.flatMap((block) => blockLines(block, content.lang === 'en')),
  actions: content.actions.map((action) => ({ label: action.label, url: action.url })),
  lang: content.lang,
  mentions: content.mentions,
});
