/**
 * Follow-ups left behind (the rule: nothing an escalation's end should tell is lost to a teller that
 * died or a table that failed it half-way): each is noted before the change it follows and crossed out
 * once told, and the sweep tells one left behind when due — once to each person or group, whoever
 * told some already — and nothing more once it was told.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryDeferred } from '../../../functions/domain/escalation';
import { email, makeWorld, policy, type World } from './world';

const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };

/** The table fails every outbox write while `failing` holds: a notice the service did not take then cannot be kept either. */
const failOutboxWhile = (world: World, failing: () => boolean) => {
  const hold = world.store.hold.bind(world.store);
  world.store.hold = async (entry) => {
    if (failing()) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
    return hold(entry);
  };
};

const told = (world: World, kind: string) => world.notifier.sent.filter((n) => n.content.type === kind);

describe('follow-ups left behind', () => {
  it('tells an acknowledgement its teller could not finish, once each, when the sweep finds it due', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S'], ['committee', 'PT1H']]), channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    // Mail is down and so is the table's outbox: the leader's mail is told, the rest cannot be, nor kept.
    let broken = true;
    world.notifier.refuse = (to) => (broken && to.address !== email('leader') ? new DeliveryDeferred('mail service unavailable') : undefined);
    failOutboxWhile(world, () => broken);
    // The acknowledgement itself is made: what could not be told is the sweep's to tell.
    expect(await world.acknowledge(escalationId!, '组长')).toMatchObject({ changed: true, escalation: { status: 'acknowledged' } });
    const before = told(world, 'escalation.acknowledged').length;
    broken = false;
    world.advance(60_000);
    await world.sweep();
    expect(told(world, 'escalation.acknowledged')).toHaveLength(before); // not due yet
    world.advance(3 * 60_000);
    await world.sweep();
    await world.sweep();
    const acknowledged = told(world, 'escalation.acknowledged').map((n) => n.to.address).sort();
    expect(acknowledged).toEqual([...new Set(acknowledged)]); // nobody twice
    expect(acknowledged).toEqual(expect.arrayContaining([email('secretary')]));
    expect(acknowledged.some((address) => address.startsWith('chat:'))).toBe(true);
  });

  it('tells a resolution the sweep could not finish at the next sweep that finds it due, once each', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S'], ['committee', 'PT1H']]), channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.report();
    let broken = true;
    world.notifier.refuse = () => (broken ? new DeliveryDeferred('service unavailable') : undefined);
    failOutboxWhile(world, () => broken);
    const first = await world.sweep();
    expect(first.resolved).toEqual([escalationId]);
    expect(told(world, 'escalation.resolved')).toHaveLength(0);
    broken = false;
    for (let minute = 0; minute < 5; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    const resolvedTo = told(world, 'escalation.resolved').map((n) => n.to.address).sort();
    expect(resolvedTo).toEqual([...new Set(resolvedTo)].sort());
    expect(resolvedTo).toEqual(expect.arrayContaining([email('leader'), email('secretary')]));
  });

  it('does not send again from the outbox a follow-up the sweep told as left behind', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S'], ['committee', 'PT1H']]) });
    await world.run(escalationId!, undefined, { untilWait: true });
    // The secretary's mail is deferred until the follow-up is due; it goes into the outbox, but recording
    // so fails once: its claim stays open, and the follow-up stays noted.
    const mailBackAt = world.now().getTime() + 4.5 * 60_000;
    world.notifier.refuse = (to) => (world.now().getTime() < mailBackAt && to.address === email('secretary') ? new DeliveryDeferred('mail service unavailable') : undefined);
    const markNotice = world.store.markNotice.bind(world.store);
    let faults = 1;
    world.store.markNotice = async (notice, outcome, detail) => {
      if (outcome === 'deferred' && notice.kind === 'acknowledgement' && faults-- > 0) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return markNotice(notice, outcome, detail);
    };
    await world.acknowledge(escalationId!, '组长');
    // In the sweep after the mail is back, the follow-up is due too: told by it, the outbox's copy is not sent.
    for (let minute = 0; minute < 8; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    expect(told(world, 'escalation.acknowledged').filter((n) => n.to.address === email('secretary'))).toHaveLength(1);
  });

  it('tells resolutions left behind together: one notice to each person for all of them', async () => {
    const world = makeWorld({ noticesPerHour: 20, groupThreshold: 100 });
    const opened = await world.miss({ checkpoints: ['gate', 'gate-2', 'gate-3'], escalation: policy([['secretary', 'PT0S'], ['committee', 'PT1H']]) });
    for (const escalationId of opened) await world.run(escalationId, undefined, { untilWait: true });
    for (const checkpointId of ['gate', 'gate-2', 'gate-3']) await world.report(checkpointId);
    let broken = true;
    world.notifier.refuse = () => (broken ? new DeliveryDeferred('service unavailable') : undefined);
    failOutboxWhile(world, () => broken);
    expect((await world.sweep()).resolved.sort()).toEqual([...opened].sort());
    broken = false;
    for (let minute = 0; minute < 6; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    const toSecretary = told(world, 'escalation.resolved').filter((n) => n.to.address === email('secretary'));
    expect(toSecretary).toHaveLength(1);
    expect((toSecretary[0]!.content.facts.escalationIds as string[]).sort()).toEqual([...opened].sort());
  });

  it('tells nothing more once a follow-up was told in full', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]), channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.acknowledge(escalationId!, '组长');
    const sent = world.notifier.sent.length;
    for (let minute = 0; minute < 6; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    expect(world.notifier.sent).toHaveLength(sent);
    expect(await world.store.dueFollowUps(world.now())).toEqual([]);
  });
});
