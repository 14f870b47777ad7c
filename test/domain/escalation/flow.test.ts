/**
 * The escalation flow's steps (check, send, advance) over the port fakes: who is told at each level,
 * that nobody is told twice, and what happens when the mail service or a robot does not take a notice.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryDeferred, DeliveryRefused, flowSend, flowSendFailed, type NoticeTask } from '../../../functions/domain/escalation';
import { flowCheck } from '../../../functions/domain/escalation';
import { email, levelOf, makeWorld, policy } from './world';

const three = policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 2);

describe('the escalation flow', () => {
  it('tells each level its people once, repeats the last level, then closes unresolved', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: three });
    await world.run(escalationId!);

    expect(world.notifier.to(email('leader')).map((n) => levelOf(n.content))).toEqual([1]);
    expect(world.notifier.to(email('secretary')).map((n) => levelOf(n.content))).toEqual([2]);
    expect(world.notifier.to(email('committee')).map((n) => `${levelOf(n.content)}.${n.content.facts.repeat}`)).toEqual(['3.0', '3.1', '3.2']);
    expect(await world.levelNotices(escalationId!)).toEqual([
      `1.0:${email('leader')}:sent`,
      `2.0:${email('secretary')}:sent`,
      `3.0:${email('committee')}:sent`,
      `3.1:${email('committee')}:sent`,
      `3.2:${email('committee')}:sent`,
    ]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'unresolved', level: 3, repeats: 2 });
    // 30 minutes to level 2, an hour to level 3, two repeats an hour apart.
    expect(world.now().getTime() - Date.parse('2026-11-29T04:15:00Z')).toBeGreaterThanOrEqual(3.5 * 3_600_000);
    expect((await world.store.checkpoint('gate'))?.openEscalationId).toBeUndefined();
  });

  it('puts in each level notice the checkpoint, the level and a link that acknowledges this escalation', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    await world.run(escalationId!);
    const [notice] = world.notifier.to(email('leader'));
    expect(notice!.to).toEqual({ medium: 'mail', address: email('leader') });
    expect(notice!.content).toMatchObject({ type: 'escalation.notice', facts: { escalationId, checkpointId: 'gate', level: 1, repeat: 0 } });
    expect(notice!.content.actions[0]!.url).toMatch(new RegExp(`^https://api\\.test/ack/${escalationId}\\?`));
    expect(notice!.content.subject).toContain('1号门卡点');
  });

  it('never sends a notice twice when its task runs again after sending', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    const check = await flowCheck(world.deps, escalationId!);
    if (check.action !== 'notify') throw new Error(`expected notices, got ${check.action}`);
    const [task] = check.notices;
    expect(await world.send(task!)).toBe('sent');
    // The invocation was lost after the mail went out: Step Functions runs the task again.
    expect(await world.send(task!)).toBe('duplicate');
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
  });

  it('sends a notice the service refused twice on the third attempt, once', async () => {
    const world = makeWorld();
    let refusals = 0;
    world.notifier.refuse = () => (refusals++ < 2 ? new DeliveryDeferred('throttled') : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]) });
    await world.run(escalationId!);
    expect(world.notifier.tried).toHaveLength(3);
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
    expect(await world.store.notices(escalationId!)).toMatchObject([{ kind: 'level', outcome: 'sent', attempts: 3 }]);
  });

  it('keeps a notice the service does not take, tells the next level so, and sends it once when the service is back', async () => {
    const world = makeWorld();
    let down = true;
    world.notifier.refuse = (to) => (down && to.address === email('leader') ? new DeliveryDeferred('mail service unavailable') : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    let whileDown: string[] = [];
    await world.run(escalationId!, async (step) => {
      if (step.action === 'advance' && step.level === 2) whileDown = await world.levelNotices(escalationId!);
    });
    expect(whileDown).toEqual([`1.0:${email('leader')}:deferred`, `2.0:${email('secretary')}:sent`]);
    const [toSecretary] = world.notifier.to(email('secretary'));
    // The leader is named to the secretary as a person, by role and name, not by address.
    expect(JSON.stringify(toSecretary!.content.lines)).toContain('卡点组长 组长1');

    expect(world.notifier.to(email('leader'))).toEqual([]);
    down = false;
    await world.sweep();
    await world.sweep();
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:sent`, `2.0:${email('secretary')}:sent`]);
  });

  it('records a notice the service refuses for good as failed, tries it once, and names it to the next level', async () => {
    const world = makeWorld();
    world.notifier.refuse = (to) => (to.address === email('leader') ? new DeliveryRefused('no such mailbox') : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    await world.run(escalationId!);
    expect(world.notifier.tried.filter((n) => n.to.address === email('leader'))).toHaveLength(1);
    expect(await world.levelNotices(escalationId!)).toEqual([`1.0:${email('leader')}:failed`, `2.0:${email('secretary')}:sent`]);
    expect(JSON.stringify(world.notifier.to(email('secretary'))[0]!.content.lines)).toContain('卡点组长 组长1');
    await world.sweep();
    expect(world.notifier.tried.filter((n) => n.to.address === email('leader'))).toHaveLength(1);
  });

  it('does not lose a notice when the table fails while it is being sent: the outbox sends it, once', async () => {
    const world = makeWorld();
    const countNotice = world.store.countNotice.bind(world.store);
    let faults = 1;
    world.store.countNotice = async (...args) => {
      if (faults-- > 0) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
      return countNotice(...args);
    };
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    await world.run(escalationId!, undefined, { untilWait: true });
    expect(world.notifier.to(email('leader'))).toHaveLength(0);
    world.advance(60_000);
    await world.sweep();
    await world.sweep();
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
    expect((await world.store.notices(escalationId!)).find((n) => n.recipient === email('leader'))).toMatchObject({ outcome: 'sent', via: 'retry' });
  });

  it('tells nobody twice when the task fails after the notice went (its outcome not written): the notice stands as sent', async () => {
    const world = makeWorld();
    const markNotice = world.store.markNotice.bind(world.store);
    let failAfterSending = true;
    world.store.markNotice = async (notice, outcome, detail) => {
      await markNotice(notice, outcome, detail);
      if (outcome === 'sent' && failAfterSending) {
        failAfterSending = false;
        throw new Error('the task timed out');
      }
    };
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    await world.run(escalationId!, undefined, { untilWait: true });
    world.advance(60_000);
    await world.sweep();
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
  });

  it('puts a notice in the outbox once when its task fails after the robot\'s pace had already put it there', async () => {
    const world = makeWorld();
    world.notifier.limit = (to) => (to.medium === 'chat' ? 1 : undefined);
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S']]), channels: [wecom] });
    const sent: NoticeTask[] = [];
    await world.run(escalationId!, (step) => void (step.action === 'send' && sent.push(step.notice)), { untilWait: true });
    const paced = sent.filter((task) => task.recipient.startsWith('chat:')).at(-1)!;
    expect(paced.level).toBe(2);
    // The task's Lambda timed out after the pace had parked the notice: the state machine records the failure.
    await flowSendFailed(world.deps, paced, 'States.Timeout');
    expect((await world.store.dueOutbox(new Date(world.now().getTime() + 60_000))).filter((entry) => entry.recipient === paced.recipient)).toHaveLength(1);
    world.advance(60_000);
    await world.sweep();
    world.advance(60_000);
    await world.sweep();
    expect(world.notifier.sent.filter((n) => n.to.medium === 'chat' && levelOf(n.content) === 2)).toHaveLength(1);
  });

  it('sends a notice whose claim was left by a sender that died, rather than count it as told', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    const check = await flowCheck(world.deps, escalationId!);
    if (check.action !== 'notify') throw new Error(`expected notices, got ${check.action}`);
    const task: NoticeTask = check.notices.find((n) => n.recipient === email('leader'))!;
    // A first attempt claimed the notice and died before it sent anything.
    await world.store.claimNotice({ escalationId: task.escalationId, kind: 'level', level: task.level, repeat: task.repeat, recipient: task.recipient }, world.now());
    expect(await world.send(task)).toBe('failed'); // its retries meet the claim, then the outbox has it
    world.advance(60_000);
    await world.sweep();
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
    // A task run again once the claim is stale sends nothing more.
    world.advance(10 * 60_000);
    expect(await flowSend(world.deps, task)).toBe('duplicate');
    expect(world.notifier.to(email('leader'))).toHaveLength(1);
  });

  it('records a notice waiting in the outbox as failed when the service then refuses it for good, with that reason, and tries it no more', async () => {
    const world = makeWorld();
    let answer: Error = new DeliveryDeferred('rate limited', 60);
    world.notifier.refuse = (to) => (to.address === email('leader') ? answer : undefined);
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]) });
    await world.run(escalationId!, undefined, { untilWait: true });
    answer = new DeliveryRefused('key invalid');
    for (let minute = 0; minute < 5; minute += 1) {
      world.advance(60_000);
      await world.sweep();
    }
    expect(world.notifier.tried.filter((n) => n.to.address === email('leader')).length).toBe(6); // the flow's five, the sweep's one
    expect((await world.store.notices(escalationId!)).find((n) => n.recipient === email('leader'))).toMatchObject({ outcome: 'failed', error: 'key invalid' });
    expect(await world.store.dueOutbox(world.now())).toEqual([]);
  });

  it('stops before the next level when the checkpoint reports in between, and resolves', async () => {
    const world = makeWorld();
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) });
    const checks = await world.run(escalationId!, async (step) => {
      if (step.action === 'advance' && step.level === 1) await world.report();
    });
    expect(checks.at(-1)).toMatchObject({ action: 'stop', reason: 'reported' });
    expect(world.notifier.to(email('secretary'))).toEqual([]);
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'resolved' });
  });

  it('paces two channels registered with one robot\'s URL as the one robot they are', async () => {
    const world = makeWorld();
    world.notifier.limit = (to) => (to.medium === 'chat' ? 1 : undefined);
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k';
    const channels = [
      { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url, summaries: true },
      { id: 'again', kind: 'wecom' as const, name: '指挥部群（又登记一次）', url, summaries: true },
    ];
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S']]), channels });
    await world.run(escalationId!, undefined, { untilWait: true });
    const postedAt = () => world.notifier.sent.filter((n) => n.to.medium === 'chat').map(() => world.now().toISOString());
    expect(postedAt()).toHaveLength(1);
    world.advance(60_000);
    await world.sweep();
    expect(postedAt()).toHaveLength(2);
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
      `1.0:${email('leader')}:sent`,
      '2.0:unreached:channel:gone:failed',
      '2.0:unreached:社区书记 (13800000001):failed',
      `3.0:${email('committee')}:sent`,
    ]);
    const [toCommittee] = world.notifier.to(email('committee'));
    const said = JSON.stringify(toCommittee!.content);
    expect(said).toContain('社区书记 (13800000001)：无邮箱，也没有群接收本级通知');
    expect(said).toContain('channel:gone：没有登记这个群');
  });

  it('does not count a person with a mobile only as unreached when a group hears the level: the group @mentions them', async () => {
    const world = makeWorld();
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const contacts = [{ name: '社区书记', mobile: '13800000001', role: 'secretary' as const }];
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]), channels: [wecom], contacts });
    await world.run(escalationId!);
    expect((await world.levelNotices(escalationId!)).filter((n) => n.includes('unreached'))).toEqual([]);
  });

  it('tells a community\'s group chat at every level, @mentioning the level\'s people, and paces a robot to its minute', async () => {
    const world = makeWorld();
    world.notifier.limit = (to) => (to.medium === 'chat' ? 1 : undefined);
    const wecom = { id: 'zhihui', kind: 'wecom' as const, name: '指挥部群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', summaries: true };
    const contacts = [{ name: '社区书记', email: email('secretary'), mobile: '13800000001', role: 'secretary' as const }];
    const [escalationId] = await world.miss({ escalation: policy([['leader', 'PT0S'], ['secretary', 'PT0S']]), channels: [wecom], contacts });
    await world.run(escalationId!);

    const levelsInGroup = () => world.notifier.sent.filter((n) => n.to.medium === 'chat' && n.content.type === 'escalation.notice');
    // Level 2 came in the same minute as level 1: the robot takes one a minute, so it waits in the outbox.
    expect(levelsInGroup().map((n) => levelOf(n.content))).toEqual([1]);
    world.advance(60_000);
    await world.sweep();
    const told = levelsInGroup();
    expect(told.map((n) => levelOf(n.content))).toEqual([1, 2]);
    expect(told[1]!.to).toMatchObject({ medium: 'chat', channel: { kind: 'wecom', id: 'zhihui' } });
    expect(told[1]!.content.mentions.mobiles).toEqual(['13800000001']);
    expect(await world.levelNotices(escalationId!)).toContain(`2.0:${told[1]!.to.address}:sent`);
  });
});
