import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Checkpoint } from '../domain/model';
import { acceptReading, authenticateForm } from '../domain/readings';
import { routes } from '../routes';
import { config } from '../runtime/config';
import { dynamoStore, flowStarter, newId } from '../runtime/deps';
import type { FormAuthenticator } from '../runtime/http';
import { logger, metrics } from '../runtime/observability';
import { routeHandler } from '../runtime/route';

/** How long the reading's answer waits for the flow's start; past it, the sweep starts the alert. */
const FLOW_START_MS = 3_000;

/**
 * A fever alert the reading opened is told at once: its flow (the escalation flow, named by the alert's
 * id, so started once) opens level 1 now. The reading is stored either way: a start that fails is
 * logged and counted, and the sweep starts a fever alert still at level 0 within its next run or two.
 */
const startFeverFlow = async (alertId: string): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    // Bounded: a Step Functions slow to answer must not keep the stored reading's answer past the function's time.
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${FLOW_START_MS} ms`)), FLOW_START_MS)));
    await Promise.race([flowStarter().start(alertId), late]);
  } catch (error) {
    logger.error('fever alert flow not started; the sweep starts it', { alertId, error: (error as Error).message });
    metrics.addMetric('FeverFlowNotStarted', MetricUnit.Count, 1);
  } finally {
    clearTimeout(timer);
  }
};
const formToken: FormAuthenticator<Checkpoint> = (token, path) => authenticateForm(dynamoStore(), path.checkpointId, token);

export const handler = routeHandler(
  routes.postReading,
  async ({ body, principal, bodyType, answerBy }) => {
    const { created, receipt, openedFeverAlert } = await acceptReading(dynamoStore(), {
      checkpoint: principal,
      body,
      now: () => new Date(),
      newId,
      readingsPerMinute: config.readingsPerMinute(),
      ...(answerBy && { answerBy }),
    });
    metrics.addMetric(created ? 'ReadingAccepted' : 'ReadingReplayed', MetricUnit.Count, 1);
    if (openedFeverAlert) await startFeverFlow(openedFeverAlert);
    if (bodyType === 'form') {
      // A form without JavaScript: answer with a page to land on, so a reload does not post again.
      const done = new URLSearchParams({ at: receipt.receivedAt, ...(receipt.nextDeadline && { next: receipt.nextDeadline }), replayed: created ? '0' : '1', ...(receipt.feverAlert && { told: '1' }) });
      return { status: 303, headers: { location: `/f/${encodeURIComponent(principal.checkpointId)}/done?${done}` } };
    }
    return { status: created ? 201 : 200, json: receipt };
  },
  formToken,
);
