import { dayHistoryOn } from '../adapters/day-history';
import { readHistory } from '../domain/history';
import { visibleTo } from '../domain/operators';
import { routes } from '../routes';
import { config } from '../runtime/config';
import { dynamoStore } from '../runtime/deps';
import { scopedRouteHandler } from '../runtime/scoped-route';

/**
 * A community's last days in its zone, its checkpoints summed from counts as summaries sum them: the
 * community, its checkpoints (a page of 100 a request), and their days' counters (100 a request).
 */
export const handler = scopedRouteHandler(routes.communityHistory, async ({ path, query, now, actor }) => {
  const store = dynamoStore();
  const community = visibleTo(actor, await store.community(path.communityId), `community ${path.communityId}`);
  const checkpoints = await store.checkpointsOf(community.communityId);
  const days = await readHistory(dayHistoryOn(config.tableName()), checkpoints, community.timezone, query.days, now);
  const { communityId, name, timezone } = community;
  return { status: 200, json: { communityId, name, timezone, checkpoints: checkpoints.length, days } };
});
