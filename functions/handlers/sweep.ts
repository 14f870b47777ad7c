import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { sweep } from '../domain/escalation';
import { escalationDeps } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/**
 * Every minute (EventBridge Scheduler): those that reported or were paused end (with their rows);
 * overdue checkpoints open escalations and start their flows. It sends nothing.
 */
export const handler = taskHandler('sweep', async () => {
  const result = await sweep(escalationDeps());
  metrics.addMetric('OverdueCheckpoints', MetricUnit.Count, result.overdue);
  metrics.addMetric('EscalationOpened', MetricUnit.Count, result.opened.length);
  metrics.addMetric('EscalationResolved', MetricUnit.Count, result.resolved.length);
  metrics.addMetric('EscalationPaused', MetricUnit.Count, result.paused.length);
  metrics.addMetric('EscalationsGrouped', MetricUnit.Count, result.grouped.reduce((n, group) => n + group.length, 0));
  metrics.addMetric('SweepFailures', MetricUnit.Count, result.failed.length);
  // A flow started again for an escalation still at level 0 past its first action: its first start failed.
  metrics.addMetric('FlowsStartedAgain', MetricUnit.Count, result.started.length);
  if (result.started.length > 0) logger.warn('flows started again for escalations still at level 0', { escalationIds: result.started });
  if (result.failed.length > 0) logger.error('sweep could not handle some checkpoints', { failed: result.failed });
  if (result.overdue > 0 || result.resolved.length > 0 || result.paused.length > 0) logger.info('sweep', { ...result });
  return result;
});
