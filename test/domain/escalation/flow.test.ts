/**
 * The escalation flow — the rendered state machine, Step after Step — over the port fakes: who each
 * level's rows go to, that a Step run again writes nothing twice, that a Step failing for good is
 * caught, recorded and told to the next level, and whom a level cannot reach. The core sends nothing:
 * each test reads the rows it wrote (what, to whom), which the one sender sends.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../../functions/domain/escalation';
import { runFlowTask } from '../../../functions/handlers/escalation-flow';
import { email, levelOf, makeWorld, policy } from './world';

const three = policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 2);

describe('the escalation flow', () => {
  it('opens each level with a row to each of its people, repeats the last level, then closes unresolved', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: three });
    await world.run(escalationId!);

    expect(world.told(email('leader')).map((row) => levelOf(row.content))).toEqual([1]);
    expect(world.told(email('secretary')).map((row) => levelOf(row.content))).toEqual([2]);
    expect(world.told(email('committee')).map((row) => `${levelOf(row.content)}.${row.content.facts.repeat}`)).toEqual(['3.0', '3.1', '3.2']);
    expect(await world.levelNotices(escalationId!)).toEqual([
      `1.0:${email('leader')}:pending`,
      `2.0:${email('secretary')}:pending`,
      `3.0:${email('committee')}:pending`,
      `3.1:${email('committee')}:pending`,
      `3.2:${email('committee')}:pending`,
    ]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'unresolved', level: 3, repeats: 2, notified: [email('leader'), email('secretary'), email('committee')] });
    // 30 minutes to level 2, an hour to level 3, two repeats an hour apart.
    expect(world.now().getTime() - Date.parse('2026-11-29T04:15:00Z')).toBeGreaterThanOrEqual(3.5 * 3_600_000);
    expect((await world.store.checkpoint('gate'))?.openEscalationId).toBeUndefined();
  });

  it('writes each level row with the checkpoint, the level and a link that acknowledges this escalation', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    await world.run(escalationId!);
    const [row] = world.told(email('leader'));
    expect(row!.content).toMatchObject({ type: 'escalation.notice', facts: { escalationId, checkpointId: 'gate', level: 1, repeat: 0, missed: { count: 1 } } });
    expect(row!.content.actions[0]!.url).toMatch(new RegExp(`^https://api\\.test/ack/${escalationId}\\?`));
    expect(row!.links).toEqual([{ label: '1号门卡点', url: row!.content.actions[0]!.url }]);
    expect(row!.content.subject).toContain('1号门卡点');
  });

  it('writes a level once when its Step runs again (its answer lost): the second finds it opened, and waits', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    expect(await step(world.deps, escalationId!)).toMatchObject({ action: 'wait', waitSeconds: 1800 });
    expect(await step(world.deps, escalationId!)).toMatchObject({ action: 'wait' });
    expect(world.told(email('leader'))).toHaveLength(1);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ level: 1, version: 1 });
  });

  it('opens a level and writes its rows in one change: an acknowledgement between the read and the write wins, and no row is written', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    const commit = world.store.commit;
    let raced = false;
    world.store.commit = async (change, now) => {
      // Between the Step's read and its write, someone acknowledges.
      if (!raced && change.rows.some((row) => row.notice.kind === 'level')) {
        raced = true;
        await world.acknowledge(escalationId!, 'admin');
      }
      return commit(change, now);
    };
    world.deps.store.commit = world.store.commit;
    const answers = await world.run(escalationId!);
    expect(answers.at(-1)).toMatchObject({ action: 'done', reason: 'acknowledged' });
    expect(await world.levelNotices(escalationId!)).toEqual([]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'acknowledged', level: 0 });
  });

  it('catches a Step that fails for good: recorded on the escalation, the flow goes on, and the next level\'s rows say the system could not tell the level before', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    const seen: string[] = [];
    await world.run(escalationId!, (input) => void seen.push(input.action), {
      // Level 1 cannot be opened at all (every try of its Step fails); level 2 can.
      wrap: async (input, next) => {
        const escalation = (await world.store.escalation(escalationId!))!;
        if (input.action === 'step' && escalation.level === 0) throw new Error('the table is unavailable');
        return next();
      },
    });
    // Tried (the first and its six retries), then caught by Record failure, which moved past level 1.
    expect(seen.filter((action) => action === 'step').length).toBeGreaterThanOrEqual(7);
    expect(seen).toContain('failed');
    const escalation = (await world.store.escalation(escalationId!))!;
    expect(escalation).toMatchObject({ status: 'unresolved', level: 2, failures: [{ level: 1, repeat: 0, error: 'Error' }] });
    expect(world.told(email('leader'))).toEqual([]);
    const [toSecretary] = world.told(email('secretary'));
    expect(JSON.stringify(toSecretary!.content.lines)).toContain('系统：未能发出第一级的通知');
  });

  it('stops before the next level when the checkpoint reports in between: resolved, with a resolution row to everyone told', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    const answers = await world.run(escalationId!, async (input) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId!))!.level === 1) await world.report();
    });
    expect(answers.at(-1)).toMatchObject({ action: 'done', reason: 'reported' });
    expect(world.told(email('secretary'))).toEqual([]);
    expect(world.told(email('leader')).map((row) => row.content.type)).toEqual(['escalation.notice', 'escalation.resolved']);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
  });

  it('names to the next level, with why, a person it could not reach (a mobile only, and no group hears the level) and a channel that is not registered', async () => {
    const world = makeWorld();
    const contacts = [
      { name: '社区书记', mobile: '13800000001', role: 'secretary' as const },
      { name: '大党委书记', email: email('committee'), role: 'committee' as const },
    ];
    const escalation = { levels: [{ notify: ['leader'], after: 'PT0S' }, { notify: ['secretary', 'channel:gone'], after: 'PT30M' }, { notify: ['committee'], after: 'PT1H' }], repeatEvery: 'PT1H', maxRepeats: 0 };
    const [escalationId] = await world.miss({ escalation, contacts });
    await world.run(escalationId!);
    expect(await world.levelNotices(escalationId!)).toEqual([
      `1.0:${email('leader')}:pending`,
      '2.0:unreached:channel:gone:failed',
      '2.0:unreached:社区书记 (13800000001):failed',
      `3.0:${email('committee')}:pending`,
    ]);
    const [toCommittee] = world.told(email('committee'));
    const said = JSON.stringify(toCommittee!.content);
    expect(said).toContain('社区书记 (13800000001)：无邮箱，也没有群接收本级通知');
    expect(said).toContain('channel:gone：没有登记这个群');
  });

  it('names to the next level a row the sender recorded failed (a robot refusing for good), with why', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    await world.run(escalationId!, async (input) => {
      const escalation = (await world.store.escalation(escalationId!))!;
      if (input.action !== 'step' || escalation.level !== 1) return;
      // What the sender records when the service refuses the row for good.
      const row = world.table.notices.get(escalationId!)!.values().next().value!;
      Object.assign(row, { outcome: 'failed', error: '地址或密钥无效 / the address or key is not valid' });
    });
    const [toSecretary] = world.told(email('secretary'));
    expect(JSON.stringify(toSecretary!.content.lines)).toContain('卡点组长 组长1');
  });

  it('does not count a person with a mobile only as unreached when a group hears the level: the group @mentions them', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const contacts = [{ name: '社区书记', mobile: '13800000001', role: 'secretary' as const }];
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]), channels: [wecom], contacts });
    await world.run(escalationId!);
    expect((await world.levelNotices(escalationId!)).filter((n) => n.includes('unreached'))).toEqual([]);
  });

  it('tells a community\'s group chat at every level, @mentioning the level\'s people', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const contacts = [{ name: '社区书记', email: email('secretary'), mobile: '13800000001', role: 'secretary' as const }];
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S']]), channels: [wecom], contacts });
    await world.run(escalationId!);
    const group = 'chat:community/yuyue/zhihui';
    const told = world.told(group).filter((row) => row.content.type === 'escalation.notice');
    // Both levels are written at once (PT0S): the sender paces the robot, not the core.
    expect(told.map((row) => levelOf(row.content))).toEqual([1, 2]);
    expect(told[1]!.content.mentions.mobiles).toEqual(['13800000001']);
    expect(await world.levelNotices(escalationId!)).toContain(`2.0:${group}:pending`);
  });

  it('answers an execution started before the Step (its Check) as a Step: the level opened with its rows, then wait', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    expect(await runFlowTask(world.deps, { action: 'check', escalationId: escalationId! })).toMatchObject({ action: 'wait', waitSeconds: 1800 });
    expect(world.told(email('leader'))).toHaveLength(1);
  });
});
