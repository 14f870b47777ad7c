/**
 * The console's session, on every console route (`auth: 'console'` in the route table): who the pass in
 * the `cw_admin` cookie names — the county admin, or an operator key looked up again by its id, so a
 * revoked key opens nothing — and, on every POST, that the form came from the console's own pages:
 *
 * - the Origin header (or the Referer's origin, when a browser sends no Origin) must be the scheme and
 *   host the request reached; a foreign one is refused 403 before anything is read or written;
 * - the form's CSRF token must be the one derived from this pass (functions/domain/passes.ts);
 * - and the cookie is SameSite=Strict, so a browser does not even send it with another site's POST.
 *
 * Without a valid pass a page answers the sign-in page (401; 200 at /admin itself). The language is
 * `?lang=` (then kept in a cookie) or the cookie's, Chinese by default. Every answer is `no-store`, under
 * a content security policy that allows no script, no external request, no framing and forms only to
 * this site.
 */
import { CONSOLE_LANGS, CSRF_FIELD, type ConsoleLang } from '../contract/console';
import { ForbiddenError, ValidationError } from '../domain/errors';
import type { LinkKeys, SignedLink } from '../domain/links';
import { COUNTY_ADMIN, operatorActor, type Actor } from '../domain/operators';
import { CONSOLE_PASS, csrfMatches, csrfTokenOf, originOf, parsePass, passHolder } from '../domain/passes';
import { signInPage } from '../pages/console/frame';
import { methodAndPath, type RouteDef } from '../routes';
import { linkKeys } from './admin-key';
import { operatorKeyDynamoStore } from './deps';
import type { Reply } from './http';
import { routeHandler, type RouteHandle } from './route';
import { LANG_COOKIE, langCookie } from './page-lang';

export { LANG_COOKIE, langCookie };

export const CONSOLE_COOKIE = 'cw_admin';
/** The board's pass cookie (functions/handlers/board.ts): the console's sign-in sets it too, so the board opens signed in. */
export const BOARD_COOKIE = 'cw_board';
/** A pass lives as long as its signature (48 h): the cookie a little less. */
export const PASS_MAX_AGE = 47 * 3600;

/**
 * What every console answer carries. No script at all (`script-src` none): the console is plain forms;
 * `form-action 'self'` keeps even an injected form from posting elsewhere; `frame-ancestors 'none'`
 * stops another site framing a button under a decoy (clickjacking). `same-origin` referrers: the
 * console's own POSTs keep their Origin (with `no-referrer` a browser would send `Origin: null`).
 */
export const CONSOLE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

export interface ConsoleSession {
  actor: Actor;
  /** The CSRF token of this pass: every form the page renders carries it. */
  csrf: string;
  lang: ConsoleLang;
  /** The page's own path and query (the language switch keeps it). */
  path: string;
}

/** A posted form's fields, as sent (repeated names kept in order). */
export class FormFields {
  constructor(private readonly entries: readonly [string, string][]) {}
  get(name: string): string {
    return this.entries.find(([key]) => key === name)?.[1] ?? '';
  }
  all(name: string): string[] {
    return this.entries.filter(([key]) => key === name).map(([, value]) => value);
  }
  has(name: string): boolean {
    return this.entries.some(([key]) => key === name);
  }
  /** The row indices posted under a list (`shifts` → the N of every `shifts.N.…`), ascending. */
  indices(list: string): number[] {
    const found = new Set<number>();
    for (const [key] of this.entries) {
      const match = key.startsWith(`${list}.`) ? /^(\d{1,3})\./.exec(key.slice(list.length + 1)) : null;
      if (match) found.add(Number(match[1]));
    }
    return [...found].sort((a, b) => a - b);
  }
  static of(values: Record<string, string | string[] | undefined>): FormFields {
    return new FormFields(Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => [key, v] as [string, string]))));
  }
}

/** An uploaded file of a multipart form. */
export interface FormFile {
  name: string;
  type: string;
  bytes: Buffer;
}

type ConsoleRouteDef = Omit<RouteDef, 'auth'> & { auth: 'console' };
type AsPublic<R extends ConsoleRouteDef> = Omit<R, 'auth'> & { auth: 'public' };
type Handled<R extends ConsoleRouteDef> = Parameters<RouteHandle<AsPublic<R>>>[0];
export type ConsoleRequest<R extends ConsoleRouteDef> = Handled<R> & { session: ConsoleSession; form: FormFields; upload?: FormFile };

const langOf = (query: unknown, cookies: Record<string, string>): ConsoleLang => {
  const asked = (query as { lang?: string } | undefined)?.lang ?? cookies[LANG_COOKIE];
  return (CONSOLE_LANGS as readonly string[]).includes(asked ?? '') ? (asked as ConsoleLang) : 'zh';
};

/** The actor a console pass names now, or undefined (no pass, a forged or expired one, a revoked key). */
export const consoleActor = async (keys: LinkKeys, pass: SignedLink | undefined, now: Date): Promise<Actor | undefined> => {
  const holder = passHolder(keys, CONSOLE_PASS, pass, now);
  if (!holder) return undefined;
  if (holder.kind === 'admin') return COUNTY_ADMIN;
  const stored = await operatorKeyDynamoStore().operatorKey(holder.keyId);
  return stored && operatorActor(stored);
};

const decodeForm = (bytes: Buffer): FormFields => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('the form is not valid UTF-8', [{ path: 'body', message: 'encode text as UTF-8' }]);
  }
  return new FormFields([...new URLSearchParams(text)]);
};

/** A multipart form, parsed by the runtime's own fetch implementation (undici): its text fields and its one file. */
const decodeMultipart = async (bytes: Buffer, contentType: string): Promise<{ form: FormFields; upload?: FormFile }> => {
  let data: FormData;
  try {
    data = await new Response(new Blob([new Uint8Array(bytes)]), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ValidationError('the upload is not a valid multipart form', [{ path: 'body', message: 'send the form as the page does (multipart/form-data)' }]);
  }
  const entries: [string, string][] = [];
  let upload: FormFile | undefined;
  for (const [name, value] of data) {
    if (typeof value === 'string') entries.push([name, value]);
    else if (!upload && value.size > 0) upload = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { form: new FormFields(entries), ...(upload && { upload }) };
};


const withConsoleHeaders = (reply: Reply, cookies: string[]): Reply => ({
  ...reply,
  headers: { ...CONSOLE_HEADERS, ...reply.headers },
  ...((reply.cookies?.length || cookies.length) && { cookies: [...(reply.cookies ?? []), ...cookies] }),
});

/** The request's path and query as the browser asked for it (for the sign-in's way back and the language switch). */
const pathOf = (request: { headers: Record<string, string | undefined> }, fallback: string, query: unknown): string => {
  const entries = Object.entries((query as Record<string, unknown>) ?? {}).filter(([, value]) => typeof value === 'string') as [string, string][];
  const search = new URLSearchParams(entries.filter(([key]) => key !== 'lang')).toString();
  return `${fallback}${search ? `?${search}` : ''}`;
};

/**
 * Binds a console route: the session and, on a POST, the origin and the CSRF token are checked before
 * the handler runs; the handler gets the session and the form's fields. The route table's `auth:
 * 'console'` may only be bound here (functions/runtime/route.ts refuses it otherwise).
 */
export const consoleRouteHandler = <R extends ConsoleRouteDef>(route: R, handle: (request: ConsoleRequest<R>) => Promise<Reply>) => {
  const { method, path: template } = methodAndPath(route.key);
  return routeHandler({ ...route, auth: 'public' } as AsPublic<R>, async (request) => {
    const { cookies, headers, now, baseUrl } = request;
    const lang = langOf(request.query, cookies);
    const secure = baseUrl.startsWith('https:');
    const remembered = (request.query as { lang?: string } | undefined)?.lang && cookies[LANG_COOKIE] !== lang ? [langCookie(lang, secure)] : [];
    const rawPath = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((request.path as Record<string, string>)[name] ?? '')));
    const path = pathOf(request, rawPath, request.query);
    // A POST from another site is refused before its session is even looked at.
    if (method !== 'GET' && originOf(headers) === 'foreign') throw new ForbiddenError('this form was sent from another site; the console takes forms from its own pages only');

    const keys = await linkKeys();
    const pass = parsePass(cookies[CONSOLE_COOKIE]);
    const actor = await consoleActor(keys, pass, now);
    if (!actor || !pass) {
      const status = method === 'GET' && rawPath === '/admin' ? 200 : 401;
      return withConsoleHeaders({ status, contentType: 'text/html; charset=utf-8', text: signInPage(lang, method === 'GET' ? { next: path } : {}) }, remembered);
    }
    let form = new FormFields([]);
    let upload: FormFile | undefined;
    if (method !== 'GET') {
      const file = (request as { file?: { bytes: Buffer } }).file;
      const contentType = headers['content-type'] ?? '';
      if (file) ({ form, upload } = /^multipart\/form-data/i.test(contentType) ? await decodeMultipart(file.bytes, contentType) : { form: decodeForm(file.bytes), upload: undefined });
      if (!csrfMatches(keys, pass, form.get(CSRF_FIELD))) throw new ForbiddenError('the form is not from a current console page (its CSRF token does not match your sign-in): reload the page and send it again');
    }
    const session: ConsoleSession = { actor, csrf: csrfTokenOf(keys, pass), lang, path };
    const reply = await handle({ ...(request as Handled<R>), session, form, ...(upload && { upload }) } as ConsoleRequest<R>);
    return withConsoleHeaders(reply, remembered);
  });
};
