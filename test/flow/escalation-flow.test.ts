/**
 * The escalation flow on the definition the stack deploys, over the real table (DynamoDB Local): each
 * change and the notice rows that tell of it in one transaction, written once however often a task
 * runs, a Step failing for good caught and told, flows started once by name, misses kept bounded. The
 * core sends nothing: these tests read the rows (what, to whom); the one sender's tests read the mail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { escalationCommits } from '../../functions/adapters/escalation-commits';
import { documentClient } from '../../functions/adapters/dynamo';
import { dynamoTable } from '../../functions/adapters/table';
import { StepFunctionsFlows } from '../../functions/adapters/flows';
import { acknowledge, missesOf, sweep } from '../../functions/domain/escalation';
import { linkKeys } from '../../functions/runtime/admin-key';
import { LOCAL_STATE_MACHINE_ARN, startLocalStepFunctions } from '../../local/stepfunctions';
import { createServer } from 'node:http';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { linkQuery, signLink } from '../../functions/domain/links';
import { handler as ackLinkHandler } from '../../functions/handlers/ack-link';
import { invoke } from '../helpers/events';
import { makeWorld, policy } from '../helpers/escalation';
import { useFreshTable } from '../helpers/table';
import { freePort } from '../../local/ports';

beforeAll(async () => {
  await useFreshTable();
});

const levelsOf = async (world: ReturnType<typeof makeWorld>, escalationId: string) =>
  (await world.store.notices(escalationId)).filter((n) => n.kind === 'level').map((n) => `${n.level}.${n.repeat}:${n.recipient.split('.')[0]}:${n.outcome}`).sort();

/** The rows of one kind to an address (the world's own escalations). */
const kindsTo = async (world: ReturnType<typeof makeWorld>, role: string) => (await world.rowsTo(world.email(role))).map((row) => row.kind);

describe('the escalation flow, on the definition the stack deploys', () => {
  it('stops before level 1 when the checkpoint reports first, and resolves: nobody was told, no row', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT5M']]));
    await world.report();
    await world.run(escalationId);
    expect(await levelsOf(world, escalationId)).toEqual([]);
    expect((await world.store.escalation(escalationId))!.status).toBe('resolved');
    expect(await world.rowsTo(world.email('leader'))).toEqual([]);
  });

  it('climbs to level 3, repeats the last level, then closes unresolved: each level\'s rows written with it', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 2));
    await world.run(escalationId);
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:pending', '2.0:secretary:pending', '3.0:committee:pending', '3.1:committee:pending', '3.2:committee:pending']);
    const escalation = (await world.store.escalation(escalationId))!;
    expect(escalation).toMatchObject({ status: 'unresolved', level: 3, repeats: 2 });
    expect(Date.parse(escalation.closedAt!) - Date.parse(escalation.missedDeadline)).toBeGreaterThanOrEqual(3.5 * 3_600_000 - 120_000);
    const [first] = await world.rowsTo(world.email('leader'));
    expect(first!.content!.subject).toContain('幸福家园卡点');
    expect(first!.content!.subject).toContain('鱼岳社区');
    expect(first!.content!.actions[0]!.url).toMatch(/^https:\/\/api\.test\/ack\/[0-9a-f-]+\?r=/);
    expect(await world.rowsTo(world.email('committee'))).toHaveLength(3);
  });

  it('stops at level 2 when acknowledged there, and writes the rows that tell the others who took it with the acknowledgement', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation();
    await world.run(escalationId, async (input) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 2) await acknowledge(world.deps, escalationId, world.email('secretary'));
    });
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:pending', '2.0:secretary:pending']);
    expect((await world.store.escalation(escalationId))!).toMatchObject({ status: 'acknowledged', acknowledgedBy: world.email('secretary') });
    const toLeader = await world.rowsTo(world.email('leader'));
    expect(toLeader.map((row) => row.kind)).toEqual(['level', 'acknowledgement']);
    // Who acknowledged is named as registered, not by the address their link was signed for.
    expect(toLeader[1]!.content!.subject).toMatch(/已确认.*由 社区书记 社区书记 跟进/);
    expect(await world.rowsTo(world.email('committee'))).toEqual([]);
  });

  it('issue 18: stops at level 3 when the checkpoint is paused there — no repeats — and ends it paused, a row to each level', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['onDuty', 'PT0S'], ['secretary', 'PT30M'], ['committee', 'PT1H']], 3));
    await world.run(escalationId, async (input) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 3) {
        const { name, communityId, schedule, grace, contacts } = (await world.store.checkpoint(world.checkpointId))!;
        await putCheckpoint(world.store, {
          checkpointId: world.checkpointId,
          keys: linkKeys,
          now: world.clock.now(),
          body: { name, communityId, schedule, grace, contacts, active: false, pausedReason: '小区解封' },
          actor: { kind: 'operator', keyId: 'k', name: '鱼岳社区书记' },
        });
      }
    });
    expect(await levelsOf(world, escalationId)).toEqual(['1.0:leader:pending', '2.0:secretary:pending', '3.0:committee:pending']);
    expect((await world.store.escalation(escalationId))!).toMatchObject({ status: 'paused', pausedBy: '鱼岳社区书记', pausedReason: '小区解封' });
    for (const role of ['leader', 'secretary', 'committee']) {
      const paused = (await world.rowsTo(world.email(role))).filter((row) => row.kind === 'paused');
      expect(paused.map((row) => row.content!.subject.startsWith('【已暂停】'))).toEqual([true]);
    }
    expect((await world.store.checkpoint(world.checkpointId))!.openEscalationId).toBeUndefined();
  });

  it('writes a level once when its task is retried after its transaction went through (the answer lost)', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S']]));
    let failedOnce = false;
    const inputs = await world.run(escalationId, undefined, async (input, next) => {
      const output = await next();
      if (input.action === 'step' && !failedOnce) {
        failedOnce = true;
        throw Object.assign(new Error('timed out'), { name: 'Lambda.ServiceException' });
      }
      return output;
    });
    expect(inputs.filter((i) => i.action === 'step').length).toBeGreaterThanOrEqual(3);
    expect(await kindsTo(world, 'leader')).toEqual(['level']);
    expect((await world.store.escalation(escalationId))!).toMatchObject({ status: 'unresolved', level: 1 });
  });

  it('commits a change whose row is there already (a retry, a group\'s shared row) without that row, and nothing when the escalation moved on', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    await world.run(escalationId, undefined, async (input, next) => ((await world.store.escalation(escalationId))!.level >= 1 ? { action: 'done', escalationId, reason: 'test' } : next()));
    const [row] = await world.rowsTo(world.email('leader'));
    const commits = escalationCommits(dynamoTable(documentClient(), process.env.TABLE_NAME!));
    const escalation = (await world.store.escalation(escalationId))!;
    const again = { notice: { escalationId, kind: 'level' as const, level: 1, repeat: 0, recipient: world.email('leader') }, content: { ...row!.content!, subject: 'a second copy' }, links: [] };
    const fresh = { notice: { escalationId, kind: 'level' as const, level: 1, repeat: 0, recipient: 'someone.else@example.org' }, content: row!.content!, links: [] };
    const moved = { ...escalation, repeats: 0, version: escalation.version + 1 };
    expect(await commits.commit({ escalation: moved, expectedVersion: escalation.version, rows: [again, fresh] }, world.clock.now())).toBe(true);
    const rows = await world.store.notices(escalationId);
    expect(rows.map((n) => n.recipient).sort()).toEqual([world.email('leader'), 'someone.else@example.org'].sort());
    expect((await world.rowsTo(world.email('leader')))[0]!.content!.subject).toBe(row!.content!.subject);
    // At a version no longer there: nothing written, not even a new row.
    const late = { ...fresh, notice: { ...fresh.notice, recipient: 'late@example.org' } };
    expect(await commits.commit({ escalation: { ...moved, version: moved.version + 1 }, expectedVersion: escalation.version, rows: [late] }, world.clock.now())).toBe(false);
    expect((await world.store.notices(escalationId)).map((n) => n.recipient)).not.toContain('late@example.org');
  });

  it('catches a Step that fails for good: recorded on the escalation, and the next level\'s rows say the system could not tell the one before', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    const inputs = await world.run(escalationId, undefined, async (input, next) => {
      if (input.action === 'step' && (await world.store.escalation(escalationId))!.level === 0) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
      return next();
    });
    expect(inputs.map((i) => i.action)).toContain('failed');
    expect((await world.store.escalation(escalationId))!).toMatchObject({ level: 2, failures: [{ level: 1, repeat: 0, error: 'ProvisionedThroughputExceededException' }] });
    expect(await world.rowsTo(world.email('leader'))).toEqual([]);
    const [toSecretary] = await world.rowsTo(world.email('secretary'));
    expect(JSON.stringify(toSecretary!.content!.lines)).toContain('系统：未能发出第一级的通知');
  });

  it('opens one escalation when two sweeps run at once, starts one flow (named by the escalation), and counts a further miss once', async () => {
    const fresh = makeWorld();
    await fresh.register();
    // The real client against the local Step Functions endpoint: it refuses a second execution of one name.
    const executions: string[] = [];
    const port = await freePort();
    const sfn = await startLocalStepFunctions({
      port,
      run: async (input) => {
        executions.push((input as { escalationId: string }).escalationId);
        return { action: 'done' };
      },
    });
    const endpoint = process.env.AWS_ENDPOINT_URL_SFN;
    process.env.AWS_ENDPOINT_URL_SFN = sfn.endpoint;
    try {
      const flows = new StepFunctionsFlows(LOCAL_STATE_MACHINE_ARN);
      const deps = { ...fresh.deps, flows: { start: async (id: string) => (fresh.started.push(id), flows.start(id)) } };
      const [x, y] = await Promise.all([sweep(deps), sweep(deps)]);
      const escalationId = (await fresh.store.checkpoint(fresh.checkpointId))!.openEscalationId!;
      expect([...x.opened, ...y.opened].filter((id) => id === escalationId)).toHaveLength(1);
      // The next slot is missed too: two sweeps at once count it on the open escalation, once.
      fresh.clock.advance(2 * 3_600_000);
      const [p, q] = await Promise.all([sweep(deps), sweep(deps)]);
      expect(missesOf((await fresh.store.escalation(escalationId))!).count).toBe(2);
      expect((await fresh.store.checkpoint(fresh.checkpointId))!.openEscalationId).toBe(escalationId);
      // Still at level 0 two hours on (its flow ran nothing here): the sweeps started it again, by its name: one flow.
      expect([...p.started, ...q.started]).toContain(escalationId);
      expect(fresh.started.filter((id) => id === escalationId).length).toBeGreaterThanOrEqual(2);
      // (Other tests' escalations share this table, and may be started too.) This one's ran once.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(executions.filter((id) => id === escalationId)).toHaveLength(1);
    } finally {
      if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SFN;
      else process.env.AWS_ENDPOINT_URL_SFN = endpoint;
      await sfn.stop();
    }
  });

  it('acknowledges from a link in one transaction with its rows and audit entry, and answers without posting to any robot, every robot hanging; the 【已确认】 reaches the group once when its robot answers again', async () => {
    // A group robot that takes the connection and never answers, until it answers again.
    let posts = 0;
    let hanging = true;
    const taken: string[] = [];
    const robot = createServer((request, response) => {
      posts += 1;
      if (hanging) return;
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        taken.push(String((JSON.parse(body) as { type?: unknown }).type));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(robot.address() as { port: number }).port}/hook`;
    try {
      const world = makeWorld();
      const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
      const community = (await world.store.community((await world.store.escalation(escalationId))!.communityId))!;
      await putCommunity(world.store, {
        communityId: community.communityId,
        now: world.clock.now(),
        channelRules: { allowLocal: true },
        body: { name: community.name, timezone: community.timezone, contacts: community.contacts.map(({ name, email, role }) => ({ name, ...(email && { email }), role })), ...(community.escalation && { escalation: community.escalation }), channels: [{ id: 'zhihui', kind: 'webhook', name: '指挥部群', url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', summaries: false }] },
      });
      await world.run(escalationId, undefined, async (input, next) => ((await world.store.escalation(escalationId))!.level >= 1 ? { action: 'done', escalationId, reason: 'test' } : next()));
      // The leader's link, as their row carries it (signed now: the handler checks it against the real clock).
      const [toLeader] = await world.rowsTo(world.email('leader'));
      expect(toLeader!.content!.actions[0]!.url).toContain(`/ack/${escalationId}?`);
      const query = linkQuery(signLink(await linkKeys(), 'ack', escalationId, world.email('leader'), new Date()));
      const answer = await invoke(ackLinkHandler, {
        routeKey: 'POST /ack/{escalationId}',
        pathParameters: { escalationId },
        rawBody: query,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(answer.status).toBe(200);
      expect(await world.store.escalation(escalationId)).toMatchObject({ status: 'acknowledged', acknowledgedBy: world.email('leader') });
      // Its rows were written with it: to the group told at level 1 (the leader took it from their own mail).
      const rows = (await world.store.notices(escalationId)).filter((n) => n.kind === 'acknowledgement');
      expect(rows.map((n) => [n.recipient, n.outcome])).toEqual([[`chat:community/${community.communityId}/zhihui`, 'pending']]);
      const audit = await world.store.auditEntries({ communityIds: [community.communityId], from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000), limit: 10 });
      expect(audit.items).toMatchObject([{ action: 'escalation.acknowledged', escalationId, actor: { kind: 'link', name: world.email('leader') } }]);
      expect(posts).toBe(0);

      // The sender's run meets the robot hanging: the post is cut, the row waits to be tried again.
      await world.deliver();
      expect(posts).toBe(1);
      expect((await world.store.notices(escalationId)).find((n) => n.kind === 'acknowledgement')).toMatchObject({ outcome: 'pending', attempts: 1 });
      // The robot answers again; a run once the row's wait is over sends it, once.
      hanging = false;
      world.clock.advance(5 * 60_000);
      await world.deliver();
      await world.deliver();
      expect(taken).toEqual(['escalation.acknowledged']);
      expect((await world.store.notices(escalationId)).find((n) => n.kind === 'acknowledgement')).toMatchObject({ outcome: 'sent' });
    } finally {
      robot.closeAllConnections();
      await new Promise((resolve) => robot.close(resolve));
    }
  });

  it('keeps a PT30S gate silent for days in one bounded item: its misses counted, never listed', async () => {
    const world = makeWorld();
    await world.register();
    const { name, communityId, contacts } = (await world.store.checkpoint(world.checkpointId))!;
    await putCheckpoint(world.store, { checkpointId: world.checkpointId, keys: linkKeys, now: world.clock.now(), body: { name, communityId, schedule: { every: 'PT30S' }, grace: 'PT0S', contacts, active: true } });
    world.clock.advance(60_000);
    await sweep(world.deps);
    const escalationId = (await world.store.checkpoint(world.checkpointId))!.openEscalationId!;
    await acknowledge(world.deps, escalationId, 'admin');
    const sizeOf = async () => JSON.stringify(await world.store.escalation(escalationId)).length;
    const before = await sizeOf();
    // Six days, swept every two hours (each sweep catches up on the slots since the last).
    for (let sweeps = 0; sweeps < 72; sweeps += 1) {
      world.clock.advance(2 * 3_600_000);
      await sweep(world.deps);
    }
    const escalation = (await world.store.escalation(escalationId))!;
    expect(missesOf(escalation).count).toBeGreaterThan(6 * 24 * 120 - 10);
    expect(escalation.missedSlots).toBeUndefined();
    // The same size, give or take the digits of the count: nowhere near DynamoDB's 400 KB.
    expect((await sizeOf()) - before).toBeLessThan(16);
  });
});
