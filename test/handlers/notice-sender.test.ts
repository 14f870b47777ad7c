/**
 * The sender function around the sender: a stream batch sends to each destination it names, once; the
 * minute run sends what is due; each run's results are published as the sender's metrics (summed over
 * its destinations); and a stream run short of time leaves the rest to the minute run rather than be
 * cut in the middle of a send. The sender itself (domain/delivery/sender.ts) is stubbed here: its own
 * tests are its own.
 */
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendResult } from '../../functions/domain/delivery/sender';
import { lambdaContext } from '../../local/lambda';

const sent: string[] = [];
let dueRuns = 0;
const result = (over: Partial<SendResult>): SendResult => ({ messages: 0, sent: 0, skipped: 0, failed: 0, deadLettered: 0, waiting: 0, ...over });

vi.mock('../../functions/domain/delivery/sender', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  // Each destination a stream batch names, as the sender's pool goes through them: none begun after `until`.
  sendToEach: async (deps: { now: () => Date; until: Date }, recipients: string[]) => {
    const each = recipients.filter(() => deps.now() < deps.until);
    sent.push(...each);
    return result({ messages: each.length, sent: 2 * each.length, failed: each.length, deadLettered: each.length, waiting: 3 * each.length });
  },
  sendDue: async () => {
    dueRuns += 1;
    return result({ messages: 4, sent: 5, waiting: 1 });
  },
}));

// The sender is stubbed, so what it is given is never used.
vi.mock('../../functions/runtime/deps', () => ({ senderDeps: () => ({ now: () => new Date(), until: new Date(Date.now() + 15_000) }) }));
const { handler } = await import('../../functions/handlers/notice-sender');
const { metrics } = await import('../../functions/runtime/observability');

const row = (recipient: string, sk = `NOTICE#level#01#00#${recipient.toLowerCase()}`): DynamoDBRecord => ({
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { pk: { S: 'ESCALATION#e1' }, sk: { S: sk } }, NewImage: { pk: { S: 'ESCALATION#e1' }, sk: { S: sk }, recipient: { S: recipient } }, StreamViewType: 'NEW_IMAGE' },
});

let published: Record<string, number>;
beforeEach(() => {
  sent.length = 0;
  dueRuns = 0;
  published = {};
  vi.spyOn(metrics, 'addMetric').mockImplementation(((name: string, _unit: unknown, value: number) => {
    published[name] = (published[name] ?? 0) + value;
    return metrics;
  }) as never);
});

describe('the sender function', () => {
  it('sends once to each destination a stream batch names, and publishes what the runs did', async () => {
    const results = await handler({ Records: [row('Leader@example.org'), row('group-a'), row('leader@example.org', 'NOTICE#level#01#01#leader@example.org')] }, lambdaContext('notice-sender'));
    expect(sent).toEqual(['leader@example.org', 'group-a']);
    expect(results).toHaveLength(1);
    expect(published).toEqual({ NoticeMessages: 2, NoticeSent: 4, NoticeFailed: 2, NoticeDeadLettered: 2, NoticeWaiting: 6 });
  });

  it('sends what is due on the minute run', async () => {
    await handler({ run: 'due' }, lambdaContext('notice-sender'));
    expect(dueRuns).toBe(1);
    expect(sent).toEqual([]);
    expect(published).toEqual({ NoticeMessages: 4, NoticeSent: 5, NoticeFailed: 0, NoticeDeadLettered: 0, NoticeWaiting: 1 });
  });

  it('leaves to the minute run the destinations it has no time left for', async () => {
    const short: Context = { ...lambdaContext('notice-sender'), getRemainingTimeInMillis: () => 3_000 };
    const results = await handler({ Records: [row('a@example.org'), row('b@example.org')] }, short);
    expect(sent).toEqual([]);
    expect(results).toEqual([result({})]);
  });
});
