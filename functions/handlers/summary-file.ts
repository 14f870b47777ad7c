import { narrowTo } from '../domain/summary';
import { checkSummaryLink } from '../domain/summary-links';
import { summaryLinkRefusedPage } from '../pages/summary-link';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { routeHandler } from '../runtime/route';
import { storedSummary, summaryFile } from '../runtime/summary-files';
import { summaryDynamoStore } from '../runtime/deps';
import { DEFAULT_LANG, langOfCommunity } from '../domain/words';

/**
 * The link a summary's message carries: no key, the signature instead (its function holds the link
 * keys, not the admin key); exactly the scope it was sent for, CSV or xlsx.
 */
export const handler = routeHandler(routes.summaryFile, async ({ path, query, now }) => {
  const link = checkSummaryLink(await linkKeys(), path.date, query, now);
  if (link.check !== 'valid') return { status: 403, contentType: 'text/html; charset=utf-8', text: summaryLinkRefusedPage(link.check) };
  const stored = await storedSummary(path.date);
  const community = 'county' in link.scope ? undefined : link.scope.communityId;
  // Headed in the language its message was written in: the community's, or the county's (Chinese).
  const lang = community ? langOfCommunity((await summaryDynamoStore().communitiesById([community]))[0]) : DEFAULT_LANG;
  const answer = await summaryFile(community ? narrowTo(stored, community) : stored, query.format, `checkpoint-watch-${path.date}${community ? `-${community}` : ''}`, lang === 'zh-CN');
  return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
});
