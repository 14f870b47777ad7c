import { ValidationError } from '../domain/errors';
import { visibleTo } from '../domain/operators';
import { localDayAround } from '../domain/time';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

export const handler = scopedRouteHandler(routes.listReadings, async ({ path, query, now, actor }) => {
  const store = dynamoStore();
  const checkpoint = visibleTo(actor, await store.checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const today = localDayAround(now, checkpoint.timezone);
  const from = query.from ? new Date(query.from) : today.start;
  const to = query.to ? new Date(query.to) : today.end;
  if (from > to) throw new ValidationError('the range is empty', [{ path: 'from', message: 'from must not be after to' }]);
  const page = await store.listReadings({ checkpointId: path.checkpointId, from, to, limit: query.limit, ...(query.cursor && { cursor: query.cursor }) });
  return { status: 200, json: { ...page, items: page.items.map(({ fingerprint: _fingerprint, ...reading }) => reading) } };
});
