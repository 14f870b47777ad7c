/**
 * What every page carries — an HTML or SVG answer, a handler's or the error contract's — unless its reply
 * says otherwise. A page may carry a token or a pass: the form's hidden token (`?t=`), a board pass in
 * its URL, an acknowledge link's signature in its form, a gate sheet's form URLs, the console's CSRF
 * token. So by default no cache keeps it (`no-store`; the form page, the same for everyone without
 * `?t=`, says `no-cache` itself), and no other site frames it (`frame-ancestors 'none'`, with
 * `X-Frame-Options` for browsers that predate CSP): an acknowledge button or a console form under a
 * decoy is clickjacking. A page's own Content-Security-Policy keeps its words, with `frame-ancestors
 * 'none'` added when it has none.
 */
import type { HttpMiddleware } from './types';

const PAGE = /^(?:text\/html|image\/svg\+xml)\b/i;
const NO_FRAMING = "frame-ancestors 'none'";

const PAGE_DEFAULTS = {
  'cache-control': 'no-store',
  'content-security-policy': NO_FRAMING,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

const forbiddingFraming = (policy: string) => (/(?:^|;)\s*frame-ancestors\s/i.test(policy) ? policy : `${policy.replace(/;?\s*$/, '')}; ${NO_FRAMING}`);

type Response = { headers?: Record<string, string | number | boolean> } | null | undefined;

const addDefaults = async ({ response }: { response: Response }) => {
  if (!response || typeof response !== 'object' || !PAGE.test(String(response.headers?.['content-type'] ?? ''))) return;
  const own = response.headers ?? {};
  const policy = own['content-security-policy'];
  response.headers = { ...PAGE_DEFAULTS, ...own, ...(policy !== undefined && { 'content-security-policy': forbiddingFraming(String(policy)) }) };
};

/** Used after compression, so that it runs before it (compression gives no ETag to a no-store answer). */
export const pageHeaders = (): HttpMiddleware => ({ after: addDefaults, onError: addDefaults });
