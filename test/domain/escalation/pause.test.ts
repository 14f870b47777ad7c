/**
 * A pause ends what it excuses (issue 18 §8): pausing a checkpoint with an escalation open or
 * acknowledged ends it `paused` — by whom and why, told to everyone told before, through the follow-up
 * machinery resolutions use — and its flow stops; misses the sweep records for a checkpoint paused
 * since are recorded ended, nobody told; and a resumed checkpoint starts clean.
 */
import { describe, expect, it } from 'vitest';

import { viewOf } from '../../../functions/domain/registry';
import { email, makeWorld, policy, type World } from './world';

/** Three levels, then the last repeated hourly three times: the default policy's shape. */
const threeLevels = policy([['leader', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 3);
const secretary = { kind: 'operator' as const, keyId: 'k-yuyue', name: '鱼岳社区书记' };
const REASON = '小区解封，卡点撤除';

const told = (world: World, type: string) => world.rows().filter((row) => row.content.type === type && row.outcome !== 'grouped');
const statusOf = async (world: World) => viewOf((await world.store.checkpoint('gate'))!, world.now()).status;

describe('a pause ends the escalation it excuses', () => {
  it('at level 3: the flow stops there, ended paused by whom and why, and everyone told hears it once', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: threeLevels });
    const checks = await world.run(escalationId!, async (step) => {
      if (step.action === 'step' && (await world.store.escalation(escalationId!))!.level === 3) await world.setActive('gate', false, { reason: REASON, actor: secretary });
    });
    expect(checks.at(-1)).toEqual({ action: 'done', escalationId, reason: 'paused' });
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记', pausedReason: REASON, closedAt: expect.any(String) });
    // No repeat of level 3 after the pause.
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:pending`, `2.0:${email('secretary')}:pending`, `3.0:${email('committee')}:pending`]);
    const paused = told(world, 'escalation.paused');
    expect(paused.map((n) => n.recipient).sort()).toEqual([email('committee'), email('leader'), email('secretary')]);
    expect(paused[0]!.content.subject).toContain('【已暂停】1号门卡点（鱼岳社区）由 鱼岳社区书记 暂停');
    expect(JSON.stringify(paused[0]!.content.lines)).toContain(`原因：${REASON}`);
    expect(paused[0]!.content.facts).toMatchObject({ escalationId, pausedBy: '鱼岳社区书记', reason: REASON });
    // The checkpoint is free for the next escalation, and told nothing more however often the sweep runs.
    expect((await world.store.checkpoint('gate'))!.openEscalationId).toBeUndefined();
    await world.sweep();
    expect(told(world, 'escalation.paused')).toHaveLength(3);
  });

  it('between two levels: the next sweep ends it, not the flow an hour later; the flow then stops', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: threeLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.setActive('gate', false, { actor: secretary });
    world.advance(30_000);
    expect((await world.sweep()).paused).toEqual([escalationId]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记' });
    expect(told(world, 'escalation.paused').map((n) => n.recipient)).toEqual([email('leader')]);
    expect(await world.run(escalationId!)).toEqual([{ action: 'done', escalationId, reason: 'paused' }]);
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:pending`]);
  });

  it('acknowledged, so its flow has stopped: the sweep ends it paused and tells those told', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: threeLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.acknowledge(escalationId!, '组长');
    await world.setActive('gate', false, { reason: REASON });
    await world.sweep();
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'paused', acknowledgedBy: '组长', pausedReason: REASON });
    expect(told(world, 'escalation.paused').map((n) => n.recipient)).toEqual([email('leader')]);
    expect(await world.store.activeEscalations()).toEqual([]);
  });

  it('acknowledged after the pause but before any sweep: nothing is acknowledged, it ends paused and only that is told', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: threeLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.setActive('gate', false, { reason: REASON, actor: secretary });
    const { escalation, changed } = await world.acknowledge(escalationId!, '组长');
    expect(changed).toBe(false);
    expect(escalation).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记' });
    expect(escalation.acknowledgedBy).toBeUndefined();
    await world.sweep();
    expect(told(world, 'escalation.acknowledged')).toEqual([]);
    expect(told(world, 'escalation.paused').map((n) => n.recipient)).toEqual([email('leader')]);
  });

  it('names the county admin in the notices by title (县管理员 / the county admin), not by its recorded id', async () => {
    const world = makeWorld();
    const [first] = await world.miss({ escalation: threeLevels });
    await world.run(first!, undefined, { untilWait: true });
    await world.acknowledge(first!, 'admin');
    await world.setActive('gate', false, { actor: { kind: 'admin' } });
    await world.sweep();
    for (const type of ['escalation.acknowledged', 'escalation.paused']) {
      const [notice] = told(world, type);
      expect(notice, type).toBeDefined();
      // One language at a time: the community's, Chinese.
      expect(notice!.content.subject, type).toContain('县管理员');
      expect(JSON.stringify([notice!.content.subject, notice!.content.title, notice!.content.lines]), type).not.toContain('admin');
    }
  });

  it('a reading first: a checkpoint that reported and was then paused is resolved, not paused', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: threeLevels });
    await world.run(escalationId!, undefined, { untilWait: true });
    await world.report();
    await world.setActive('gate', false);
    await world.sweep();
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
    expect(told(world, 'escalation.paused')).toEqual([]);
  });

  it('records a miss whose deadline came during a pause ended paused: no flow, nobody told', async () => {
    const world = makeWorld();
    await world.register({ escalation: threeLevels });
    world.set('2026-11-29T04:05:00Z'); // 12:05 local: 10:00–12:00 ended empty, its grace runs to 12:15
    await world.setActive('gate', false, { actor: secretary });
    world.set('2026-11-29T04:16:00Z');
    const result = await world.sweep();
    expect(result.opened).toEqual([]);
    expect(await world.store.escalation(result.recorded[0]!)).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记', missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z' });
    expect(world.started).toEqual([]);
    expect(world.rows()).toEqual([]);
    expect(await statusOf(world)).toBe('paused');
  });

  it('one sweep finding a miss before a pause and one after the resume escalates the second, from its own deadline', async () => {
    const world = makeWorld();
    await world.register({ escalation: threeLevels });
    world.set('2026-11-29T04:20:00Z'); // 12:15 passed unswept; paused 12:20–12:25
    await world.setActive('gate', false);
    world.set('2026-11-29T04:25:00Z');
    await world.setActive('gate', true);
    world.set('2026-11-29T08:16:00Z'); // 14:00–16:00 (the first slot the pause did not touch) missed at 16:15
    const { opened } = await world.sweep();
    expect(opened).toHaveLength(1);
    expect(await world.store.escalation(opened[0]!)).toMatchObject({ status: 'open', missedDeadline: '2026-11-29T08:15:00.000Z' });
  });

  it('resumed, the checkpoint starts clean: not missed for the miss before the pause, and its next miss opens a fresh escalation', async () => {
    const world = makeWorld();
    const [first] = await world.miss({ escalation: threeLevels });
    expect(await statusOf(world)).toBe('missed');
    await world.setActive('gate', false);
    world.advance(60_000);
    await world.sweep();
    await world.setActive('gate', true);
    expect(await statusOf(world)).toBe('new');
    // Resumed at 12:17: 12:00–14:00 is touched by the pause; 14:00–16:00 is the first slot owed, due 16:15 (08:15Z).
    world.set('2026-11-29T08:16:00Z');
    const { opened } = await world.sweep();
    expect(opened).toHaveLength(1);
    expect(opened[0]).not.toBe(first);
    expect(await world.store.escalation(opened[0]!)).toMatchObject({ status: 'open', missedDeadline: '2026-11-29T08:15:00.000Z' });
    expect(await statusOf(world)).toBe('missed');
  });
});
