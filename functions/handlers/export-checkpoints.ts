import { CSV_TYPE, exportCheckpoints, XLSX_TYPE } from '../adapters/spreadsheet';
import { exportedCheckpoint } from '../domain/checkpoint-import';
import { communitiesListed } from '../domain/operators';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.exportCheckpoints, async ({ query, actor }) => {
  const store = dynamoStore();
  // The county (the admin key without ?communityId=), one community, or an operator key's communities.
  const scope = communitiesListed(actor, query.communityId);
  const checkpoints = scope ? (await Promise.all(scope.map((communityId) => store.checkpointsOf(communityId)))).flat() : await store.allCheckpoints();
  const file = await exportCheckpoints(checkpoints.map(exportedCheckpoint), query.format);
  const headers = {
    'content-disposition': `attachment; filename="checkpoints${query.communityId ? `-${query.communityId}` : ''}.${query.format}"`,
    // Names and mobiles: not for shared caches, nor kept by the browser's.
    'cache-control': 'no-store',
  };
  return query.format === 'csv' ? { status: 200, contentType: CSV_TYPE, headers, text: file.toString('utf8') } : { status: 200, contentType: XLSX_TYPE, headers, bytes: file };
});
