import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { flowAdvance, flowCheck, flowSend, flowSendFailed, type EscalationDeps, type NoticeTask } from '../domain/escalation';
import { escalationDeps } from '../runtime/deps';
import { metrics } from '../runtime/observability';
import { taskHandler } from '../runtime/task';

/** The escalation flow's tasks; the state machine (infra/constructs/escalation-flow.ts) names one in `action`. */
export type FlowTaskInput =
  | { action: 'check'; escalationId: string }
  | { action: 'send'; notice: NoticeTask }
  | { action: 'failed'; notice: NoticeTask & { error?: { Error?: string; Cause?: string } } }
  | { action: 'advance'; escalationId: string; level: number; repeat: number; notices: NoticeTask[] };

export const runFlowTask = async (deps: EscalationDeps, input: FlowTaskInput): Promise<unknown> => {
  switch (input.action) {
    case 'check':
      return flowCheck(deps, input.escalationId);
    case 'send': {
      const outcome = await flowSend(deps, input.notice);
      const metric = { sent: 'NoticeSent', grouped: 'NoticeGrouped', held: 'NoticeHeld', skipped: 'NoticeSkipped', duplicate: 'NoticeSkipped' }[outcome];
      metrics.addMetric(metric, MetricUnit.Count, 1);
      return { outcome };
    }
    case 'failed':
      await flowSendFailed(deps, input.notice, input.notice.error?.Error ?? 'failed');
      metrics.addMetric('NoticeFailed', MetricUnit.Count, 1);
      return { outcome: 'failed' };
    case 'advance':
      await flowAdvance(deps, { escalationId: input.escalationId, level: input.level, repeat: input.repeat, recipients: input.notices.map((n) => n.recipient) });
      return { escalationId: input.escalationId };
  }
};

export const handler = taskHandler('escalation flow', (input: FlowTaskInput) => runFlowTask(escalationDeps(), input));
