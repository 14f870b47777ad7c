/** The console's downloads: the import template and an export of the checkpoints the pass may see (as the API's). */
import { CSV_TYPE, exportCheckpoints, templateFile, XLSX_TYPE } from '../adapters/spreadsheet';
import { consoleRoutes } from '../console-routes';
import { exportedCheckpoint } from '../domain/checkpoint-import';
import { communitiesListed } from '../domain/operators';
import { consoleRouteHandler } from '../runtime/console';
import { dynamoStore } from '../runtime/deps';
import { byRouteKey } from '../runtime/route';

const file = (bytes: Buffer, format: 'csv' | 'xlsx', name: string) => {
  const headers = { 'content-disposition': `attachment; filename="${name}"` };
  return format === 'csv' ? { status: 200, contentType: CSV_TYPE, headers, text: bytes.toString('utf8') } : { status: 200, contentType: XLSX_TYPE, headers, bytes };
};

const template = consoleRouteHandler(consoleRoutes.consoleTemplate, async ({ query }) => file(await templateFile(query.format), query.format, `checkpoints-template.${query.format}`));

const exported = consoleRouteHandler(consoleRoutes.consoleExport, async ({ session, query }) => {
  const store = dynamoStore();
  const scope = communitiesListed(session.actor, query.communityId);
  const checkpoints = scope ? (await Promise.all(scope.map((communityId) => store.checkpointsOf(communityId)))).flat() : await store.allCheckpoints();
  return file(await exportCheckpoints(checkpoints.map(exportedCheckpoint), query.format), query.format, `checkpoints${query.communityId ? `-${query.communityId}` : ''}.${query.format}`);
});

export const handler = byRouteKey({ [consoleRoutes.consoleTemplate.key]: template, [consoleRoutes.consoleExport.key]: exported });
