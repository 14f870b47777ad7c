/**
 * SES bounces and complaints (as EventBridge delivers them) mark addresses unreachable, and the next
 * level of an escalation is told that the first may not have heard. The real handler, on the real table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as mailEvents } from '../../functions/handlers/mail-events';
import { fakeContext } from '../../local/gateway';
import { makeWorld, policy } from '../helpers/escalation';
import { useFreshTable } from '../helpers/table';

beforeAll(async () => {
  await useFreshTable();
});

const bounce = (address: string, bounceType = 'Permanent') => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Email Bounced',
  source: 'aws.ses',
  account: '123456789012',
  time: '2026-11-29T04:20:00Z',
  region: 'ap-east-1',
  resources: [],
  detail: {
    eventType: 'Bounce',
    bounce: { bounceType, bounceSubType: bounceType === 'Permanent' ? 'NoEmail' : 'MailboxFull', bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }], timestamp: '2026-11-29T04:20:00Z', feedbackId: 'f1' },
    mail: { messageId: 'm1', destination: [address], timestamp: '2026-11-29T04:19:58Z' },
  },
});
const complaint = (address: string) => ({
  'detail-type': 'Email Complaint Received',
  source: 'aws.ses',
  detail: { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: 'abuse', timestamp: '2026-11-29T04:21:00Z' }, mail: { messageId: 'm2' } },
});
const send = (event: unknown) => mailEvents(event as never, fakeContext('mail-events')) as Promise<{ unreachable: number }>;

describe('SES bounces and complaints', () => {
  it('marks a permanent bounce, and the next level says the first could not be reached', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    await world.run(escalationId, async (input) => {
      // Between level 1 going out and level 2: SES reports the leader's mailbox does not exist.
      if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 1) {
        expect(await send(bounce(world.email('leader').toUpperCase()))).toEqual({ unreachable: 1 });
      }
    });
    expect(await world.store.notReached(escalationId, 2, [world.email('leader')])).toEqual([{ recipient: world.email('leader') }]);
    // The secretary's row, written when level 2 opened, says so (the sender renders it; see channels/).
    const [toSecretary] = await world.rowsTo(world.email('secretary'));
    // The leader is named as people know them (role and name), in the community's one language.
    expect(JSON.stringify(toSecretary!.content!.lines)).toContain('以下对象无法送达，前一级可能未收到通知：卡点组长 组长');
    expect(JSON.stringify(toSecretary!.content)).not.toContain('could not be reached');
  });

  it('marks complaints, ignores transient bounces, and refuses what is not an SES event (for the dead-letter queue)', async () => {
    expect(await send(complaint('complains@example.org'))).toEqual({ unreachable: 1 });
    expect(await send(bounce('full@example.org', 'Transient'))).toEqual({ unreachable: 0 });
    const world = makeWorld();
    expect(await world.store.notReached('none', 1, ['complains@example.org', 'full@example.org'])).toEqual([{ recipient: 'complains@example.org' }]);
    await expect(send({ 'detail-type': 'Email Bounced', source: 'aws.ses', detail: { eventType: 'Bounce' } })).rejects.toThrow(/not an SES bounce or complaint/);
    await expect(send({ source: 'evil', detail: {} })).rejects.toThrow();
  });
});
