import { boardAt, refreshBoard, type BoardSnapshot, type BoardStore } from '../domain/board';
import { checkLink, signLink, type LinkKeys, type SignedLink } from '../domain/links';
import { secretsMatch } from '../domain/secrets';
import { boardPage, signInPage } from '../pages/board';
import { routes } from '../routes';
import { adminKey, linkKeys } from '../runtime/admin-key';
import { summaryDynamoStore } from '../runtime/deps';
import type { Reply } from '../runtime/http';
import { byRouteKey, routeHandler } from '../runtime/route';

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

/** A board pass: `<who>.<exp>.<kid>.<sig>`, signed like acknowledge links; 'admin' from sign-in, 'read-only' in links. */
const passOf = (link: SignedLink) => `${link.r}.${link.exp}.${link.kid}.${link.sig}`;
const parsePass = (text: string): SignedLink | undefined => {
  const [r, exp, kid, sig] = text.split('.');
  return r && exp && kid && sig && /^\d+$/.test(exp) ? { r, exp: Number(exp), kid, sig } : undefined;
};
const validPass = (keys: LinkKeys, text: string | undefined, now: Date): boolean => {
  const pass = text ? parsePass(text) : undefined;
  return pass !== undefined && checkLink(keys, 'board', 'county', pass, now) === 'valid';
};

/** A read-only board link, e.g. for the daily summary mail. */
export const boardLink = (keys: LinkKeys, baseUrl: string, now: Date): string =>
  `${baseUrl}/board?v=${encodeURIComponent(passOf(signLink(keys, 'board', 'county', 'read-only', now)))}`;

const show = routeHandler(routes.board, async ({ cookies, query, now }): Promise<Reply> => {
  const keys = await linkKeys();
  if (!validPass(keys, cookies[COOKIE], now) && !validPass(keys, query.v, now)) {
    return { status: 200, contentType: HTML, headers: { 'cache-control': 'no-store' }, text: signInPage() };
  }
  const store = summaryDynamoStore();
  const snapshot = await refreshBoard(store, snapshots.get(store), now);
  snapshots.set(store, snapshot);
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    text: boardPage({ ...boardAt(snapshot, now), now, refreshSeconds: REFRESH_SECONDS }),
  };
});

const signIn = routeHandler(routes.boardSignIn, async ({ body, now, baseUrl }) => {
  if (!secretsMatch(body.key, await adminKey())) {
    return { status: 401, contentType: HTML, text: signInPage('密钥不正确 / The key is not valid') };
  }
  const pass = passOf(signLink(await linkKeys(), 'board', 'county', 'admin', now));
  const secure = baseUrl.startsWith('https:') ? '; Secure' : '';
  return {
    status: 303,
    headers: { location: '/board', 'cache-control': 'no-store' },
    cookies: [`${COOKIE}=${pass}; Path=/board; HttpOnly; SameSite=Strict; Max-Age=${47 * 3600}${secure}`],
  };
});

export const handler = byRouteKey({ [routes.board.key]: show, [routes.boardSignIn.key]: signIn });
