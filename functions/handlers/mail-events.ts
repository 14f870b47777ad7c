import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { MailEvent } from '../contract/schemas';
import { unreachableFrom } from '../domain/escalation';
import { escalationDynamoStore } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/**
 * SES bounces and complaints (EventBridge): marks the addresses as unreachable, so that the next level
 * of an escalation is told who may not have heard. An event that is not one throws: after EventBridge's
 * retries it lands in the dead-letter queue, where an alarm sees it.
 */
export const handler = taskHandler('mail events', async (event: unknown) => {
  const parsed = MailEvent.safeParse(event);
  if (!parsed.success) throw new Error(`not an SES bounce or complaint event: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  const marks = unreachableFrom(parsed.data.detail);
  const store = escalationDynamoStore();
  for (const mark of marks) await store.markUnreachable(mark.address, mark);
  metrics.addMetric('AddressUnreachable', MetricUnit.Count, marks.length);
  logger.info('mail event', { type: parsed.data['detail-type'], unreachable: marks.length });
  return { unreachable: marks.length };
});
