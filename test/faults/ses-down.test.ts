/**
 * The SES emulator stopped during an escalation and started again: each row is retried by the sender,
 * the escalation goes on level by level regardless, the next levels say who may not have heard, and
 * once SES is back the outstanding notices arrive, once each. The real emulator process (its own,
 * stopped and started on one port), the real table, the state machine definition the stack deploys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../functions/domain/escalation';
import { freePort } from '../../local/ports';
import { startSes, storedMails } from '../../local/ses';
import { makeWorld, policy } from '../helpers/escalation';
import { useFreshTable } from '../helpers/table';

let ses: Awaited<ReturnType<typeof startSes>> | undefined;
let sesPort: number;

beforeAll(async () => {
  sesPort = await freePort();
  ses = await startSes(sesPort);
  await useFreshTable({ ses: ses.endpoint });
});

afterAll(async () => {
  await ses?.stop();
});

describe('the SES emulator down during an escalation', () => {
  // The rows the service does not take stay pending with a backoff; the sender's runs while the flow
  // waits (world.deliver) try them again, and the run after SES is back sends each once.
  it('goes on level by level, and delivers every outstanding notice once when SES is back', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']]));
    await ses!.stop();
    ses = undefined;
    await world.run(escalationId, async (input) => {
      // The sender runs while the flow waits (the stream, the minute's run): SES refuses, the rows wait.
      await world.deliver();
      if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 2 && !ses) {
        // SES comes back before level 3.
        ses = await startSes(sesPort);
      }
    });
    await world.deliver();
    await sweep(world.deps);
    await world.deliver();
    const outcomes = async () =>
      Object.fromEntries((await world.store.notices(escalationId)).filter((n) => n.kind === 'level').map((n) => [n.recipient.split('.')[0], n.outcome]));
    expect(await outcomes()).toEqual({ leader: 'sent', secretary: 'sent', committee: 'sent' });
    const mails = await storedMails(ses!.endpoint);
    const to = (role: string) => mails.filter((mail) => mail.destination.to.includes(world.email(role)));
    expect(to('leader')).toHaveLength(1);
    expect(to('secretary')).toHaveLength(1);
    expect(to('committee')).toHaveLength(1);
    // Level 3 told the committee that the two before it may not have heard.
    expect(to('committee')[0]!.body.text).toContain('无法送达，前一级可能未收到通知：卡点组长 组长、社区书记 社区书记');
  }, 60_000);
});
