/**
 * Alert storms: many checkpoints of one community missing in one sweep (a mobile network outage) must
 * not become dozens of mails. Their recipients get one grouped row per level (the group's, which the
 * first member to open the level writes; every member's own is written told within it), and an
 * outage's end writes a resolution row per checkpoint and person, all pending for the one address in
 * the same minute, which the one sender bundles into one message. On the real table and the state
 * machine definition the stack deploys. (The hourly cap is the sender's: its tests hold it.)
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

/** The rows the sender sends to an address (not those told within a group's row), of this world's escalations and groups. */
const rowsTo = async (world: World, role: string) => {
  const own = (await world.rowsTo(world.email(role))).filter((row) => row.outcome !== 'grouped');
  const groups = [...new Set((await world.rowsTo(world.email(role))).flatMap((row) => (row.groupedInto ? [row.groupedInto] : [])))];
  const shared = (await Promise.all(groups.map((id) => world.store.notices(id)))).flat().filter((row) => row.recipient.toLowerCase() === world.email(role).toLowerCase());
  return [...own, ...(shared as typeof own)];
};

describe('many checkpoints of one community missing in one sweep', () => {
  it('writes each recipient one grouped row per level listing them all', async () => {
    const world = makeWorld();
    world.deps.groupThreshold = 3;
    const ids = await community(world, 5, leaderThenSecretary);
    const { result, mine } = await sweepMine(world);
    expect(mine).toHaveLength(5);
    expect(result.grouped).toContainEqual(expect.arrayContaining(mine));
    for (const escalationId of mine) await world.run(escalationId);

    const toSecretary = await rowsTo(world, 'secretary');
    expect(toSecretary).toHaveLength(1);
    const said = toSecretary[0] as unknown as { content: { subject: string; lines: unknown[]; actions: { url: string }[] }; links: unknown[] };
    expect(said.content.subject).toContain('5 个卡点同时漏报');
    for (let i = 1; i <= 5; i += 1) expect(JSON.stringify(said.content.lines)).toContain(`${i}号门卡点`);
    expect(said.content.actions.filter((action) => action.url.startsWith('https://api.test/ack/'))).toHaveLength(5);
    expect(said.links).toHaveLength(5);
    // Level 1 goes to each checkpoint's own leader: one row each, about their own checkpoint.
    for (let i = 1; i <= 5; i += 1) {
      const toLeader = await rowsTo(world, `leader${i}`);
      expect(toLeader, `leader ${i}`).toHaveLength(1);
      expect((toLeader[0] as unknown as { content: { subject: string } }).content.subject).toContain(`${i}号门卡点`);
    }
    const secretaryNotices = (await levelNotices(world, mine)).filter((notice) => notice.level === 2);
    expect(secretaryNotices.map((notice) => notice.outcome)).toEqual(['grouped', 'grouped', 'grouped', 'grouped', 'grouped']);
    expect(ids).toHaveLength(5);
  });

  it('writes one shared row per level and recipient when the members\' flows open the level at once (the transactions that find it there written again without it)', async () => {
    const world = makeWorld();
    world.deps.groupThreshold = 3;
    await community(world, 6, leaderThenSecretary);
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(6);
    // Every member's flow at once, each to the end of level 2 (the secretary's, shared).
    const untilLevel2 = (escalationId: string) =>
      world.run(escalationId, undefined, async (input, next) => ((await world.store.escalation(escalationId))!.level >= 2 ? { action: 'done', escalationId, reason: 'test' } : next()));
    await Promise.all(mine.map(untilLevel2));
    for (const escalationId of mine) expect((await world.store.escalation(escalationId))!.level).toBe(2);
    const toSecretary = await rowsTo(world, 'secretary');
    expect(toSecretary).toHaveLength(1);
    const own = (await levelNotices(world, mine)).filter((notice) => notice.level === 2);
    expect(own.map((notice) => notice.outcome)).toEqual(['grouped', 'grouped', 'grouped', 'grouped', 'grouped', 'grouped']);
  });

  it('writes rows one by one below the threshold', async () => {
    const world = makeWorld();
    world.deps.groupThreshold = 3;
    await community(world, 2, secretaryOnly);
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(2);
    for (const escalationId of mine) await world.run(escalationId);
    const toSecretary = await rowsTo(world, 'secretary');
    expect(toSecretary).toHaveLength(2);
    expect(toSecretary.every((row) => !(row as unknown as { content: { subject: string } }).content.subject.includes('同时漏报'))).toBe(true);
  });
});

describe('an outage ending', () => {
  it('writes each person a resolution row per checkpoint reporting again, pending together for the sender to bundle, once', async () => {
    const world = makeWorld();
    world.deps.groupThreshold = 3;
    const ids = await community(world, 4, policy([['secretary', 'PT0S']], 3));
    const { mine } = await sweepMine(world);
    expect(mine).toHaveLength(4);
    for (const escalationId of mine) {
      // Each checkpoint's phone sends its queue once the network is back, after the first notice.
      await world.run(escalationId, async (input) => {
        if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 1) {
          const escalation = (await world.store.escalation(escalationId))!;
          const checkpoint = (await world.store.checkpoint(escalation.checkpointId))!;
          world.clock.advance(1000);
          await acceptReading(world.store, { checkpoint, now: world.clock.now, newId: randomUUID, body: { submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 } });
        }
      });
    }
    const resolutions = async () => (await world.rowsTo(world.email('secretary'))).filter((row) => row.kind === 'resolution');
    // The flows found the readings first (or the sweep does): each resolved once, its row with it.
    await sweepMine(world);
    await sweepMine(world);
    for (const escalationId of mine) expect((await world.store.escalation(escalationId))!.status).toBe('resolved');
    const rows = await resolutions();
    expect(rows.map((row) => row.escalationId).sort()).toEqual([...mine].sort());
    expect(rows.every((row) => row.outcome === 'pending')).toBe(true);
    for (let i = 1; i <= 4; i += 1) expect(rows.some((row) => row.content!.subject.includes(`${i}号门卡点`))).toBe(true);
    expect(ids).toHaveLength(4);
  });
});
