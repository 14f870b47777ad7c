import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { acceptReading, authenticateForm } from '../domain/readings';
import { routes } from '../routes';
import { dynamoStore, newId } from '../runtime/deps';
import { metrics } from '../runtime/observability';
import { routeHandler } from '../runtime/route';

export const handler = routeHandler(
  routes.postReading,
  async ({ body, principal }) => {
    const { created, receipt } = await acceptReading(dynamoStore(), { checkpoint: principal, body, now: () => new Date(), newId });
    metrics.addMetric(created ? 'ReadingAccepted' : 'ReadingReplayed', MetricUnit.Count, 1);
    return { status: created ? 201 : 200, json: receipt };
  },
  (token, path) => authenticateForm(dynamoStore(), path.checkpointId, token),
);
