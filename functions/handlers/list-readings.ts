import { NotFoundError, ValidationError } from '../domain/errors';
import { localDayAround } from '../domain/time';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(routes.listReadings, async ({ path, query, now }) => {
  const store = dynamoStore();
  const checkpoint = await store.checkpoint(path.checkpointId);
  if (!checkpoint) throw new NotFoundError(`no checkpoint ${path.checkpointId}`);
  const today = localDayAround(now, checkpoint.timezone);
  const from = query.from ? new Date(query.from) : today.start;
  const to = query.to ? new Date(query.to) : today.end;
  if (from > to) throw new ValidationError('the range is empty', [{ path: 'from', message: 'from must not be after to' }]);
  const page = await store.listReadings({ checkpointId: path.checkpointId, from, to, limit: query.limit, ...(query.cursor && { cursor: query.cursor }) });
  return { status: 200, json: { ...page, items: page.items.map(({ fingerprint: _fingerprint, ...reading }) => reading) } };
});
