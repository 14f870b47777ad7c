/**
 * Form tokens and key comparison. A form token names its checkpoint and carries 256 bits:
 * `<checkpointId>.<secret>`, the secret an HMAC-SHA256, under a server key, of the checkpoint and its
 * token version. Only the token's SHA-256 is stored. Deriving it lets the server print the current
 * token again (QR codes, gate sheets) without keeping it; rotation bumps the version, and the old token
 * stops matching the stored hash at once. Naming the checkpoint lets the API tell a token of another
 * checkpoint (403) from a wrong one (401) with the one read it makes anyway.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { keyOf, type LinkKeys } from './links';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export const hashSecret = (secret: string): string => sha256(secret).toString('base64url');

export interface TokenRef {
  /** The server key the token is derived under (a key id of the link keys secret). */
  tokenKid: string;
  tokenVersion: number;
}

/** The form token of a checkpoint at a version, under a key: the same inputs give the same token. */
export const formTokenOf = (keys: LinkKeys, checkpointId: string, ref: TokenRef): string => {
  const key = keyOf(keys, ref.tokenKid);
  if (!key) throw new Error(`no key ${ref.tokenKid} to derive form tokens with`);
  const secret = createHmac('sha256', key).update(`form-token\n${checkpointId}\n${ref.tokenVersion}`).digest('base64url');
  return `${checkpointId}.${secret}`;
};

/** A new token for a checkpoint: the next version, under the current key. */
export const issueFormToken = (keys: LinkKeys, checkpointId: string, previousVersion = 0): { token: string; tokenHash: string } & TokenRef => {
  const ref = { tokenKid: keys.current, tokenVersion: previousVersion + 1 };
  const token = formTokenOf(keys, checkpointId, ref);
  return { token, tokenHash: hashSecret(token), ...ref };
};

/** The checkpoint a token claims to be for, or undefined when it has no such shape. */
export const tokenCheckpoint = (token: string): string | undefined => {
  const dot = token.indexOf('.');
  return dot > 0 && dot < token.length - 1 ? token.slice(0, dot) : undefined;
};

/** Constant-time: compares digests, so neither length nor content leaks through timing. */
export const secretsMatch = (presented: string, expected: string): boolean =>
  timingSafeEqual(sha256(presented), sha256(expected));

export const tokenMatchesHash = (token: string, tokenHash: string): boolean => {
  const stored = Buffer.from(tokenHash, 'base64url');
  // A malformed stored hash is compared with zeros: the same time taken, and never a match.
  return timingSafeEqual(sha256(token), stored.length === 32 ? stored : Buffer.alloc(32));
};

/** A stable fingerprint of a JSON value: keys sorted, so field order does not matter. */
export const fingerprintOf = (value: unknown): string => hashSecret(canonicalJson(value));

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
