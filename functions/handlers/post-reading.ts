import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Checkpoint } from '../domain/model';
import { acceptReading, authenticateForm } from '../domain/readings';
import { routes } from '../routes';
import { config } from '../runtime/config';
import { dynamoStore, newId } from '../runtime/deps';
import type { FormAuthenticator } from '../runtime/http';
import { metrics } from '../runtime/observability';
import { routeHandler } from '../runtime/route';

const formToken: FormAuthenticator<Checkpoint> = (token, path) => authenticateForm(dynamoStore(), path.checkpointId, token);

export const handler = routeHandler(
  routes.postReading,
  async ({ body, principal, bodyType, answerBy }) => {
    const { created, receipt } = await acceptReading(dynamoStore(), {
      checkpoint: principal,
      body,
      now: () => new Date(),
      newId,
      readingsPerMinute: config.readingsPerMinute(),
      ...(answerBy && { answerBy }),
    });
    metrics.addMetric(created ? 'ReadingAccepted' : 'ReadingReplayed', MetricUnit.Count, 1);
    if (bodyType === 'form') {
      // A form without JavaScript: answer with a page to land on, so a reload does not post again.
      const done = new URLSearchParams({ at: receipt.receivedAt, ...(receipt.nextDeadline && { next: receipt.nextDeadline }), replayed: created ? '0' : '1', ...(receipt.feverAlert && { told: '1' }) });
      return { status: 303, headers: { location: `/f/${encodeURIComponent(principal.checkpointId)}/done?${done}` } };
    }
    return { status: created ? 201 : 200, json: receipt };
  },
  formToken,
);
