import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { recordFailure, step, type StepDeps } from '../domain/escalation';
import { escalationDeps } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/** The escalation flow's tasks; the state machine (infra/constructs/escalation-flow.ts) names one in `action`. */
export type FlowTaskInput =
  | { action: 'step'; escalationId: string }
  | { action: 'failed'; escalationId: string; error?: { Error?: string; Cause?: string } };

export const runFlowTask = async (deps: StepDeps, input: FlowTaskInput): Promise<unknown> => {
  switch (input.action) {
    case 'step':
      return step(deps, input.escalationId);
    case 'failed': {
      // A Step failed for good: counted (FlowStepFailed), recorded on the escalation, and the next level told.
      metrics.addMetric('FlowStepFailed', MetricUnit.Count, 1);
      logger.error('an escalation flow step failed for good', { escalationId: input.escalationId, error: input.error?.Error });
      return recordFailure(deps, input.escalationId, input.error?.Error ?? 'failed');
    }
  }
};

export const handler = taskHandler('escalation flow', (input: FlowTaskInput) => runFlowTask(escalationDeps(), input));
