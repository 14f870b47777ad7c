/**
 * The link a summary message carries to its figures as a file: signed as acknowledge links are
 * (links.ts), for one date and one scope — the county's, or one community's — so that whoever the
 * message reached opens exactly the checkpoints that message is about, with no key and nothing more.
 *
 * Seven days: a daily summary is read the next morning, or after a weekend or a holiday of a few days;
 * a week-old summary has its successors with links of their own. The link is no more than the message
 * it came in: the message already names each community's figures and the checkpoints that missed most.
 */
import { checkLink, linkQuery, signLink, type LinkCheck, type LinkKeys, type SignedLink } from './links';

export const SUMMARY_LINK_LIFETIME_MS = 7 * 86_400_000;
const PURPOSE = 'summary-file';

/** What a summary link opens: the whole county's checkpoints, or one community's. */
export type SummaryScope = { county: true } | { communityId: string };

/** The scope as the link's `r` names it: `county`, or `community:<id>` (no community id has a colon). */
const scopeName = (scope: SummaryScope): string => ('county' in scope ? 'county' : `community:${scope.communityId}`);

const scopeNamed = (name: string): SummaryScope | undefined =>
  name === 'county' ? { county: true } : name.startsWith('community:') && name.length > 'community:'.length ? { communityId: name.slice('community:'.length) } : undefined;

/** The summary's file link for one scope: CSV by default, `&format=xlsx` the same rows as a workbook. */
export const summaryFileUrl = (keys: LinkKeys, baseUrl: string, date: string, scope: SummaryScope, now: Date): string =>
  `${baseUrl}/summaries/${date}/file?${linkQuery(signLink(keys, PURPOSE, date, scopeName(scope), now, SUMMARY_LINK_LIFETIME_MS))}`;

/** The scope a link opens, or why it opens nothing. */
export const checkSummaryLink = (keys: LinkKeys, date: string, link: SignedLink, now: Date): { check: Exclude<LinkCheck, 'valid'> } | { check: 'valid'; scope: SummaryScope } => {
  const check = checkLink(keys, PURPOSE, date, link, now);
  const scope = scopeNamed(link.r);
  if (check !== 'valid') return { check };
  return scope ? { check, scope } : { check: 'invalid' };
};
