/**
 * The sweep over the port fakes: what it opens for a missed deadline, that two sweeps (or one run
 * twice) do the work once, misses already reported after, a flow that never started, and an alert
 * storm told as one notice per person per level.
 */
import { describe, expect, it } from 'vitest';
import { missesOf } from '../../../functions/domain/escalation';
import { viewOf } from '../../../functions/domain/registry';
import { email, makeWorld, policy } from './world';

describe('the sweep', () => {
  it('opens nothing before a deadline passes, and nothing for a checkpoint that reported in time', async () => {
    const world = makeWorld();
    await world.register();
    world.set('2026-11-29T04:14:00Z'); // 12:14 local: the 10:00–12:00 slot's grace still runs
    expect((await world.sweep()).opened).toEqual([]);
    await world.report();
    world.set('2026-11-29T04:16:00Z');
    const result = await world.sweep();
    expect(result.opened).toEqual([]);
    expect(world.started).toEqual([]);
    expect(await world.store.activeEscalations()).toEqual([]);
  });

  it('opens one escalation for a missed deadline and starts its flow, once however often it runs', async () => {
    const world = makeWorld();
    const opened = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    expect(opened).toHaveLength(1);
    expect(world.started).toEqual(opened);
    expect(await world.store.escalation(opened[0]!)).toMatchObject({ status: 'open', checkpointId: 'gate', missedDeadline: '2026-11-29T04:15:00.000Z', missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z' });
    expect((await world.sweep()).opened).toEqual([]);
    expect(world.started).toEqual(opened);
    // The sweep opens; the flow tells: nobody has heard anything yet.
    expect(world.rows()).toEqual([]);
  });

  it('opens one escalation when two sweeps run at once', async () => {
    const world = makeWorld();
    await world.register();
    world.set('2026-11-29T04:16:00Z');
    const [x, y] = await Promise.all([world.sweep(), world.sweep()]);
    expect([...x.opened, ...y.opened]).toHaveLength(1);
    expect(world.started).toHaveLength(1);
  });

  it('adds the next miss to the escalation still open, once, rather than opening another', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss();
    world.advance(2 * 3_600_000);
    const [x, y] = await Promise.all([world.sweep(), world.sweep()]);
    expect([...x.extended, ...y.extended]).toEqual([escalationId]);
    expect([...x.opened, ...y.opened]).toEqual([]);
    expect(missesOf((await world.store.escalation(escalationId!))!)).toEqual({ count: 2, first: '2026-11-29T02:00:00.000Z', last: '2026-11-29T04:00:00.000Z' });
  });

  it('records a miss the checkpoint has already reported after as resolved, telling nobody', async () => {
    const world = makeWorld();
    await world.register();
    world.set('2026-11-29T04:20:00Z'); // the deadline passed at 12:15; a reading came at 12:20, before any sweep
    await world.report();
    world.set('2026-11-29T04:21:00Z');
    const result = await world.sweep();
    expect(result.opened).toEqual([]);
    expect(result.recorded).toHaveLength(1);
    expect(await world.store.escalation(result.recorded[0]!)).toMatchObject({ status: 'resolved', missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z' });
    expect(world.started).toEqual([]);
    expect(world.rows()).toEqual([]);
  });

  it('issue 18: takes a reading at the deadline itself as reported after it — recorded resolved, nobody told, the checkpoint up', async () => {
    const world = makeWorld();
    await world.register();
    world.set('2026-11-29T04:15:00Z'); // 12:15 local, the 10:00–12:00 slot's deadline: too late for it, and after it
    await world.report();
    world.set('2026-11-29T04:16:00Z');
    const result = await world.sweep();
    expect(result.opened).toEqual([]);
    expect(await world.store.escalation(result.recorded[0]!)).toMatchObject({ status: 'resolved', missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z' });
    expect(world.rows()).toEqual([]);
    expect(viewOf((await world.store.checkpoint('gate'))!, world.now()).status).toBe('up');
  });

  it('issue 18: resolves an escalation when the reading comes at its missed deadline itself', async () => {
    const world = makeWorld();
    await world.register();
    world.set('2026-11-29T04:15:00Z');
    const [escalationId] = (await world.sweep()).opened;
    await world.report();
    expect(await world.run(escalationId!)).toEqual([{ action: 'done', escalationId, reason: 'reported' }]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
  });

  it('issue 18: keeps the checkpoint missed after its escalation ends unresolved, until a reading', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    await world.run(escalationId!);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'unresolved' });
    const status = async () => viewOf((await world.store.checkpoint('gate'))!, world.now()).status;
    expect(await status()).toBe('missed');
    world.advance(60_000);
    await world.report();
    expect(await status()).toBe('up');
  });

  it('keeps sweeping past a flow that would not start, and starts it again once a few minutes on: by name, so two sweeps start one each', async () => {
    const world = makeWorld();
    await world.register({ checkpoints: ['gate', 'gate-2'] });
    let refuse = true;
    // As Step Functions names executions: a second start of one name runs nothing more.
    const executions: string[] = [];
    world.deps.flows = {
      start: async (escalationId) => {
        if (refuse) throw new Error('StartExecution failed');
        if (!world.started.includes(escalationId)) world.started.push(escalationId);
        executions.push(escalationId);
      },
    };
    world.set('2026-11-29T04:16:00Z');
    const first = await world.sweep();
    expect(first.failed.map((f) => f.error)).toEqual(['StartExecution failed', 'StartExecution failed']);
    expect(await world.store.activeEscalations()).toHaveLength(2);
    refuse = false;
    world.advance(4 * 60_000);
    const [x, y] = await Promise.all([world.sweep(), world.sweep()]);
    expect(x.started.sort()).toEqual([...world.started].sort());
    expect(y.started.sort()).toEqual([...world.started].sort());
    expect(world.started).toHaveLength(2);
  });

  it('groups an alert storm: each person hears of all its checkpoints in one notice per level', async () => {
    const world = makeWorld({ groupThreshold: 3 });
    const gates = ['gate', 'gate-2', 'gate-3', 'gate-4'];
    const opened = await world.miss({ checkpoints: gates, escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    expect(opened).toHaveLength(4);
    for (const escalationId of opened) {
      world.set('2026-11-29T04:16:00Z');
      await world.run(escalationId);
    }
    // Each leader leads one gate: one row each, of their own gate.
    for (const leader of ['leader', 'leader2', 'leader3', 'leader4']) expect(world.told(email(leader))).toHaveLength(1);
    // The secretary is told of all four at level 2 in one row (the group's), with a link for each.
    const toSecretary = world.told(email('secretary'));
    expect(toSecretary).toHaveLength(1);
    expect(toSecretary[0]!.content.facts).toMatchObject({ level: 2, escalationIds: expect.arrayContaining(opened) });
    expect(toSecretary[0]!.content.actions.map((action) => action.url.split('?')[0])).toEqual(expect.arrayContaining(opened.map((id) => `https://api.test/ack/${id}`)));
    // Each member's own row is written told within it (the group's shared row, under the group).
    const secretaryNotices = (await Promise.all(opened.map((id) => world.store.notices(id)))).flat().filter((n) => n.recipient === email('secretary'));
    expect(secretaryNotices.map((n) => n.outcome)).toEqual(['grouped', 'grouped', 'grouped', 'grouped']);
    expect(toSecretary[0]!.escalationId).toMatch(/^group-/);
  });
});
