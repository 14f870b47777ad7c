/** How records are shown to API clients. */
import { missesOf } from '../domain/escalation/misses';
import type { Escalation, Notice } from '../domain/model';

export const escalationView = (escalation: Escalation, notices?: Notice[]) => ({
  escalationId: escalation.escalationId,
  checkpointId: escalation.checkpointId,
  communityId: escalation.communityId,
  status: escalation.status,
  level: escalation.level,
  missed: missesOf(escalation),
  openedAt: escalation.openedAt,
  ...(escalation.cause && { cause: escalation.cause }),
  ...(escalation.cases && { cases: escalation.cases }),
  ...(escalation.handling && { handling: escalation.handling }),
  ...(escalation.acknowledgedBy && { acknowledgedBy: escalation.acknowledgedBy, ...(escalation.acknowledgedVia && { acknowledgedVia: escalation.acknowledgedVia }), acknowledgedAt: escalation.acknowledgedAt }),
  ...(escalation.resolvedAt && { resolvedAt: escalation.resolvedAt }),
  ...(escalation.closedAt && { closedAt: escalation.closedAt }),
  ...(escalation.pausedBy && { pausedBy: escalation.pausedBy }),
  ...(escalation.pausedReason && { pausedReason: escalation.pausedReason }),
  ...(notices && {
    notices: notices
      .map((notice) => ({
        kind: notice.kind,
        level: notice.level,
        ...(notice.kind === 'level' && notice.repeat > 0 && { repeat: notice.repeat }),
        recipient: notice.recipient,
        sentAt: notice.sentAt ?? null,
        outcome: notice.outcome,
      }))
      .sort((a, b) => String(a.sentAt).localeCompare(String(b.sentAt))),
  }),
});
