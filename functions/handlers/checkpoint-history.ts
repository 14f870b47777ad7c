import { dayHistoryOn } from '../adapters/day-history';
import { readHistory } from '../domain/history';
import { visibleTo } from '../domain/operators';
import { routes } from '../routes';
import { config } from '../runtime/config';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** A checkpoint's last days in its zone: one read of the checkpoint, one of its days' counters. */
export const handler = scopedRouteHandler(routes.checkpointHistory, async ({ path, query, now, actor }) => {
  const checkpoint = visibleTo(actor, await dynamoStore().checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const days = await readHistory(dayHistoryOn(config.tableName()), [checkpoint], checkpoint.timezone, query.days, now);
  const { checkpointId, communityId, name, timezone } = checkpoint;
  return { status: 200, json: { checkpointId, communityId, name, timezone, days } };
});
