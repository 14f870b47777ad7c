import { dayHistoryOn } from '../adapters/day-history';
import { boardAt, refreshBoard, type BoardSnapshot, type BoardStore } from '../domain/board';
import { checkLink, signLink, type LinkKeys } from '../domain/links';
import { authenticateOperator, COUNTY_ADMIN, narrowBoard, operatorActor, operatorKeyIdOf, type Actor } from '../domain/operators';
import { parsePass, passText } from '../domain/passes';
import { secretsMatch } from '../domain/secrets';
import { boardPage, signInPage } from '../pages/board';
import { routes } from '../routes';
import { adminKey, linkKeys } from '../runtime/admin-key';
import { config } from '../runtime/config';
import { operatorKeyDynamoStore, summaryDynamoStore } from '../runtime/deps';
import type { Reply } from '../runtime/http';
import { byRouteKey, routeHandler } from '../runtime/route';
import { pageLang, readerLang } from '../runtime/page-lang';

const HTML = 'text/html; charset=utf-8';
const COOKIE = 'cw_board';
const REFRESH_SECONDS = 30;

/**
 * What this instance's last refresh read, per store (one per table): the next refresh reads only what
 * the board stamps say moved since. A fresh instance has none and reads the county whole.
 */
let snapshots = new WeakMap<BoardStore, BoardSnapshot>();
/** A cold board, as a fresh instance has (the bench times it). */
export const forgetBoards = (): void => {
  snapshots = new WeakMap();
};

/**
 * A board pass: `<who>.<exp>.<kid>.<sig>`, read as the console reads its own (domain/passes.ts: nothing
 * after the signature); 'admin' from sign-in, 'read-only' in links, `operator:<keyId>` from an operator
 * key's sign-in.
 */
const OPERATOR_PASS = 'operator:';

/**
 * Whose board a pass shows: the county's, or an operator key's communities. The pass names the key, and
 * the key is read again on every view (one GetItem), so a revoked key's pass opens nothing from the next
 * refresh on and a key's communities are the ones it has now.
 */
const viewerOf = async (keys: LinkKeys, texts: (string | undefined)[], now: Date): Promise<Actor | undefined> => {
  for (const text of texts) {
    const pass = parsePass(text);
    if (!pass || checkLink(keys, 'board', 'county', pass, now) !== 'valid') continue;
    if (!pass.r.startsWith(OPERATOR_PASS)) return COUNTY_ADMIN;
    const stored = await operatorKeyDynamoStore().operatorKey(pass.r.slice(OPERATOR_PASS.length));
    return stored && operatorActor(stored);
  }
  return undefined;
};

/** Who a sign-in key is, as its pass names it: 'admin', `operator:<keyId>`, or undefined when it is neither. */
const signInAs = async (key: string): Promise<string | undefined> => {
  if (operatorKeyIdOf(key)) {
    const operator = await authenticateOperator(operatorKeyDynamoStore(), key);
    return operator?.kind === 'operator' ? `${OPERATOR_PASS}${operator.keyId}` : undefined;
  }
  return secretsMatch(key, await adminKey()) ? 'admin' : undefined;
};

/** A read-only board link, e.g. for the daily summary mail. */
export const boardLink = (keys: LinkKeys, baseUrl: string, now: Date): string =>
  `${baseUrl}/board?v=${encodeURIComponent(passText(signLink(keys, 'board', 'county', 'read-only', now)))}`;

const show = routeHandler(routes.board, async ({ cookies, query, now, baseUrl }): Promise<Reply> => {
  const keys = await linkKeys();
  const { lang, remember } = pageLang(query.lang, cookies, baseUrl.startsWith('https:'));
  const viewer = await viewerOf(keys, [cookies[COOKIE], query.v], now);
  if (!viewer) {
    return { status: 200, contentType: HTML, headers: { 'cache-control': 'no-store' }, cookies: remember, text: signInPage(lang) };
  }
  const store = summaryDynamoStore();
  // The chart's past days: day counters on several dates in one read (adapters/day-history.ts).
  const snapshot = await refreshBoard({ ...store, ...dayHistoryOn(config.tableName()) }, snapshots.get(store), now);
  snapshots.set(store, snapshot);
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    cookies: remember,
    text: boardPage({
      ...narrowBoard(boardAt(snapshot, now), viewer),
      now,
      refreshSeconds: REFRESH_SECONDS,
      lang,
      ...(query.v && { link: query.v }),
      ...(viewer.kind === 'operator' && { operator: viewer.name }),
    }),
  };
});

const signIn = routeHandler(routes.boardSignIn, async ({ body, now, baseUrl, cookies }) => {
  const who = await signInAs(body.key);
  if (!who) return { status: 401, contentType: HTML, text: signInPage(readerLang(cookies), 'bad-key') };
  const pass = passText(signLink(await linkKeys(), 'board', 'county', who, now));
  const secure = baseUrl.startsWith('https:') ? '; Secure' : '';
  return {
    status: 303,
    headers: { location: '/board', 'cache-control': 'no-store' },
    cookies: [`${COOKIE}=${pass}; Path=/board; HttpOnly; SameSite=Strict; Max-Age=${47 * 3600}${secure}`],
  };
});

export const handler = byRouteKey({ [routes.board.key]: show, [routes.boardSignIn.key]: signIn });
