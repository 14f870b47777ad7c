import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Checkpoint } from '../domain/model';
import { acceptReading, authenticateForm } from '../domain/readings';
import { routes } from '../routes';
import { dynamoStore, newId } from '../runtime/deps';
import type { FormAuthenticator } from '../runtime/http';
import { metrics } from '../runtime/observability';
import { routeHandler } from '../runtime/route';

const formToken: FormAuthenticator<Checkpoint> = (token, path) => authenticateForm(dynamoStore(), path.checkpointId, token);

export const handler = routeHandler(
  routes.postReading,
  async ({ body, principal }) => {
    const { created, receipt } = await acceptReading(dynamoStore(), { checkpoint: principal, body, now: () => new Date(), newId });
    metrics.addMetric(created ? 'ReadingAccepted' : 'ReadingReplayed', MetricUnit.Count, 1);
    return { status: created ? 201 : 200, json: receipt };
  },
  formToken,
);
