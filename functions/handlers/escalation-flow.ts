import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { recordFailure, step, type StepDeps } from '../domain/escalation';
import { escalationDeps } from '../runtime/deps';
import { logger, metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/** The escalation flow's tasks; the state machine (infra/constructs/escalation-flow.ts) names one in `action`. */
export type FlowTaskInput =
  | { action: 'step'; escalationId: string }
  | { action: 'failed'; escalationId: string; error?: { Error?: string; Cause?: string } }
  /**
   * An execution started before the Step (its definition's Check → Route → Wait → Check): answered as
   * a Step, whose `wait` and `done` its Route takes as it took Check's `wait` and `stop`, so it carries
   * on — its levels opened with their rows — and never reaches its old Send.
   */
  | { action: 'check'; escalationId: string };

export const runFlowTask = async (deps: StepDeps, input: FlowTaskInput): Promise<unknown> => {
  switch (input.action) {
    case 'step':
    case 'check':
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
