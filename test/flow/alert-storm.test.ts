/**
 * Alert storms: many checkpoints of one community missing in one sweep (a mobile network outage) must
 * not become dozens of mails. Their recipients get one grouped notice per level; and nobody gets more
 * than their hourly share, the rest arriving in one digest when the hour ends. On the real table, the
 * real SES emulator, and the state machine definition the stack deploys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sweep } from '../../functions/domain/escalation';
import { acceptReading } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { linkKeys } from '../../functions/runtime/admin-key';
import { makeWorld, policy, type World } from '../helpers/escalation';
import { useFreshTable } from '../helpers/table';

beforeAll(async () => {
  await useFreshTable();
});

const secretaryOnly = policy([['secretary', 'PT0S']]);
const leaderThenSecretary = policy([['leader', 'PT0S'], ['secretary', 'PT30M']]);

/** A community of `count` checkpoints, each with its own leader, all past their first deadline. */
const community = async (world: World, count: number, escalation: typeof secretaryOnly) => {
  const communityId = `storm-${world.id}`;
  await putCommunity(world.store, {
    communityId,
    now: world.clock.now(),
    body: { name: '长江社区', timezone: 'Asia/Shanghai', contacts: [{ name: '社区书记', email: world.email('secretary'), role: 'secretary' }], escalation },
  });
  const ids = Array.from({ length: count }, (_, i) => `${communityId}-gate-${i + 1}`);
  for (const [i, checkpointId] of ids.entries()) {
    await putCheckpoint(world.store, {
      checkpointId,
      keys: linkKeys,
      now: world.clock.now(),
      body: { name: `${i + 1}号门卡点`, communityId, schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: world.email(`leader${i + 1}`), role: 'leader' }], active: true },
    });
  }
  world.clock.current = new Date('2026-11-29T04:16:00Z'); // past the 12:15 deadline, Shanghai time
  return ids;
};

/** Sweeps, and returns the escalations it opened for this world's checkpoints. */
const sweepMine = async (world: World) => {
  const result = await sweep(world.deps);
  return { result, mine: result.opened.filter((id) => world.started.includes(id)) };
};

const levelNotices = async (world: World, escalationIds: string[]) =>
  (await Promise.all(escalationIds.map((id) => world.store.notices(id)))).flat().filter((notice) => notice.kind === 'level');

describe('many checkpoints of one community missing in one sweep', () => {
  it('sends each recipient one grouped notice per level listing them all', async () => {
    const world = makeWorld();
    world.deps.limits = { noticesPerHour: 20, groupThreshold: 3 };
    const ids = await community(world, 5, leaderThenSecretary);
    const { result, mine } = await sweepMine(world);
    expect(mine).toHaveLength(5);
    expect(result.grouped).toContainEqual(expect.arrayContaining(mine));
    for (const escalationId of mine) await world.run(escalationId);

    const toSecretary = await world.mailsTo(world.email('secretary'));
    expect(toSecretary).toHaveLength(1);
    expect(toSecretary[0]!.subject).toContain('5 个卡点同时漏报');
    for (let i = 1; i <= 5; i += 1) expect(toSecretary[0]!.text).toContain(`${i}号门卡点`);
    expect(toSecretary[0]!.text.match(/https:\/\/api\.test\/ack\//g)).toHaveLength(5);
    // Level 1 goes to each checkpoint's own leader: one mail each, about their own checkpoint.
    for (let i = 1; i <= 5; i += 1) {
      const toLeader = await world.mailsTo(world.email(`leader${i}`));
      expect(toLeader, `leader ${i}`).toHaveLength(1);
      expect(toLeader[0]!.subject).toContain(`${i}号门卡点`);
    }
    const secretaryNotices = (await levelNotices(world, mine)).filter((notice) => notice.level === 2);
    expect(secretaryNotices.map((notice) => notice.outcome).sort()).toEqual(['grouped', 'grouped', 'grouped', 'grouped', 'sent']);
    expect(ids).toHaveLength(5);
  });

  it('sends notices one by one below the threshold', async () => {
    const world = makeWorld();
    world.deps.limits = { noticesPerHour: 20, groupThreshold: 3 };
    await community(world, 2, secretaryOnly);
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(2);
    for (const escalationId of mine) await world.run(escalationId);
    const toSecretary = await world.mailsTo(world.email('secretary'));
    expect(toSecretary).toHaveLength(2);
    expect(toSecretary.every((mail) => !mail.subject.includes('同时漏报'))).toBe(true);
  });
});

describe('an outage ending', () => {
  it('tells each person of all the checkpoints reporting again in one mail', async () => {
    const world = makeWorld();
    world.deps.limits = { noticesPerHour: 20, groupThreshold: 3 };
    const ids = await community(world, 4, policy([['secretary', 'PT0S']], 3));
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(4);
    for (const escalationId of mine) {
      // Each checkpoint's phone sends its queue once the network is back, after the first notice.
      await world.run(escalationId, async (input) => {
        if (input.action === 'advance') {
          const escalation = (await world.store.escalation(escalationId))!;
          const checkpoint = (await world.store.checkpoint(escalation.checkpointId))!;
          world.clock.advance(1000);
          await acceptReading(world.store, { checkpoint, now: world.clock.now, newId: randomUUID, body: { submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 } });
        }
      });
    }
    const before = (await world.mailsTo(world.email('secretary'))).length;
    const { result } = await sweepMine(world);
    expect(result.resolved).toEqual(expect.arrayContaining(mine));
    const mails = (await world.mailsTo(world.email('secretary'))).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('4 个卡点');
    for (let i = 1; i <= 4; i += 1) expect(mails[0]!.text).toContain(`${i}号门卡点`);
    await sweepMine(world);
    expect((await world.mailsTo(world.email('secretary'))).slice(before)).toHaveLength(1);
    expect(ids).toHaveLength(4);
  });
});

describe('the hourly cap per recipient', () => {
  it('holds what is over the cap and sends it in one digest when the hour ends, once', async () => {
    const world = makeWorld();
    world.deps.limits = { noticesPerHour: 2, groupThreshold: 100 };
    await community(world, 4, secretaryOnly);
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(4);
    for (const escalationId of mine) {
      // All four notices go out within the same hour (each run moves the clock on by its waits).
      world.clock.current = new Date('2026-11-29T04:16:00Z');
      await world.run(escalationId);
    }

    expect(await world.mailsTo(world.email('secretary'))).toHaveLength(2);
    expect((await levelNotices(world, mine)).map((notice) => notice.outcome).sort()).toEqual(['held', 'held', 'sent', 'sent']);

    world.clock.current = new Date('2026-11-29T07:00:30Z'); // the hour of the held notices is over
    await sweep(world.deps);
    await sweep(world.deps);
    const mails = await world.mailsTo(world.email('secretary'));
    expect(mails).toHaveLength(3);
    const digest = mails.find((mail) => mail.subject.includes('督办汇总'))!;
    expect(digest.subject).toContain('2 条通知');
    expect(digest.text.match(/https:\/\/api\.test\/ack\//g)).toHaveLength(2);
    const notices = await levelNotices(world, mine);
    expect(notices.map((notice) => notice.outcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(notices.filter((notice) => notice.via === 'digest')).toHaveLength(2);
  });
});
