/**
 * The delivery module's own words: the message that carries several rows at once (a bundle) — what
 * waited together for one destination, or what an hour's cap held back until the next hour (the
 * digest). Each row keeps its own subject and links in it. In the language of most of its rows.
 */
import type { WebhookEventType } from '../../channels/webhook';
import { DEFAULT_LANG, type Lang } from '../words';
import { noMentions, type NoticeContent, type Span } from './content';

/** One row as a bundle lists it: its subject, then its links. */
export interface BundleLine {
  subject: string;
  links: { label: string; url: string }[];
  lang?: Lang;
  type?: WebhookEventType;
}

const WORDS = {
  'zh-CN': {
    heading: (n: number) => `【督办汇总】${n} 条通知`,
    intro: '以下通知合并为一条发送（同时待发的通知合为一条；每人、每个群每小时通知有上限，超出的在下一小时合并发送），请逐条查看：',
  },
  en: {
    heading: (n: number) => `[Digest] ${n} notices`,
    intro: 'These notices are sent together (notices waiting at the same time go as one; there is a cap on notices per person and per group per hour, and what is over it goes together in the next hour); please read each:',
  },
} as const;

/**
 * The language a bundle is written in: that of most of its rows (each row is its community's language,
 * and the reader of a mailbox that several communities tell is likeliest to read what most of them
 * write); on a tie, zh-CN, the language our readers read first. Each row's own subject stays as written.
 */
export const bundleLang = (lines: readonly Pick<BundleLine, 'lang'>[]): Lang => {
  const counts = new Map<Lang, number>();
  for (const line of lines) counts.set(line.lang ?? DEFAULT_LANG, (counts.get(line.lang ?? DEFAULT_LANG) ?? 0) + 1);
  let best: Lang = DEFAULT_LANG;
  for (const [lang, count] of counts) if (count > (counts.get(best) ?? 0)) best = lang;
  return best;
};

/** Several rows as one message, listing each with its links, in the language of most of them (bundleLang). */
export const bundleNotice = (lines: BundleLine[], now: Date): NoticeContent => {
  const lang = bundleLang(lines);
  const words = WORDS[lang];
  const types = new Set(lines.map((line) => line.type ?? 'escalation.notice'));
  const list = { list: lines.map((line) => [line.subject, ...line.links.flatMap((link): Span[] => [' — ', { link: link.url, label: link.label }])]) };
  return {
    // A bundle of one kind carries its type; of several, the notice's.
    type: types.size === 1 ? [...types][0]! : 'escalation.notice',
    lang,
    subject: words.heading(lines.length),
    title: words.heading(lines.length),
    lines: [[words.intro], list],
    actions: [],
    mentions: noMentions,
    facts: { digest: lines.length },
    occurredAt: now.toISOString(),
  };
};
