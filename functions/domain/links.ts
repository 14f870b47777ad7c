/**
 * Signed links (acknowledge, a summary's files): HMAC-SHA256 over what the link is for, bound to one escalation and one
 * recipient, expiring, with a key id so the key can be rotated. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_LIFETIME_MS = 48 * 3_600_000;

export interface LinkKeys {
  /** The key id new links are signed with. */
  current: string;
  keys: Record<string, string>;
}

export interface SignedLink {
  r: string;
  exp: number;
  kid: string;
  sig: string;
}

/**
 * The key of a key id, or undefined. Key ids come from links and passes anyone can write, so only the
 * secret's own entries count: `constructor` or `__proto__` must find nothing, not Object.prototype's.
 */
export const keyOf = (keys: LinkKeys, kid: string): string | undefined => {
  if (!Object.hasOwn(keys.keys, kid)) return undefined;
  const key = keys.keys[kid];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
};

const mac = (key: string, purpose: string, subject: string, recipient: string, exp: number): string =>
  createHmac('sha256', key).update(`${purpose}\n${subject}\n${recipient}\n${exp}`).digest('base64url');

export const signLink = (keys: LinkKeys, purpose: string, subject: string, recipient: string, now: Date, lifetimeMs = LINK_LIFETIME_MS): SignedLink => {
  const exp = Math.floor((now.getTime() + lifetimeMs) / 1000);
  const key = keyOf(keys, keys.current);
  if (!key) throw new Error(`no link key ${keys.current}`);
  return { r: recipient, exp, kid: keys.current, sig: mac(key, purpose, subject, recipient, exp) };
};

/**
 * What an acknowledge link is signed for, by what it acknowledges: `ack` for a missed report's
 * escalation (as every link before fevers was), `ack-fever` for a fever alert. The purpose is in the
 * MAC, so a fever alert's link cannot acknowledge an escalation, nor an escalation's link a fever alert,
 * even one with the same id.
 */
export const ackPurpose = (cause: 'missed' | 'fever' | undefined): 'ack' | 'ack-fever' => (cause === 'fever' ? 'ack-fever' : 'ack');

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export const checkLink = (keys: LinkKeys, purpose: string, subject: string, link: SignedLink, now: Date): LinkCheck => {
  const key = keyOf(keys, link.kid);
  if (!key) return 'invalid';
  const expected = Buffer.from(mac(key, purpose, subject, link.r, link.exp));
  const given = Buffer.from(link.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return link.exp * 1000 > now.getTime() ? 'valid' : 'expired';
};

export const linkQuery = (link: SignedLink): string => new URLSearchParams({ r: link.r, exp: String(link.exp), kid: link.kid, sig: link.sig }).toString();
