/**
 * Form tokens and key comparison. A form token names its checkpoint and carries 256 random bits:
 * `<checkpointId>.<secret>`. Only its SHA-256 is stored. Naming the checkpoint lets the API tell a
 * token of another checkpoint (403) from a wrong one (401) with the one read it makes anyway.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export const hashSecret = (secret: string): string => sha256(secret).toString('base64url');

export const issueFormToken = (checkpointId: string): { token: string; tokenHash: string } => {
  const token = `${checkpointId}.${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashSecret(token) };
};

/** The checkpoint a token claims to be for, or undefined when it has no such shape. */
export const tokenCheckpoint = (token: string): string | undefined => {
  const dot = token.indexOf('.');
  return dot > 0 && dot < token.length - 1 ? token.slice(0, dot) : undefined;
};

/** Constant-time: compares digests, so neither length nor content leaks through timing. */
export const secretsMatch = (presented: string, expected: string): boolean =>
  timingSafeEqual(sha256(presented), sha256(expected));

export const tokenMatchesHash = (token: string, tokenHash: string): boolean =>
  timingSafeEqual(sha256(token), Buffer.from(tokenHash, 'base64url').length === 32 ? Buffer.from(tokenHash, 'base64url') : Buffer.alloc(32));

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
