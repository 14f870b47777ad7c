/**
 * The events a `webhook` channel is sent are what the OpenAPI document's `webhooks` section says: each
 * kind of notice, signed and cut as it is sent, parses as the document's WebhookEvent.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { channelRequest, chatNoticeOf } from '../../functions/channels';
import { openApiDocument } from '../../functions/contract/openapi';
import { WebhookEvent } from '../../functions/contract/responses';
import { acknowledgementNotice, levelNotice, pausedNotice, resolutionNotice, unresolvedNotice } from '../../functions/domain/escalation';
import { summaryNotice } from '../../functions/domain/summary-notice';
import type { Checkpoint, Escalation } from '../../functions/domain/model';

const now = new Date('2026-11-29T02:00:00Z');
const checkpoint = { checkpointId: 'nanmen', communityId: 'yuyue', name: '南门卡点', timezone: 'Asia/Shanghai', lastReadingAt: '2026-11-29T01:50:00Z', contacts: [] } as unknown as Checkpoint;
const escalation = {
  escalationId: '6f1c1f9e-3d4b-4c47-9a55-0d3d2f0f7a11',
  checkpointId: 'nanmen',
  communityId: 'yuyue',
  missedCount: 1, firstMissedSlot: '2026-11-29T00:00:00Z', lastMissedSlot: '2026-11-29T00:00:00Z',
  missedDeadline: '2026-11-29T01:15:00Z',
  notified: [],
} as unknown as Escalation;
const community = { communityId: 'yuyue', name: '鱼岳社区' } as never;

const contents = [
  levelNotice({ escalation, checkpoint, community, level: 1, repeat: 0, recipientName: '黄祖浩', responsible: ['黄祖浩'], othersTold: [], ackUrl: 'https://api.example.org/ack/x?r=1', now }),
  acknowledgementNotice({ escalation, checkpoint, community, by: '黄祖浩', via: '指挥部群 (WeCom)', at: now }),
  resolutionNotice([{ escalation, checkpoint, community }], now),
  unresolvedNotice({ escalation, checkpoint, community, now }),
  pausedNotice({ escalation: { ...escalation, status: 'paused', pausedBy: '鱼岳社区书记', pausedReason: '小区解封，卡点撤除' }, checkpoint, community, at: now }),
  summaryNotice(
    { date: '2026-11-28', builtAt: now.toISOString(), partial: false, county: { expected: 0 } as never, communities: [], checkpoints: [], missedMost: [], openEscalations: 0 } as never,
    { scope: '鱼岳社区', fileUrl: 'https://api.example.org/summaries/2026-11-28/file?r=county&exp=1&kid=k&sig=s' },
  ),
];

describe('webhook events', () => {
  it.each(contents.map((content) => [content.type, content] as const))('%s parses as the documented WebhookEvent', (_type, content) => {
    const request = channelRequest('webhook', { url: 'https://hooks.example.org/cw', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, chatNoticeOf(content), {
      now,
      event: { type: content.type, id: 'evt_1', occurredAt: content.occurredAt, data: content.facts },
    });
    const body = JSON.parse(request.body);
    expect(z.safeParse(WebhookEvent, body).success).toBe(true);
    expect(body.type).toBe(content.type);
  });

  it('lists every event type under webhooks, each with the signature headers', () => {
    const document = openApiDocument('https://api.example.org') as { webhooks: Record<string, { post: { parameters: { name: string }[] } }> };
    expect(Object.keys(document.webhooks).sort()).toEqual(['escalation.acknowledged', 'escalation.notice', 'escalation.paused', 'escalation.resolved', 'escalation.unresolved', 'summary.daily']);
    for (const hook of Object.values(document.webhooks)) expect(hook.post.parameters.map((p) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  });
});
