/**
 * The words people read, one language at a time: zh-CN unless English is chosen (a page's switch, a
 * community's `language` for what is sent to it). Durations and units are written by the runtime's own
 * Intl in the reader's language ("3小时20分钟", "3 hours, 20 minutes"); times are the community's local
 * wall clock (time.ts), written the same in both. The formatters are made on first use, never at
 * import: a process's first Intl object starts ICU (docs/performance.md), and most requests write no
 * duration at all.
 */
import type { Channel, Contact } from '../model';
import { ADMIN_NAME } from '../operators';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

/** The language asked for (`en`, `zh`, `zh-CN`, or nothing): English only when asked, Chinese otherwise. */
export const langOf = (asked: string | undefined): Lang => (asked === 'en' ? 'en' : 'zh-CN');

/** The language a community's notices and summaries are written in. */
export const langOfCommunity = (community: { language?: Lang } | undefined): Lang => community?.language ?? DEFAULT_LANG;

/** Text in the reader's language. */
export type Both = Record<Lang, string>;

/** Items as a list in the language: 黄祖浩、王丽 · Huang Zuhao, Wang Li. */
export const listIn = (items: readonly string[], lang: Lang): string => items.join(lang === 'en' ? ', ' : '、');

/** Parentheses as each language writes them: 东门（玉岳社区） · East gate (Yuyue). */
export const aside = (text: string, lang: Lang): string => (lang === 'en' ? ` (${text})` : `（${text}）`);

type DurationParts = { hours?: number; minutes?: number; seconds?: number };
type Unit = 'hour' | 'minute' | 'second';

const durationWriters = new Map<Lang, (parts: DurationParts) => string>();

/**
 * Intl.DurationFormat where the runtime has it (Node 24, as deployed); else each unit by NumberFormat
 * and joined as a unit list, which reads the same ("3小时20分钟", "3 hours, 20 minutes").
 */
const durationWriter = (lang: Lang): ((parts: DurationParts) => string) => {
  let writer = durationWriters.get(lang);
  if (!writer) {
    const style = lang === 'en' ? 'long' : 'short';
    const Duration = (Intl as unknown as { DurationFormat?: new (locale: string, options: object) => { format(parts: DurationParts): string } }).DurationFormat;
    if (Duration) {
      const format = new Duration(lang, { style });
      writer = (parts) => format.format(parts);
    } else {
      const units = new Map<Unit, Intl.NumberFormat>();
      const unit = (name: Unit) => units.get(name) ?? units.set(name, new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: style })).get(name)!;
      const list = new Intl.ListFormat(lang, { type: 'unit', style: lang === 'en' ? 'long' : 'narrow' });
      writer = (parts) =>
        list.format(
          (['hours', 'minutes', 'seconds'] as const).flatMap((key) => (parts[key] === undefined ? [] : [unit(key.slice(0, -1) as Unit).format(parts[key]!)])),
        );
    }
    durationWriters.set(lang, writer);
  }
  return writer;
};

/**
 * A span of time the way people say it, to the minute (to the second under one): 2秒, 1分钟,
 * 3小时20分钟 · 2 seconds, 1 minute, 3 hours, 20 minutes.
 */
export const duration = (ms: number, lang: Lang): string => {
  const totalMinutes = Math.floor(ms / 60_000);
  if (totalMinutes < 1) return durationWriter(lang)({ seconds: Math.max(0, Math.round(ms / 1000)) });
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return durationWriter(lang)(hours === 0 ? { minutes } : minutes === 0 ? { hours } : { hours, minutes });
};

const LEVEL_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 第一级 · level 1; before the first level is told, 待通知 · not yet told. */
export const levelName = (level: number, lang: Lang): string =>
  level < 1 ? (lang === 'en' ? 'not yet told' : '待通知') : lang === 'en' ? `level ${level}` : `第${LEVEL_ZH[level] ?? level}级`;

/** What a person is in the chain of responsibility, as they are called. */
export const ROLE: Record<Contact['role'] | 'onDuty', Both> = {
  leader: { 'zh-CN': '卡点组长', en: 'checkpoint leader' },
  onDuty: { 'zh-CN': '值班组长', en: 'shift leader on duty' },
  secretary: { 'zh-CN': '社区书记', en: 'community secretary' },
  committee: { 'zh-CN': '大党委书记', en: 'big-committee secretary' },
  summary: { 'zh-CN': '日报接收人', en: 'daily summary recipient' },
};

/** The chat services by the names their users know them by. */
export const CHANNEL_KIND: Record<Channel['kind'], Both> = {
  wecom: { 'zh-CN': '企业微信', en: 'WeCom' },
  dingtalk: { 'zh-CN': '钉钉', en: 'DingTalk' },
  feishu: { 'zh-CN': '飞书', en: 'Feishu' },
  webhook: { 'zh-CN': '系统接口', en: 'webhook' },
};

/**
 * Whom a notice went to, as people know them: a person by role and name, a group by its name and
 * service, or, for an address no registration names, the address itself.
 */
export type Named = { person: string; role?: keyof typeof ROLE } | { group: string; kind: Channel['kind'] } | { other: string };

/** 社区书记 黄祖浩 · 指挥部群（企业微信） · Huang Zuhao (community secretary) · Command group (WeCom) */
export const nameIn = (named: Named, lang: Lang): string => {
  if ('person' in named) return named.role ? (lang === 'en' ? `${named.person}${aside(ROLE[named.role].en, lang)}` : `${ROLE[named.role]['zh-CN']} ${named.person}`) : named.person;
  if ('group' in named) return `${named.group}${aside(CHANNEL_KIND[named.kind][lang], lang)}`;
  return named.other;
};

const COUNTY_ADMIN: Record<Lang, string> = { 'zh-CN': '县管理员', en: 'the county admin' };

/**
 * Who acted (acknowledged, paused) as people read it: the county admin by title, anyone else by the name
 * recorded. A name given in a group (`via` the group's link) is whatever its holder typed, so it is never
 * taken for the admin.
 */
export const actorIn = (actor: string, lang: Lang, via?: string): string => (actor === ADMIN_NAME && !via ? COUNTY_ADMIN[lang] : actor);

/**
 * One language of a reason recorded in both ("地址或密钥无效 / key invalid (93000)"), as a delivery's
 * failure is kept (the record is read in either); text recorded in one is returned as it is.
 */
export const reasonIn = (reason: string, lang: Lang): string => {
  const match = /^(.*[\u3400-\u9fff].*?) \/ ([^\u3400-\u9fff]+?)( \(\w+\))?$/u.exec(reason);
  if (!match) return reason;
  return `${lang === 'en' ? match[2] : match[1]}${match[3] ?? ''}`;
};
