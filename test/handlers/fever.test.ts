/**
 * A fever alert end to end through the real handlers on DynamoDB Local (docs/fever.md): a fever reading
 * posted to the form's route opens it in its own write; the flow (the rendered state machine, its Wait
 * lasting no time but moving the clock) tells level 1 at once — the gate's leader, the community's
 * secretary and its group — in the fever's own words with its handling link; nobody handling it, it
 * climbs and ends unhandled; handled from the group's link with what was done, it stops and everyone
 * told hears 【已处置】; the links are bound to their kind both ways; the day's summary counts it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatAddress } from '../../functions/domain/escalation';
import { sweep } from '../../functions/domain/escalation';
import { ackPurpose, linkQuery, signLink } from '../../functions/domain/links';
import type { Escalation } from '../../functions/domain/model';
import { currentFormToken, putCommunity } from '../../functions/domain/registry';
import { handler as ackEscalation } from '../../functions/handlers/ack-escalation';
import { handler as ackLink } from '../../functions/handlers/ack-link';
import { handler as ackPage } from '../../functions/handlers/ack-page';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as feverHandle } from '../../functions/handlers/fever-handle';
import { handler as feverPage } from '../../functions/handlers/fever-page';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { linkKeys } from '../../functions/runtime/admin-key';
import { makeWorld, type NoticeRecordRead, type World } from '../helpers/escalation';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=fever-test';

beforeAll(async () => {
  await useFreshTable();
  // No state machine here: the reading's start of the flow fails, and the reading is stored all the same.
  delete process.env.STATE_MACHINE_ARN;
});

/** A world whose community has a WeCom group (指挥部群), its gate registered. */
const feverWorld = async (): Promise<World & { group: string; formToken: string }> => {
  const world = makeWorld();
  await world.register();
  const communityId = `co-${world.id}`;
  await putCommunity(world.store, {
    communityId,
    now: world.clock.now(),
    body: {
      name: '鱼岳社区',
      timezone: 'Asia/Shanghai',
      contacts: [
        { name: '社区书记', email: world.email('secretary'), role: 'secretary' },
        { name: '大党委书记', email: world.email('committee'), role: 'committee' },
      ],
      channels: [{ id: 'zhihui', kind: 'wecom', name: '指挥部群', url: WECOM, summaries: true }],
    },
  });
  const checkpoint = (await world.store.checkpoint(world.checkpointId))!;
  return Object.assign(world, { group: chatAddress('community', communityId, 'zhihui'), formToken: currentFormToken(await linkKeys(), checkpoint)! });
};

const postFever = (world: { checkpointId: string; formToken: string }, tempC = 38.2, submissionId: string = randomUUID()) =>
  invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId: world.checkpointId },
    token: world.formToken,
    body: { submissionId, officer: '张三', screened: 30, entries: 20, exits: 10, feverCount: 1, maxTempC: tempC, feverCases: [{ tempC, direction: 'in', note: '王某某' }] },
  });

const alertOf = async (world: World): Promise<Escalation> => {
  const checkpoint = (await world.store.checkpoint(world.checkpointId))!;
  return (await world.store.escalation(checkpoint.feverAlertId!))!;
};

const linkFrom = (row: NoticeRecordRead): URL => new URL(row.links![0]!.url);
const query = (url: URL) => Object.fromEntries(url.searchParams);

describe('a fever reading', () => {
  it('is stored (201, 已通知社区) even when its flow cannot start; the sweep starts the alert still at level 0 within the minute', async () => {
    const world = await feverWorld();
    const answer = await postFever(world);
    expect(answer.status, answer.text).toBe(201);
    expect(answer.json.feverAlert).toBe(true);
    const alert = await alertOf(world);
    expect(alert).toMatchObject({ cause: 'fever', status: 'open', level: 0 });
    world.clock.current = new Date(Date.now() + 60_000);
    await sweep(world.deps);
    expect(world.started).toContain(alert.escalationId);
    // Sent again (the form's outbox, its answer lost): the same receipt, nothing new opened.
    const again = await postFever(world, 38.2, (await world.store.listReadings({ checkpointId: world.checkpointId, from: new Date(0), to: new Date(Date.now() + 60_000), limit: 10 })).items[0]!.submissionId);
    expect(again.status).toBe(200);
    expect(again.json.feverAlert).toBe(true);
    expect((await alertOf(world)).cases).toHaveLength(1);
  });
});

describe('the fever flow', () => {
  it('tells level 1 at once to the leader, the secretary and the group in its own words; nobody handling it, it climbs on the fever policy and ends unhandled, the group told so', async () => {
    const world = await feverWorld();
    await postFever(world);
    const alert = await alertOf(world);
    world.started.push(alert.escalationId);
    world.clock.current = new Date();
    const opened = world.clock.now().getTime();
    await world.run(alert.escalationId);

    const leader = await world.rowsTo(world.email('leader'));
    expect(leader).toHaveLength(1);
    expect(leader[0]!.content!.title).toMatch(/^【发热预警】幸福家园卡点（鱼岳社区）发现发热 1 人/);
    expect(JSON.stringify(leader[0]!.content)).toContain('38.2°C（进）');
    expect(JSON.stringify(leader[0]!.content)).not.toMatch(/王某某|张三|督办/);
    expect(linkFrom(leader[0]!).pathname).toBe(`/fever/${alert.escalationId}`);

    // The secretary: level 1, again at level 2; the committee from level 3 and its repeats.
    const secretary = (await world.rowsTo(world.email('secretary'))).filter((row) => row.kind === 'level');
    expect(secretary.map((row) => row.level)).toEqual([1, 2]);
    expect(secretary[1]!.content!.title).toMatch(/^【发热预警·第二级】/);
    const committee = (await world.rowsTo(world.email('committee'))).filter((row) => row.kind === 'level');
    expect(committee.map((row) => [row.level, row.repeat])).toEqual([[3, 0], [3, 1], [3, 2], [3, 3]]);

    const group = await world.rowsTo(world.group);
    expect(group.filter((row) => row.kind === 'level').map((row) => row.level)).toEqual([1, 2, 3, 3, 3, 3]);
    const last = group.at(-1)!;
    expect(last.kind).toBe('unresolved');
    expect(last.content!.title).toMatch(/^【发热预警未处置】/);
    expect(JSON.stringify(group.map((row) => row.content))).not.toMatch(/督办|未报|漏报/);

    const ended = (await world.store.escalation(alert.escalationId))!;
    expect(ended.status).toBe('unresolved');
    // 10 + 20 minutes to level 3, then three repeats 30 minutes apart.
    expect(Date.parse(ended.closedAt!) - opened).toBeGreaterThanOrEqual((10 + 20 + 3 * 30) * 60_000);
    // A reading later does not end it, nor did the reading that opened it.
    expect(ended.resolvedAt).toBeUndefined();
  });

  it('stops when someone handles it from the group link with what was done: 【已处置】 to everyone told, people and the group', async () => {
    const world = await feverWorld();
    await postFever(world);
    const alert = await alertOf(world);
    world.started.push(alert.escalationId);
    world.clock.current = new Date();
    let steps = 0;
    let handled: { status: number; text: string } | undefined;
    await world.run(alert.escalationId, async (input) => {
      if (input.action !== 'step' || (steps += 1) !== 2) return;
      // Level 1 is told; before level 2, 王丽 handles it from the group's link.
      const [row] = (await world.rowsTo(world.group)).filter((r) => r.kind === 'level');
      const url = linkFrom(row!);
      const page = await invoke(feverPage, { routeKey: 'GET /fever/{alertId}', pathParameters: { alertId: alert.escalationId }, query: query(url) });
      expect(page.status).toBe(200);
      expect(page.text).toContain('38.2°C（进）');
      handled = await invoke(feverHandle, {
        routeKey: 'POST /fever/{alertId}',
        pathParameters: { alertId: alert.escalationId },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        rawBody: new URLSearchParams({ ...query(url), by: '王丽', action: 'clinic' }).toString(),
      });
    });
    expect(handled?.status, handled?.text).toBe(200);
    expect(handled!.text).toContain('已登记处置');

    const after = (await world.store.escalation(alert.escalationId))!;
    expect(after).toMatchObject({ status: 'acknowledged', acknowledgedBy: '王丽', acknowledgedVia: '指挥部群（企业微信）', handling: { action: 'clinic' }, level: 1 });
    for (const address of [world.email('leader'), world.email('secretary'), world.group]) {
      const rows = await world.rowsTo(address);
      expect(rows.map((row) => row.kind), address).toEqual(['level', 'acknowledgement']);
      expect(rows[1]!.content!.title).toMatch(/^【已处置】幸福家园卡点（鱼岳社区）发热预警/);
      expect(JSON.stringify(rows[1]!.content)).toContain('已送发热门诊');
    }
    expect(await world.rowsTo(world.email('committee'))).toEqual([]);

    // Handled again: answered as it stands, nothing changes.
    const url = linkFrom((await world.rowsTo(world.email('leader')))[0]!);
    const twice = await invoke(feverHandle, { routeKey: 'POST /fever/{alertId}', pathParameters: { alertId: alert.escalationId }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: new URLSearchParams({ ...query(url), by: '黄组长', action: 'normal' }).toString() });
    expect(twice.status).toBe(200);
    expect(twice.text).toContain('此预警已处置');
    expect((await world.store.escalation(alert.escalationId))!.handling).toEqual({ action: 'clinic' });
  });

  it('a handling form without what was done is shown again with the refusal at its field, nothing recorded', async () => {
    const world = await feverWorld();
    await postFever(world);
    const alert = await alertOf(world);
    const link = linkQuery(signLink(await linkKeys(), ackPurpose('fever'), alert.escalationId, world.email('leader'), new Date()));
    const answer = await invoke(feverHandle, { routeKey: 'POST /fever/{alertId}', pathParameters: { alertId: alert.escalationId }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: `${link}&by=${encodeURIComponent('王丽')}&action=other` });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('选“其他”时请写明处置情况');
    expect((await world.store.escalation(alert.escalationId))!.status).toBe('open');
  });
});

describe('links are bound to their kind', () => {
  it("a fever alert's link opens no escalation page, and the escalation routes refuse a fever alert", async () => {
    const world = await feverWorld();
    await postFever(world);
    const alert = await alertOf(world);
    const keys = await linkKeys();
    const feverLink = Object.fromEntries(new URLSearchParams(linkQuery(signLink(keys, ackPurpose('fever'), alert.escalationId, world.email('leader'), new Date()))));
    const escalationLink = Object.fromEntries(new URLSearchParams(linkQuery(signLink(keys, ackPurpose('missed'), alert.escalationId, world.email('leader'), new Date()))));
    const path = { escalationId: alert.escalationId };
    expect((await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: path, query: feverLink })).status).toBe(403);
    expect((await invoke(ackLink, { routeKey: 'POST /ack/{escalationId}', pathParameters: path, body: feverLink })).status).toBe(403);
    // Even a link signed as an escalation's for the alert's id acknowledges nothing.
    expect((await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: path, query: escalationLink })).status).toBe(404);
    expect((await invoke(ackLink, { routeKey: 'POST /ack/{escalationId}', pathParameters: path, body: escalationLink })).status).toBe(404);
    expect((await invoke(ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: path, admin: true })).status).toBe(404);
    expect((await world.store.escalation(alert.escalationId))!.status).toBe('open');
  });

  it("an escalation's link opens no fever page, and the fever routes refuse an escalation", async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation();
    const keys = await linkKeys();
    const escalationLink = Object.fromEntries(new URLSearchParams(linkQuery(signLink(keys, ackPurpose('missed'), escalationId, world.email('leader'), new Date()))));
    const feverLink = Object.fromEntries(new URLSearchParams(linkQuery(signLink(keys, ackPurpose('fever'), escalationId, world.email('leader'), new Date()))));
    const path = { alertId: escalationId };
    const form = (link: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: new URLSearchParams({ ...link, by: '王丽', action: 'normal' }).toString() });
    expect((await invoke(feverPage, { routeKey: 'GET /fever/{alertId}', pathParameters: path, query: escalationLink })).status).toBe(403);
    expect((await invoke(feverHandle, { routeKey: 'POST /fever/{alertId}', pathParameters: path, ...form(escalationLink) })).status).toBe(403);
    expect((await invoke(feverPage, { routeKey: 'GET /fever/{alertId}', pathParameters: path, query: feverLink })).status).toBe(404);
    expect((await invoke(feverHandle, { routeKey: 'POST /fever/{alertId}', pathParameters: path, ...form(feverLink) })).status).toBe(404);
    expect((await world.store.escalation(escalationId))!.status).toBe('open');
  });
});

describe("the day's summary", () => {
  it('counts the fever alerts apart from missed reports: alerts, cases, handled, time to handle, what was done', async () => {
    const world = await feverWorld();
    await postFever(world, 38.0);
    await postFever(world, 38.6);
    const alert = await alertOf(world);
    const link = linkQuery(signLink(await linkKeys(), ackPurpose('fever'), alert.escalationId, world.email('leader'), new Date()));
    const handled = await invoke(feverHandle, { routeKey: 'POST /fever/{alertId}', pathParameters: { alertId: alert.escalationId }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: `${link}&by=${encodeURIComponent('黄组长')}&action=isolated` });
    expect(handled.status, handled.text).toBe(200);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const summary = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date }, admin: true });
    expect(summary.status, summary.text).toBe(200);
    const community = summary.json.communities.find((c: { communityId: string }) => c.communityId === `co-${world.id}`);
    expect(community.fevers).toMatchObject({ alerts: 1, cases: 2, handled: 1, maxMinutesToHandle: 0, done: { isolated: 1, clinic: 0, normal: 0, other: 0 } });
    expect(summary.json.county.fevers.alerts).toBeGreaterThanOrEqual(1);
  });
});
