/**
 * The language a page is read in: `?lang=` when asked (then remembered in a cookie for every page —
 * console, board, acknowledge pages), else the cookie's, else Chinese.
 */
import { DEFAULT_LANG, langOf, type Lang } from '../domain/words';

export const LANG_COOKIE = 'cw_lang';

/** The cookie that remembers the switch, as the console has always written it (`zh` or `en`). */
export const langCookie = (lang: 'zh' | 'en' | Lang, secure: boolean): string =>
  `${LANG_COOKIE}=${lang === 'en' ? 'en' : 'zh'}; Path=/; SameSite=Lax; Max-Age=${365 * 86400}${secure ? '; Secure' : ''}`;

/** The language the reader's switch remembers, else `fallback` (a community's, for what was sent to it). */
export const readerLang = (cookies: Record<string, string>, fallback: Lang = DEFAULT_LANG): Lang => (cookies[LANG_COOKIE] ? langOf(cookies[LANG_COOKIE]) : fallback);

/** The page's language, and the cookie to set when the request asked for one it does not remember. */
export const pageLang = (asked: string | undefined, cookies: Record<string, string>, secure: boolean): { lang: Lang; remember: string[] } => {
  const lang = langOf(asked ?? cookies[LANG_COOKIE]);
  return { lang, remember: asked !== undefined && langOf(cookies[LANG_COOKIE]) !== lang ? [langCookie(lang, secure)] : [] };
};
