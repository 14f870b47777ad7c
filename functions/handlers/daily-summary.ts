import { randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { buildSummary, sendSummary } from '../domain/summaries';
import { DEFAULT_TIMEZONE, localDateOf, localDayAround } from '../domain/time';
import { config } from '../runtime/config';
import { summaryDeliveryDeps, summaryDynamoStore } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/** At 00:10 in a zone (EventBridge Scheduler, which names every zone scheduled): build the day that just ended there, and write its messages for the sender. */
export const handler = taskHandler('daily summary', async (input: { timezone?: string; zones?: string[] }) => {
  const zone = input?.timezone ?? DEFAULT_TIMEZONE;
  const now = new Date();
  const yesterday = localDateOf(new Date(localDayAround(now, zone).start.getTime() - 1), zone);
  const store = summaryDynamoStore();
  const summary = await buildSummary(store, yesterday, now, randomUUID());
  // One row per message, keyed by the run: a run started again (a retried invocation) writes none twice.
  const written = await sendSummary(summaryDeliveryDeps(config.publicBaseUrl() ?? ''), summary, { county: config.countySummaryEmails() }, { zone, ...(input?.zones && { scheduledZones: input.zones }) });
  metrics.addMetric('SummaryRowsWritten', MetricUnit.Count, written);
  logger.info('daily summary', { date: yesterday, checkpoints: summary.checkpoints.length, written });
  return { date: yesterday, written };
});
