import type { Mail } from '../../functions/adapters/mail-frame';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledge, MailDeferred, sweep } from '../../functions/domain/escalation';
import { putCheckpoint } from '../../functions/domain/registry';
import { linkKeys } from '../../functions/runtime/admin-key';
import { makeWorld, policy } from '../helpers/escalation';
import { useFreshTable } from '../helpers/table';

beforeAll(async () => {
  await useFreshTable();
});

const levelsOf = async (world: ReturnType<typeof makeWorld>, escalationId: string) =>
  (await world.store.notices(escalationId)).filter((n) => n.kind === 'level').map((n) => `${n.level}.${n.repeat}:${n.recipient.split('.')[0]}:${n.outcome}`).sort();

describe('the escalation flow, on the definition the stack deploys', () => {
  it('stops before level 1 when the checkpoint reports first, and resolves', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT5M']]));
    await world.report();
    await world.run(escalationId);
    expect(await levelsOf(world, escalationId)).toEqual([]);
    expect((await world.store.escalation(escalationId))!.status).toBe('resolved');
    expect(await world.mailsTo(world.email('leader'))).toEqual([]);
  });

  it('climbs to level 3, repeats the last level, then closes unresolved', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 2));
    await world.run(escalationId);
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:sent', '2.0:secretary:sent', '3.0:committee:sent', '3.1:committee:sent', '3.2:committee:sent']);
    const escalation = (await world.store.escalation(escalationId))!;
    expect(escalation).toMatchObject({ status: 'unresolved', level: 3, repeats: 2 });
    // Two hours and a half after the deadline: 30 min to level 2, 1 h to level 3, two repeats an hour apart.
    expect(Date.parse(escalation.closedAt!) - Date.parse(escalation.missedDeadline)).toBeGreaterThanOrEqual(3.5 * 3_600_000 - 120_000);
    const [first] = await world.mailsTo(world.email('leader'));
    expect(first!.subject).toContain('幸福家园卡点');
    expect(first!.subject).toContain('鱼岳社区');
    expect(first!.text).toMatch(/https:\/\/api\.test\/ack\/[0-9a-f-]+\?r=/);
    expect(await world.mailsTo(world.email('committee'))).toHaveLength(3);
  });

  it('stops at level 2 when acknowledged there, and tells the others who took it', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation();
    await world.run(escalationId, async (input) => {
      if (input.action === 'advance' && input.level === 2) await acknowledge(world.deps, escalationId, world.email('secretary'));
    });
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:sent', '2.0:secretary:sent']);
    expect((await world.store.escalation(escalationId))!).toMatchObject({ status: 'acknowledged', acknowledgedBy: world.email('secretary') });
    const leaderMails = await world.mailsTo(world.email('leader'));
    // Who acknowledged is named as registered, not by the address their link was signed for.
    expect(leaderMails.map((m) => m.subject).join('\n')).toMatch(/已确认.*由 社区书记 社区书记 跟进/);
    expect(await world.mailsTo(world.email('committee'))).toEqual([]);
  });

  it('issue 18: stops at level 3 when the checkpoint is paused there — no repeats — and ends it paused, told to each level', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 3));
    await world.run(escalationId, async (input) => {
      if (input.action === 'advance' && input.level === 3) {
        const { name, communityId, schedule, grace, contacts } = (await world.store.checkpoint(world.checkpointId))!;
        await putCheckpoint(world.store, {
          checkpointId: world.checkpointId,
          keys: linkKeys,
          now: world.clock.now(),
          body: { name, communityId, schedule, grace, contacts, active: false, pausedReason: '小区解封' },
          actor: { kind: 'operator', keyId: 'k', name: '鱼岳社区书记' },
        });
      }
    });
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:sent', '2.0:secretary:sent', '3.0:committee:sent']);
    expect((await world.store.escalation(escalationId))!).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记', pausedReason: '小区解封' });
    for (const role of ['leader', 'secretary', 'committee']) {
      expect((await world.mailsTo(world.email(role))).map((m) => m.subject).filter((s) => s.startsWith('【已暂停】'))).toHaveLength(1);
    }
    expect((await world.store.checkpoint(world.checkpointId))!.openEscalationId).toBeUndefined();
  });

  it('sends a notice SES refused twice on the third attempt, once', async () => {
    let refusals = 0;
    const world = makeWorld((real) => ({
      send: async (to: string, mail: Mail) => {
        if (refusals < 2) {
          refusals += 1;
          throw new MailDeferred('throttled');
        }
        await real.send(to, mail);
      },
    }));
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S']]));
    await world.run(escalationId);
    const [notice] = (await world.store.notices(escalationId)).filter((n) => n.kind === 'level');
    expect(notice).toMatchObject({ outcome: 'sent', attempts: 3 });
    expect(await world.mailsTo(world.email('leader'))).toHaveLength(1);
  });

  it('keeps a notice SES does not take for later, goes on to the next level saying so, and sends it once when SES is back', async () => {
    let sesDown = true;
    const world = makeWorld((real) => ({
      send: async (to: string, mail: Mail) => {
        if (sesDown && to.startsWith('leader.')) throw new MailDeferred('down');
        await real.send(to, mail);
      },
    }));
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    let whileDown: string[] = [];
    await world.run(escalationId, async (input) => {
      if (input.action === 'advance' && input.level === 2) {
        whileDown = await levelsOf(world, escalationId);
        sesDown = false;
        await sweep(world.deps);
        await sweep(world.deps);
      }
    });
    expect(whileDown).toEqual(['1.0:leader:deferred', '2.0:secretary:sent']);
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:sent', '2.0:secretary:sent']);
    expect(await world.mailsTo(world.email('leader'))).toHaveLength(1);
    const [toSecretary] = await world.mailsTo(world.email('secretary'));
    expect(toSecretary!.text).toContain('无法送达，前一级可能未收到通知：卡点组长 组长');
  });

  it('never sends a notice twice when its task is retried after sending', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S']]));
    let failedOnce = false;
    const inputs = await world.run(escalationId, undefined, async (input, next) => {
      const output = await next();
      if (input.action === 'send' && !failedOnce) {
        failedOnce = true;
        // The mail went out, then the invocation was lost: Step Functions retries the task.
        throw Object.assign(new Error('timed out'), { name: 'Lambda.ServiceException' });
      }
      return output;
    });
    expect(inputs.filter((i) => i.action === 'send')).toHaveLength(2);
    expect(await world.mailsTo(world.email('leader'))).toHaveLength(1);
  });

  it('sends nothing when acknowledged between the check and the send', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation();
    await world.run(escalationId, async (input) => {
      if (input.action === 'send') await acknowledge(world.deps, escalationId, 'admin');
    });
    expect(await levelsOf(world, escalationId)).toEqual([]);
    expect(await world.mailsTo(world.email('leader'))).toEqual([]);
  });

  it('opens one escalation when two sweeps run at once, and records a further miss once', async () => {
    const fresh = makeWorld();
    await fresh.register();
    const [x, y] = await Promise.all([sweep(fresh.deps), sweep(fresh.deps)]);
    // (Other tests' escalations share this table; only this checkpoint's is asserted.)
    const escalationId = (await fresh.store.checkpoint(fresh.checkpointId))!.openEscalationId!;
    expect([...x.opened, ...y.opened].filter((id) => id === escalationId)).toHaveLength(1);
    expect(fresh.started.filter((id) => id === escalationId)).toHaveLength(1);
    // The next slot is missed too: two sweeps at once add it to the open escalation, once.
    fresh.clock.advance(2 * 3_600_000);
    await Promise.all([sweep(fresh.deps), sweep(fresh.deps)]);
    expect((await fresh.store.escalation(escalationId))!.missedSlots).toHaveLength(2);
    expect((await fresh.store.checkpoint(fresh.checkpointId))!.openEscalationId).toBe(escalationId);
    // Its flow never ran here, so it looked stalled: of the two sweeps, exactly one restarted it.
    expect(fresh.started.filter((id) => id === escalationId)).toHaveLength(2);
  });

  it('keeps sweeping when one checkpoint fails, and restarts a flow that never started', async () => {
    const world = makeWorld();
    await world.register();
    let refuse = true;
    world.deps.flows = {
      start: async (escalationId) => {
        if (refuse) throw new Error('StartExecution failed');
        world.started.push(escalationId);
      },
    };
    const first = await sweep(world.deps);
    expect(first.failed.map((f) => f.error)).toContain('StartExecution failed');
    refuse = false;
    // Three minutes on, the escalation is still at level 0 with no flow: the sweep starts one.
    world.clock.advance(4 * 60_000);
    const second = await sweep(world.deps);
    const own = (await world.store.checkpoint(world.checkpointId))!.openEscalationId!;
    expect(second.restarted).toContain(own);
    expect(world.started.filter((id) => id === own)).toHaveLength(1);
    await world.run(own);
    expect(await world.mailsTo(world.email('leader'))).toHaveLength(1);
  });
});
