/**
 * How an escalation ends, over the port fakes: an acknowledgement stops the levels and tells the
 * others who took it; a reading resolves it and tells everyone told, once, in one notice each when
 * many resolve together.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/domain/errors';
import { email, makeWorld, policy } from './world';

const twoLevels = policy([['leader', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']]);

/** What each notice to an address was (its webhook event type), in order. */
const typesTo = (world: ReturnType<typeof makeWorld>, address: string) => world.notifier.to(address).map((n) => n.content.type);

describe('acknowledging', () => {
  it('stops the levels, and tells the others told who took it, not the one who did', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, async (step) => {
      if (step.action === 'advance' && step.level === 2) await world.acknowledge(escalationId!, email('secretary'));
    });
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:sent`, `2.0:${email('secretary')}:sent`]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'acknowledged', acknowledgedBy: email('secretary') });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
    expect(world.notifier.to(email('leader'))[1]!.content.facts).toMatchObject({ escalationId, acknowledgedBy: email('secretary') });
    expect(typesTo(world, email('secretary'))).toEqual(['escalation.notice']);
    expect(world.notifier.to(email('committee'))).toEqual([]);
  });

  it('sends nothing when it comes between the check and the send', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, async (step) => {
      if (step.action === 'send') await world.acknowledge(escalationId!, 'admin');
    });
    expect(await world.levelNotices(escalationId!)).toEqual([]);
    expect(world.notifier.sent).toEqual([]);
  });

  it('tells whoever heard of a level already, even when it comes before the level is recorded', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    // Between the level's send and its advance (a retried recipient can hold the advance back for minutes).
    await world.run(escalationId!, async (step) => {
      if (step.action === 'advance' && step.level === 1) await world.acknowledge(escalationId!, '黄祖浩');
    });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
  });

  it('counts once: a second acknowledgement changes nothing and tells nobody again', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    expect((await world.acknowledge(escalationId!, '黄祖浩')).changed).toBe(true);
    expect((await world.acknowledge(escalationId!, '别人')).changed).toBe(false);
    expect(await world.run(escalationId!)).toEqual([{ action: 'stop', escalationId, reason: 'acknowledged' }]);
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ acknowledgedBy: '黄祖浩' });
    expect(world.notifier.to(email('secretary'))).toEqual([]);
  });

  it('from a group\'s link, names the group and tells the group too', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const [escalationId] = await world.miss({ escalation: twoLevels, channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    const group = world.notifier.sent.find((n) => n.to.medium === 'chat')!.to.address;
    await world.acknowledge(escalationId!, '组长1', { address: group, label: '指挥部群 (WeCom)' });
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'acknowledged', acknowledgedBy: '组长1', acknowledgedVia: '指挥部群 (WeCom)' });
    expect(typesTo(world, group)).toEqual(['escalation.notice', 'escalation.acknowledged']);
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
  });

  it('refuses an escalation that does not exist', async () => {
    const world = makeWorld();
    await expect(world.acknowledge('no-such-escalation', 'admin')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('resolving', () => {
  it('closes on a reading at the next sweep, and tells everyone told, once', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    // Levels 1 and 2 go out; the checkpoint reports while level 3 waits.
    await world.run(escalationId!, async (step) => {
      if (step.action === 'advance' && step.level === 2) await world.report();
    });
    // The flow's own check found the reading first; a sweep after it tells nobody again.
    await world.sweep();
    await world.sweep();
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(typesTo(world, email('secretary'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(world.notifier.to(email('committee'))).toEqual([]);
    expect((await world.store.checkpoint('gate'))?.openEscalationId).toBeUndefined();
  });

  it('resolves at the sweep while the flow waits, and the flow then stops; a new miss opens a fresh escalation', async () => {
    const world = makeWorld();
    const [first] = await world.miss({ escalation: twoLevels });
    await world.run(first!, undefined, { untilWait: true });
    await world.report();
    expect((await world.sweep()).resolved).toEqual([first]);
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    const checks = await world.run(first!);
    expect(checks).toEqual([{ action: 'stop', escalationId: first, reason: 'resolved' }]);
    await world.sweep();
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(world.notifier.to(email('secretary'))).toEqual([]);

    world.set('2026-11-29T08:16:00Z'); // the 14:00–16:00 slot, empty, due at 16:15 local
    const next = await world.sweep();
    expect(next.opened).toHaveLength(1);
    expect(next.opened[0]).not.toBe(first);
  });

  it('tells each person once of all the checkpoints reporting again together after an outage', async () => {
    const world = makeWorld({ noticesPerHour: 20, groupThreshold: 100 });
    const gates = ['gate', 'gate-2', 'gate-3'];
    const opened = await world.miss({ checkpoints: gates, escalation: policy([['secretary', 'PT0S'], ['committee', 'PT2H']]) });
    for (const escalationId of opened) await world.run(escalationId, undefined, { untilWait: true });
    expect(world.notifier.to(email('secretary'))).toHaveLength(3);
    for (const gate of gates) await world.report(gate);
    const swept = await world.sweep();
    expect(swept.resolved.sort()).toEqual([...opened].sort());
    const resolutions = () => world.notifier.to(email('secretary')).filter((n) => n.content.type === 'escalation.resolved');
    expect(resolutions()).toHaveLength(1);
    expect((resolutions()[0]!.content.facts.escalationIds as string[]).sort()).toEqual([...opened].sort());
    await world.sweep();
    expect(resolutions()).toHaveLength(1);
    expect(world.notifier.to(email('committee'))).toEqual([]);
  });
});
