import { randomUUID } from 'node:crypto';
import { buildSummary, checkSummaryDate, sendSummary } from '../domain/summaries';
import { routes } from '../routes';
import { config } from '../runtime/config';
import { summaryDeliveryDeps, summaryDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

/** A date is refused only when it has not begun anywhere on Earth yet. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

export const handler = routeHandler(routes.buildSummary, async ({ path, query, now, baseUrl }) => {
  checkSummaryDate(path.date, now, EARLIEST_ZONE);
  const store = summaryDynamoStore();
  const summary = await buildSummary(store, path.date, now, randomUUID());
  // Asked for by hand: written again (rows of this build), whatever was sent before; the sender sends them.
  const mailed = query.notify === 'true' ? await sendSummary(summaryDeliveryDeps(baseUrl), summary, { county: config.countySummaryEmails() }, {}) : 0;
  return { status: 200, json: { ...summary, mailed } };
});
