import { NotFoundError } from '../domain/errors';
import { communitiesListed } from '../domain/operators';
import { narrowTo, toCsv } from '../domain/summary';
import { routes } from '../routes';
import { summaryDynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.getSummary, async ({ path, query, actor }) => {
  const scope = communitiesListed(actor, query.communityId);
  const stored = await summaryDynamoStore().summary(path.date);
  if (!stored) throw new NotFoundError(`the summary of ${path.date} has not been built yet; POST /summaries/${path.date} builds it`);
  const summary = scope ? narrowTo(stored, scope) : stored;
  if (query.format === 'csv') {
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      headers: { 'content-disposition': `attachment; filename="checkpoint-watch-${path.date}${query.communityId ? `-${query.communityId}` : ''}.csv"` },
      text: toCsv(summary),
    };
  }
  return { status: 200, json: summary };
});
