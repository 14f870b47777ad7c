/**
 * Signed passes of people signed in with a key (the console's, the board's): whom a pass names, the CSRF
 * token that goes with it, and whether a request comes from the page's own origin. Pure; the cookies
 * and the keys are the runtime's (functions/runtime/console.ts).
 *
 * A pass is `<who>.<exp>.<kid>.<sig>`, a signed link (links.ts) for a purpose: `console` for the
 * console, `board` for the board (functions/handlers/board.ts reads that one). The purpose is in the
 * signature, so a board pass — the read-only links in the summary mails among them — opens no console.
 * `who` is `admin` or `operator:<keyId>`; an operator's key is looked up again on every request, so a
 * revoked key's pass opens nothing from then on.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkLink, keyOf, signLink, type LinkKeys, type SignedLink } from './links';
import { OPERATOR_KEY_ID, type Actor } from './operators';

export const CONSOLE_PASS = 'console';
export const BOARD_PASS = 'board';
const SUBJECT = 'county';
const OPERATOR = 'operator:';

export const passText = (link: SignedLink): string => `${link.r}.${link.exp}.${link.kid}.${link.sig}`;

export const parsePass = (text: string | undefined): SignedLink | undefined => {
  const [r, exp, kid, sig, extra] = (text ?? '').split('.');
  return r && exp && kid && sig && extra === undefined && /^\d{1,12}$/.test(exp) ? { r, exp: Number(exp), kid, sig } : undefined;
};

/** What a pass calls the actor: `admin`, or `operator:<keyId>`. */
export const whoOf = (actor: Actor): string => (actor.kind === 'admin' ? 'admin' : `${OPERATOR}${actor.keyId}`);

export const signPass = (keys: LinkKeys, purpose: string, actor: Actor, now: Date): SignedLink => signLink(keys, purpose, SUBJECT, whoOf(actor), now);

/** Whom a valid, unexpired pass of this purpose names; undefined for anything else (a board pass shown to the console among them). */
export const passHolder = (keys: LinkKeys, purpose: string, pass: SignedLink | undefined, now: Date): { kind: 'admin' } | { kind: 'operator'; keyId: string } | undefined => {
  if (!pass || checkLink(keys, purpose, SUBJECT, pass, now) !== 'valid') return undefined;
  if (pass.r === 'admin') return { kind: 'admin' };
  const keyId = pass.r.startsWith(OPERATOR) ? pass.r.slice(OPERATOR.length) : '';
  return OPERATOR_KEY_ID.test(keyId) ? { kind: 'operator', keyId } : undefined;
};

/**
 * The CSRF token of a pass: an HMAC of the pass under its own link key, in every form the console
 * renders and required back with every POST. A page of another origin cannot read it (it never sees
 * the console's pages), and it changes with each sign-in.
 */
export const csrfTokenOf = (keys: LinkKeys, pass: SignedLink): string => {
  const key = keyOf(keys, pass.kid);
  if (!key) throw new Error(`no link key ${pass.kid}`);
  return createHmac('sha256', key).update(`csrf\n${pass.r}\n${pass.exp}\n${pass.sig}`).digest('base64url');
};

export const csrfMatches = (keys: LinkKeys, pass: SignedLink, given: string | undefined): boolean => {
  if (!given || !keyOf(keys, pass.kid)) return false;
  const expected = Buffer.from(csrfTokenOf(keys, pass));
  const presented = Buffer.from(given);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
};

/**
 * Whether a request comes from a page of the site it is sent to: its Origin (or, when a browser sends
 * none, its Referer's origin) against the scheme and host the request reached. `unknown` when neither
 * is sent — a browser sends Origin with every POST, so only a non-browser client sends neither; the
 * CSRF token decides then. An `Origin: null` (a sandboxed or privacy-stripped page) is foreign.
 */
export const originOf = (headers: Readonly<Record<string, string | undefined>>): 'same' | 'foreign' | 'unknown' => {
  const host = headers.host;
  const own = host ? `${headers['x-forwarded-proto'] ?? 'https'}://${host}`.toLowerCase() : undefined;
  const stated = headers.origin ?? refererOrigin(headers.referer);
  if (stated === undefined) return 'unknown';
  return own !== undefined && stated.toLowerCase() === own ? 'same' : 'foreign';
};

const refererOrigin = (referer: string | undefined): string | undefined => {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
};
