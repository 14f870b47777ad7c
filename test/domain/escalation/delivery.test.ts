/**
 * Delivery over the port fakes: the hourly cap per address holds the rest for one digest when the hour
 * ends; what waits in the outbox is sent once when the service takes it again, and dropped when it no
 * longer says something true or has nowhere to go.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryDeferred } from '../../../functions/domain/escalation';
import { putCommunity } from '../../../functions/domain/registry';
import { email, makeWorld, policy, type World } from './world';

const secretaryOnly = policy([['secretary', 'PT0S']]);
const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };

/** Every flow run from 12:16 local, so that all their notices fall in one clock hour. */
const runAll = async (world: World, escalationIds: string[]) => {
  for (const escalationId of escalationIds) {
    world.set('2026-11-29T04:16:00Z');
    await world.run(escalationId);
  }
};

const levelOutcomes = async (world: World, escalationIds: string[]) =>
  (await Promise.all(escalationIds.map((id) => world.store.notices(id)))).flat().filter((n) => n.kind === 'level');

describe('the hourly cap per address', () => {
  it('holds what is over the cap and sends it in one digest when the hour ends, once', async () => {
    const world = makeWorld({ noticesPerHour: 2, groupThreshold: 100 });
    const opened = await world.miss({ checkpoints: ['gate', 'gate-2', 'gate-3', 'gate-4'], escalation: secretaryOnly });
    await runAll(world, opened);
    expect(world.notifier.to(email('secretary'))).toHaveLength(2);
    expect((await levelOutcomes(world, opened)).map((n) => n.outcome).sort()).toEqual(['held', 'held', 'sent', 'sent']);

    world.set('2026-11-29T05:00:30Z'); // the hour of the held notices is over
    await world.sweep();
    await world.sweep();
    const toSecretary = world.notifier.to(email('secretary'));
    expect(toSecretary).toHaveLength(3);
    const digest = toSecretary[2]!;
    expect(digest.content.facts).toEqual({ digest: 2 });
    const held = (await levelOutcomes(world, opened)).filter((n) => n.via === 'digest').map((n) => n.escalationId);
    expect(held).toHaveLength(2);
    for (const escalationId of held) expect(JSON.stringify(digest.content)).toContain(`/ack/${escalationId}?`);
    expect((await levelOutcomes(world, opened)).map((n) => n.outcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('leaves out of the digest a notice whose escalation was acknowledged meanwhile', async () => {
    const world = makeWorld({ noticesPerHour: 1, groupThreshold: 100 });
    const opened = await world.miss({ checkpoints: ['gate', 'gate-2', 'gate-3'], escalation: secretaryOnly });
    await runAll(world, opened.slice(0, 1));
    for (const escalationId of opened.slice(1)) {
      world.set('2026-11-29T04:16:00Z');
      await world.run(escalationId, undefined, { untilWait: true });
    }
    const [acknowledged, other] = opened.slice(1) as [string, string];
    world.set('2026-11-29T04:30:00Z');
    await world.acknowledge(acknowledged, 'admin');

    world.set('2026-11-29T05:00:30Z');
    await world.sweep();
    const digest = world.notifier.to(email('secretary')).at(-1)!;
    expect(JSON.stringify(digest.content)).toContain(`/ack/${other}?`);
    expect(JSON.stringify(digest.content)).not.toContain(`/ack/${acknowledged}?`);
    expect((await world.store.notices(acknowledged)).find((n) => n.kind === 'level')).toMatchObject({ outcome: 'skipped' });
    expect((await world.store.notices(other)).find((n) => n.kind === 'level')).toMatchObject({ outcome: 'sent', via: 'digest' });
  });
});

describe('the outbox', () => {
  it('sends a group\'s notice once when a robot that answered "rate limited" takes notices again', async () => {
    const world = makeWorld();
    const limitedUntil = Date.parse('2026-11-29T04:19:00Z');
    world.notifier.refuse = (to) => (to.medium === 'chat' && world.now().getTime() < limitedUntil ? new DeliveryDeferred('rate limited', 60) : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]), channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    for (let minute = 0; minute < 6; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    const toGroup = world.notifier.sent.filter((n) => n.to.medium === 'chat');
    expect(toGroup.map((n) => n.content.facts.level)).toEqual([1]);
    expect(world.notifier.tried.filter((n) => n.to.medium === 'chat').length).toBeGreaterThan(2);
    expect((await world.store.notices(escalationId!)).find((n) => n.recipient === toGroup[0]!.to.address)).toMatchObject({ outcome: 'sent', via: 'retry' });
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
  });

  it('does not post again before the time a robot asked for (DingTalk blocks a flooded robot for ten minutes), then sends once', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]), channels: [wecom] });
    const blockedUntil = world.now().getTime() + 10 * 60_000;
    world.notifier.refuse = (to) => (to.medium === 'chat' && world.now().getTime() < blockedUntil ? new DeliveryDeferred('blocked for flooding', 600) : undefined);
    await world.run(escalationId!, undefined, { untilWait: true });
    const triesInFlow = world.notifier.tried.filter((n) => n.to.medium === 'chat').length;
    const triesAt: number[] = [];
    for (let minute = 1; minute <= 14; minute += 1) {
      world.advance(60_000);
      const before = world.notifier.tried.length;
      await world.sweep();
      if (world.notifier.tried.slice(before).some((n) => n.to.medium === 'chat')) triesAt.push(minute);
    }
    // The first sweep tries it (the flow's own retries were seconds apart); the robot asks for ten
    // minutes, so the next try is ten minutes on, and it goes.
    expect(triesAt).toEqual([1, 11]);
    expect(world.notifier.sent.filter((n) => n.to.medium === 'chat')).toHaveLength(1);
    expect(triesInFlow).toBeGreaterThan(0);
  });

  it('records as failed, and drops, a notice waiting for a channel that has since been removed', async () => {
    const world = makeWorld();
    world.notifier.refuse = (to) => (to.medium === 'chat' ? new DeliveryDeferred('service unavailable') : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]), channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    const group = world.notifier.tried.find((n) => n.to.medium === 'chat')!.to.address;
    // The community is registered again without its group.
    await putCommunity(world.store, { communityId: 'yuyue', now: world.now(), body: { name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [{ name: '社区书记', email: email('secretary'), role: 'secretary' }] } });
    const triedBefore = world.notifier.tried.length;
    world.advance(60_000);
    await world.sweep();
    await world.sweep();
    expect(world.notifier.tried).toHaveLength(triedBefore);
    expect((await world.store.notices(escalationId!)).find((n) => n.recipient === group)).toMatchObject({ outcome: 'failed' });
    expect(await world.store.dueOutbox(world.now())).toEqual([]);
  });
});
