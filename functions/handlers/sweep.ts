import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sweep } from '../domain/escalation';
import { escalationDeps } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/** Every minute (EventBridge Scheduler): overdue checkpoints open escalations; those that reported resolve. */
export const handler = taskHandler('sweep', async () => {
  const result = await sweep(escalationDeps());
  metrics.addMetric('OverdueCheckpoints', MetricUnit.Count, result.overdue);
  metrics.addMetric('EscalationOpened', MetricUnit.Count, result.opened.length);
  metrics.addMetric('EscalationResolved', MetricUnit.Count, result.resolved.length);
  metrics.addMetric('EscalationPaused', MetricUnit.Count, result.paused.length);
  metrics.addMetric('EscalationsGrouped', MetricUnit.Count, result.grouped.reduce((n, group) => n + group.length, 0));
  metrics.addMetric('OutboxSent', MetricUnit.Count, result.outbox.sent);
  metrics.addMetric('SweepFailures', MetricUnit.Count, result.failed.length);
  // A follow-up its teller left half-told and the sweep told now: worth seeing, as a fault was met.
  metrics.addMetric('FollowUpsLeftBehind', MetricUnit.Count, result.followedUp.length);
  if (result.followedUp.length > 0) logger.warn('follow-ups left behind were told by the sweep', { escalationIds: result.followedUp });
  if (result.failed.length > 0) logger.error('sweep could not handle some checkpoints', { failed: result.failed });
  if (result.overdue > 0 || result.resolved.length > 0 || result.paused.length > 0 || result.restarted.length > 0) logger.info('sweep', { ...result });
  return result;
});
