/**
 * How an escalation ends, over the port fakes: an acknowledgement stops the levels and writes, in the
 * same change, the rows that tell the others who took it (and its audit entry); a reading resolves it
 * and writes a row to everyone told, once. The core sends nothing: the rows are the notices.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/domain/errors';
import { email, makeWorld, policy, type World } from './world';

const twoLevels = policy([['leader', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']]);

/** What each row to an address is (its webhook event type), in the order written. */
const typesTo = (world: World, address: string) => world.told(address).map((row) => row.content.type);

describe('acknowledging', () => {
  it('stops the levels, and writes a row to the others told saying who took it, not to the one who did', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, async (input) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId!))!.level === 2) await world.acknowledge(escalationId!, email('secretary'));
    });
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:pending`, `2.0:${email('secretary')}:pending`]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'acknowledged', acknowledgedBy: email('secretary') });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
    expect(world.told(email('leader'))[1]!.content.facts).toMatchObject({ escalationId, acknowledgedBy: email('secretary') });
    expect(typesTo(world, email('secretary'))).toEqual(['escalation.notice']);
    expect(world.told(email('committee'))).toEqual([]);
  });

  it('commits its rows and its audit entry with it, and answers without any robot or mail service', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const [escalationId] = await world.miss({ escalation: twoLevels, channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    const rowsBefore = world.rows().length;
    // The world has no notifier at all: an acknowledgement that tried to post anywhere could not.
    const { changed, escalation } = await world.acknowledge(escalationId!, '黄祖浩', undefined, { kind: 'admin' });
    expect(changed).toBe(true);
    const written = world.rows().slice(rowsBefore);
    expect(written.map((row) => `${row.kind}:${row.recipient}:${row.outcome}`).sort()).toEqual(['acknowledgement:chat:community/yuyue/zhihui:pending', `acknowledgement:${email('leader')}:pending`]);
    expect([...world.table.audit.values()]).toMatchObject([{ action: 'escalation.acknowledged', escalationId }]);
    expect(escalation.version).toBe((await world.store.escalation(escalationId!))!.version);
  });

  it('writes nothing when the write finds the escalation changed meanwhile (another acknowledgement): no row, no audit entry twice', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    const commit = world.store.commit;
    let raced = false;
    world.store.commit = async (change, now) => {
      if (!raced && change.escalation.status === 'acknowledged') {
        raced = true;
        const { audit: _theirs, ...theirs } = change;
        await commit({ ...theirs, escalation: { ...change.escalation, acknowledgedBy: '别人' } }, now);
      }
      return commit(change, now);
    };
    expect(await world.acknowledge(escalationId!, '黄祖浩', undefined, { kind: 'admin' })).toMatchObject({ changed: false, escalation: { acknowledgedBy: '别人' } });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
    // The other's change was committed (without an entry, here); ours wrote nothing.
    expect(world.table.audit.size).toBe(0);
  });

  it('counts once: a second acknowledgement changes nothing and tells nobody again', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    expect((await world.acknowledge(escalationId!, '黄祖浩')).changed).toBe(true);
    expect((await world.acknowledge(escalationId!, '别人')).changed).toBe(false);
    expect(await world.run(escalationId!)).toEqual([{ action: 'done', escalationId, reason: 'acknowledged' }]);
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.acknowledged']);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ acknowledgedBy: '黄祖浩' });
    expect(world.told(email('secretary'))).toEqual([]);
  });

  it('from a group\'s link, names the group and tells the group too', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const [escalationId] = await world.miss({ escalation: twoLevels, channels: [wecom] });
    await world.run(escalationId!, undefined, { untilWait: true });
    const group = 'chat:community/yuyue/zhihui';
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
  it('ends on a reading, and writes a row to everyone told, once, however many sweeps come after', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: twoLevels });
    // Levels 1 and 2 are opened; the checkpoint reports while level 3 waits.
    await world.run(escalationId!, async (input) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId!))!.level === 2) await world.report();
    });
    await world.sweep();
    await world.sweep();
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(typesTo(world, email('secretary'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(world.told(email('committee'))).toEqual([]);
    expect((await world.store.checkpoint('gate'))?.openEscalationId).toBeUndefined();
  });

  it('resolves at the sweep while the flow waits, and the flow then stops; a new miss opens a fresh escalation', async () => {
    const world = makeWorld();
    const [first] = await world.miss({ escalation: twoLevels });
    await world.run(first!, undefined, { untilWait: true });
    await world.report();
    expect((await world.sweep()).resolved).toEqual([first]);
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(await world.run(first!)).toEqual([{ action: 'done', escalationId: first, reason: 'resolved' }]);
    await world.sweep();
    expect(typesTo(world, email('leader'))).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(world.told(email('secretary'))).toEqual([]);

    world.set('2026-11-29T08:16:00Z'); // the 14:00–16:00 slot, empty, due at 16:15 local
    const next = await world.sweep();
    expect(next.opened).toHaveLength(1);
    expect(next.opened[0]).not.toBe(first);
  });

  it('writes one resolution row per escalation and person when many report again together after an outage (the sender bundles them)', async () => {
    const world = makeWorld({ groupThreshold: 100 });
    const gates = ['gate', 'gate-2', 'gate-3'];
    const opened = await world.miss({ checkpoints: gates, escalation: policy([['secretary', 'PT0S'], ['committee', 'PT2H']]) });
    for (const escalationId of opened) await world.run(escalationId, undefined, { untilWait: true });
    expect(world.told(email('secretary'))).toHaveLength(3);
    for (const gate of gates) await world.report(gate);
    const swept = await world.sweep();
    expect(swept.resolved.sort()).toEqual([...opened].sort());
    const resolutions = () => world.told(email('secretary')).filter((row) => row.content.type === 'escalation.resolved');
    expect(resolutions().map((row) => row.escalationId).sort()).toEqual([...opened].sort());
    // All written in the same minute, pending for the one address: one message when the sender comes.
    expect(new Set(resolutions().map((row) => row.createdAt)).size).toBe(1);
    await world.sweep();
    expect(resolutions()).toHaveLength(3);
    expect(world.told(email('committee'))).toEqual([]);
  });
});
