import { communitiesListed } from '../domain/operators';
import { narrowTo, operatorView } from '../domain/summary';
import { routes } from '../routes';
import { scopedRouteHandler } from '../runtime/scoped-route';
import { storedSummary, summaryFile } from '../runtime/summary-files';

export const handler = scopedRouteHandler(routes.getSummary, async ({ path, query, actor }) => {
  const scope = communitiesListed(actor, query.communityId);
  const stored = await storedSummary(path.date);
  // An operator key sees none of the county's own figures; the admin key narrowing with ?communityId= keeps them.
  const summary = actor.kind === 'operator' ? operatorView(stored, scope ?? []) : scope ? narrowTo(stored, scope) : stored;
  if (query.format === 'json') return { status: 200, json: summary };
  return summaryFile(summary, query.format, `checkpoint-watch-${path.date}${query.communityId ? `-${query.communityId}` : ''}`);
});
