/**
 * What every chat channel is handed, and what it hands back: the structured notice the domain writes
 * (Chinese first, the words already chosen) and the HTTP request a sender makes of it. A channel only
 * renders and signs; it never decides what a notice says, and it makes no request itself.
 */

export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

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

/** A channel as configured: its URL (a credential) and, for dingtalk, feishu and webhook, its signing secret. */
export interface ChannelTarget {
  url: string;
  secret?: string;
}

/**
 * The request a sender makes. `redirect: 'manual'`: a redirect is an answer (a failure), never followed,
 * so a channel URL that passed the URL check cannot bounce the request to another host.
 */
export interface ChannelRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: 'manual';
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
