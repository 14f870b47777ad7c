/**
 * Which URLs a channel may post to. A channel URL is typed in by a county's staff and the request is
 * made from inside AWS, so a URL is a way to reach whatever the Lambda can reach (SSRF): the chat
 * kinds go only to their service's own hosts over https; a `webhook` only over https to a host whose
 * every address is public, checked when the request is made (a name that resolved to a public address
 * when the channel was saved may resolve to 169.254.169.254 later). The sender then connects to the
 * address checked here, not to a second lookup of the name. What is each kind's own — its hosts and
 * the shape of its path — is the kind's `urlRules` (functions/channels/<kind>/index.ts).
 */
import { BlockList, isIP } from 'node:net';
import { CHANNEL_SLICES } from './index';
import type { ChannelKind } from './kind';

/** Resolves a host name to all its addresses (dns.promises.lookup with all: true, in the adapter). */
export type Resolver = (host: string) => Promise<string[]>;

export interface UrlCheckOptions {
  resolve: Resolver;
  /**
   * The local stack only (`npm start` turns it on; CDK never does): `http://127.0.0.1:<port>/…` is
   * accepted for every kind, so the local chat receiver can stand in for the services.
   */
  allowLocal?: boolean;
}

/**
 * `transient`: nothing was refused, the name just did not resolve this time; the lookup may succeed
 * later, so the post may be tried again. Without it the URL breaks a rule and stays refused.
 */
export type UrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string; transient?: true };

// Not public: IANA's special-purpose registries (RFC 6890 and successors), the ranges an SSRF reaches.
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
// IPv4-mapped addresses (::ffff:a.b.c.d) are checked as the IPv4 address by BlockList itself; the other
// two spellings of an IPv4 address inside an IPv6 one are not, so both are refused whole, whatever the
// IPv4 address (as NAT64's prefix is): IPv4-compatible ::a.b.c.d (deprecated by RFC 4291; ::/96 takes in
// :: and ::1 too) and IPv4-translated ::ffff:0:a.b.c.d (RFC 2765), which a stack may route to 169.254.169.254.
for (const [net, bits] of [
  ['::', 96], ['::ffff:0:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** True for an address on the public internet; false for loopback, private, link-local, CGNAT, metadata and the rest. */
export const isPublicAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

const refuse = (reason: string): UrlCheck => ({ ok: false, reason });

/**
 * A lookup that failed, whatever the failure: EAI_AGAIN (the resolver timed out, or answered SERVFAIL)
 * plainly may succeed later, and so, here, may ENOTFOUND (no such name, or no address for it). A
 * webhook's name that does not resolve at one post is more often a resolver's or a zone's hiccup (a
 * record being replaced, a negative answer cached for its TTL) than a channel gone for good, and calling
 * it permanent would leave the group untold at this level for one bad answer. Tried again, the notice's
 * row waits pending (the sender's backoff: at most MAX_ATTEMPTS tries or a day, domain/delivery/sender.ts),
 * and meanwhile the next level is told that the group may not have heard (a row pending after a try
 * counts as a failed one there). So a name that really is gone (or was mistyped: the lookup is not made
 * when a channel is saved) costs those tries before the row is recorded failed (dead-lettered), each
 * try's reason on the row in words.
 * The reason names the resolver's code, never the host (the URL holds the robot's key).
 */
const unresolved = (error: unknown): UrlCheck => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return { ok: false, reason: `the host name could not be looked up${typeof code === 'string' ? ` (${code})` : ''}`, transient: true };
};

type StaticCheck = { ok: true; url: URL; host?: string } | { ok: false; reason: string };

/**
 * What can be told of a URL without a DNS lookup: the shape, the scheme, a chat service's own host, and
 * a literal address's being public. A webhook's host name is left (`host`) for the lookup at send time.
 */
const staticCheck = (kind: ChannelKind, raw: string, allowLocal: boolean | undefined): StaticCheck => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'a channel URL carries no user or password' };
  if (url.hash) return { ok: false, reason: 'a channel URL has no #fragment' };
  const rules = CHANNEL_SLICES[kind].urlRules;
  const shape = rules.shapeProblem(url);
  if (shape) return { ok: false, reason: shape };

  // WHATWG URL parsing has already turned 2130706433, 0x7f.1 and the like into 127.0.0.1.
  if (allowLocal && url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '') return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, reason: 'a channel URL is https' };

  if (rules.hosts) {
    if (!rules.hosts.includes(url.hostname)) return { ok: false, reason: `a ${kind} channel posts only to ${rules.hosts.join(' or ')}` };
    if (url.port !== '') return { ok: false, reason: 'a service URL has no port of its own' };
    return { ok: true, url };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && !isPublicAddress(host)) return { ok: false, reason: 'the host is an address that is not public (loopback, private, link-local or reserved)' };
  return { ok: true, url, host };
};

/**
 * Checks a channel URL as it is saved: everything but the DNS lookup, which is made when a request is
 * (a name may resolve elsewhere by then). Undefined when it may be saved; else the rule it breaks,
 * never repeating the URL (it holds the robot's key).
 */
export const channelUrlProblem = (kind: ChannelKind, raw: string, options: { allowLocal?: boolean } = {}): string | undefined => {
  const check = staticCheck(kind, raw, options.allowLocal);
  return check.ok ? undefined : check.reason;
};

/**
 * Checks a channel URL for a request about to be made. Never throws; the reason names the rule broken
 * (or, `transient`, the lookup that failed) and never repeats the URL (it holds the robot's key).
 * `addresses` are the ones to connect to (empty: the service's own host, looked up as usual).
 */
export const checkChannelUrl = async (kind: ChannelKind, raw: string, options: UrlCheckOptions): Promise<UrlCheck> => {
  const check = staticCheck(kind, raw, options.allowLocal);
  if (!check.ok) return check;
  const { url, host } = check;
  if (url.protocol === 'http:') return { ok: true, url, addresses: ['127.0.0.1'] };
  if (host === undefined) return { ok: true, url, addresses: [] };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await options.resolve(host);
    } catch (error) {
      return unresolved(error);
    }
  }
  if (addresses.length === 0) return unresolved(undefined);
  // Every address must be public: a name answering one public and one private address is refused.
  if (!addresses.every(isPublicAddress)) return refuse('the host resolves to an address that is not public (loopback, private, link-local or reserved)');
  return { ok: true, url, addresses };
};
