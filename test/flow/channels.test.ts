/**
 * Group chats on the escalation flow (issue 12): a community's WeCom, DingTalk and Feishu robots and a
 * signed Standard Webhook hear of a miss, @mention the level's people, carry the acknowledge link, and
 * are told of the acknowledgement and of the reading that ends it; a robot that is rate limited or
 * whose key is wrong loses nothing and tells nothing twice; an alert storm is one message per level;
 * a robot is never sent more a minute than its service takes; URLs and secrets are write-only.
 * On the real table, the real SES emulator, the state machine the stack deploys and a moving clock;
 * the groups are the local chat receiver (local/chat.ts) or small servers of the test's own.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { summaryStore } from '../../functions/adapters/summary-store';
import { dynamoTable } from '../../functions/adapters/table';
import type { ChannelBody, CommunityBody } from '../../functions/contract/schemas';
import { sweep as sweepOnly, type EscalationDeps, type StepResult } from '../../functions/domain/escalation';
import { acceptReading } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { buildSummary, sendSummary, type SummaryDeliveryDeps } from '../../functions/domain/summaries';
import { sendTo, type SenderDeps } from '../../functions/domain/delivery/sender';
import { newRows, noticeRows } from '../../functions/adapters/notice-rows';
import { paceCounter } from '../../functions/adapters/pace';
import { localDateOf } from '../../functions/domain/time';
import { CHANNEL_KIND } from '../../functions/domain/words';
import { handler as ackLinkHandler } from '../../functions/handlers/ack-link';
import { handler as ackPageHandler } from '../../functions/handlers/ack-page';
import { forgetBoards, handler as boardHandler } from '../../functions/handlers/board';
import { handler as getCheckpointHandler } from '../../functions/handlers/get-checkpoint';
import { handler as getEscalationHandler } from '../../functions/handlers/get-escalation';
import { handler as listCheckpointsHandler } from '../../functions/handlers/list-checkpoints';
import { handler as listCommunitiesHandler } from '../../functions/handlers/list-communities';
import { handler as listEscalationsHandler } from '../../functions/handlers/list-escalations';
import { handler as putCheckpointHandler } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunityHandler } from '../../functions/handlers/put-community';
import { linkKeys } from '../../functions/runtime/admin-key';
import { logger } from '../../functions/runtime/observability';
import { startChatReceiver, type ChatReceiver, type ChatRobot, type ReceivedChatMessage } from '../../local/chat';
import { fakeContext } from '../../local/gateway';
import { freePort } from '../../local/ports';
import { makeWorld, type World } from '../helpers/escalation';
import { httpEvent, invoke } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Kind = ChannelBody['kind'];
/** Where each kind's robot lives on a receiver, by its key or token. */
const robotPath: Record<Kind, (token: string) => string> = {
  wecom: (token) => `/cgi-bin/webhook/send?key=${token}`,
  dingtalk: (token) => `/robot/send?access_token=${token}`,
  feishu: (token) => `/open-apis/bot/v2/hook/${token}`,
  webhook: (token) => `/webhook/${token}`,
};
const secretFor: Record<Kind, () => string | undefined> = {
  wecom: () => undefined,
  dingtalk: () => `SEC${randomBytes(32).toString('hex')}`,
  feishu: () => randomBytes(12).toString('base64url'),
  webhook: () => `whsec_${randomBytes(24).toString('base64')}`,
};

const LEADER = { name: '黄祖浩', mobile: '13800138000' };
const SECRETARY = { name: '社区书记', mobile: '+8613900139000' };
const ACK_LINK = /https:\/\/api\.test\/ack\/([0-9a-f-]{36})\?([^\s)）]+)/;
const ACK_LINKS = new RegExp(ACK_LINK.source, 'g');

/** Leader at once, the secretary half an hour later; no repeats. */
const leaderThenSecretary: NonNullable<CommunityBody['escalation']> = {
  levels: [
    { notify: ['leader'], after: 'PT0S' },
    { notify: ['secretary'], after: 'PT30M' },
  ],
  repeatEvery: 'PT1H',
  maxRepeats: 0,
};

let opened: { stop(): Promise<void> }[] = [];
const savedAllowLocal = process.env.CHANNELS_ALLOW_LOCAL;

beforeEach(async () => {
  // A table per test: the sweep reads the whole table, and one test's checkpoints must not be another's misses.
  await useFreshTable();
  forgetBoards();
});

afterEach(async () => {
  for (const server of opened) await server.stop();
  opened = [];
  if (savedAllowLocal === undefined) delete process.env.CHANNELS_ALLOW_LOCAL;
  else process.env.CHANNELS_ALLOW_LOCAL = savedAllowLocal;
  logAt('SILENT');
});

/**
 * Sets the handlers' log level. Powertools puts the level back to its initial one at every invocation
 * (its debug-sampling refresh), so the initial level is set too.
 */
const logAt = (level: 'DEBUG' | 'SILENT') => {
  (logger as unknown as { setInitialLogLevel(level: string): void }).setInitialLogLevel(level);
  logger.setLogLevel(level);
};

const receiver = async (robots: ChatRobot[], options: { strict?: boolean; now?: () => number } = {}): Promise<ChatReceiver> => {
  const started = await startChatReceiver({ port: await freePort(), host: '127.0.0.1', robots, strict: options.strict ?? true, ...(options.now && { now: options.now }) });
  opened.push(started);
  return started;
};

interface RobotPost {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A robot of the test's own: it records every post (on the test clock) and answers as `answer` says. */
const robotServer = async (answer: (post: RobotPost) => { status: number; body?: unknown; headers?: Record<string, string> }, now: () => number = Date.now) => {
  const posts: RobotPost[] = [];
  const port = await freePort();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const post = { at: now(), path: request.url ?? '', headers: request.headers, raw, body };
      posts.push(post);
      const reply = answer(post);
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  opened.push({ stop });
  return { url: `http://127.0.0.1:${port}`, posts, stop };
};

/** A WeCom robot of the test's own that answers 45009 (rate limited) until `limitFor` says, then takes posts. */
const rateLimitedWecom = async (world: World) => {
  let limitedUntil = Number.POSITIVE_INFINITY;
  const robot = await robotServer(
    (post) => (post.at < limitedUntil ? { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } } : { status: 200, body: { errcode: 0, errmsg: 'ok' } }),
    () => world.clock.now().getTime(),
  );
  /** Rate limited for `ms` more of the test clock; returns until when. */
  const limitFor = (ms: number) => (limitedUntil = world.clock.now().getTime() + ms);
  return { ...robot, limitFor };
};

interface Scene {
  communityId: string;
  checkpointIds: string[];
}

/**
 * Registers a community with `channels` and `count` PT2H checkpoints, each led by its own leader, and
 * moves the clock a minute past their first deadline. The clock starts hours before the wall clock:
 * acknowledge links are checked against the wall clock by the handlers and last 48 hours.
 */
const scene = async (
  world: World,
  input: { channels: ChannelBody[]; escalation?: CommunityBody['escalation']; count?: number; checkpointChannels?: ChannelBody[] },
): Promise<Scene> => {
  world.clock.current = new Date(Math.floor(Date.now() / HOUR) * HOUR - 8 * HOUR);
  const communityId = `co-${world.id}`;
  const rules = { allowLocal: true };
  await putCommunity(world.store, {
    communityId,
    now: world.clock.now(),
    channelRules: rules,
    body: {
      name: '鱼岳社区',
      timezone: 'Asia/Shanghai',
      contacts: [{ name: SECRETARY.name, email: world.email('secretary'), mobile: SECRETARY.mobile, role: 'secretary' }],
      escalation: input.escalation ?? leaderThenSecretary,
      channels: input.channels,
    },
  });
  const count = input.count ?? 1;
  const checkpointIds = Array.from({ length: count }, (_, i) => `${communityId}-gate-${i + 1}`);
  for (const [i, checkpointId] of checkpointIds.entries()) {
    // The first checkpoint's leader is 黄祖浩 (a mobile only: reached by @mention in the group); the others have both.
    const leader = i === 0 ? { name: LEADER.name, mobile: LEADER.mobile } : { name: `组长${i + 1}`, mobile: `1380013${String(8000 + i).padStart(4, '0')}`, email: world.email(`leader${i + 1}`) };
    await putCheckpoint(world.store, {
      checkpointId,
      keys: linkKeys,
      now: world.clock.now(),
      channelRules: rules,
      body: {
        name: count === 1 ? '幸福家园卡点' : `${i + 1}号门卡点`,
        communityId,
        schedule: { every: 'PT2H' },
        grace: 'PT15M',
        contacts: [{ ...leader, role: 'leader' }],
        active: true,
        ...(input.checkpointChannels && i === 0 && { channels: input.checkpointChannels }),
      },
    });
  }
  const dueAt = (await world.store.checkpoint(checkpointIds[0]!))!.dueAt!;
  world.clock.current = new Date(Date.parse(dueAt) + MINUTE);
  return { communityId, checkpointIds };
};

/** Sweeps, and returns the escalations it opened (the flows it would have started). */
/** The sweep, and then the sender for what it wrote (the core sends nothing; world.deliver is the one sender). */
const sweepAndSend = (world: World) => async (deps: EscalationDeps) => {
  const result = await sweepOnly(deps);
  await world.deliver();
  return result;
};

const sweepOpens = async (world: World): Promise<string[]> => {
  const before = world.started.length;
  await sweepAndSend(world)(world.deps);
  return world.started.slice(before);
};

/**
 * Runs an escalation's flow on the deployed definition until level `untilLevel` is out (the flow is
 * then left in its wait). While it waits, either the sweep runs once a minute of the test clock, as
 * EventBridge Scheduler runs it, or the clock just moves on.
 */
const runFlow = async (world: World, escalationId: string, options: { untilLevel: number; sweeps?: boolean }) =>
  world.run(escalationId, undefined, async (input, next) => {
    const output = (await next()) as StepResult;
    await world.deliver();
    if (input.action !== 'step' || output.action !== 'wait') return output;
    if ((await world.store.escalation(escalationId))!.level >= options.untilLevel) return { action: 'done', escalationId, reason: 'seen what the test waits for' };
    const until = world.clock.now().getTime() + output.waitSeconds * 1000;
    if (options.sweeps) {
      while (world.clock.now().getTime() < until) {
        world.clock.advance(Math.min(MINUTE, until - world.clock.now().getTime()));
        await sweepAndSend(world)(world.deps);
      }
    } else {
      world.clock.current = new Date(until);
    }
    return { ...output, waitSeconds: 0 };
  });

const report = async (world: World, checkpointId: string) => {
  const checkpoint = (await world.store.checkpoint(checkpointId))!;
  await acceptReading(world.store, {
    checkpoint,
    now: world.clock.now,
    newId: randomUUID,
    body: { submissionId: randomUUID(), officer: '张三', screened: 4, entries: 3, exits: 1, feverCount: 0 },
  });
};

const channelOf = (kind: Kind, baseUrl: string, token: string, secret: string | undefined, extra: Partial<ChannelBody> = {}): ChannelBody => ({
  id: 'zhihui',
  kind,
  name: '指挥部群',
  url: `${baseUrl}${robotPath[kind](token)}`,
  ...(secret !== undefined && { secret }),
  summaries: true,
  ...extra,
});

/** A message's first line as the group reads it (a webhook event carries it as data.title). */
const titleOf = (message: ReceivedChatMessage): string =>
  message.kind === 'webhook' ? String((message.payload as { data?: { title?: unknown } } | undefined)?.data?.title ?? '') : message.text.split('\n')[0]!;
const titled = (messages: ReceivedChatMessage[], mark: string) => messages.filter((message) => message.accepted && titleOf(message).startsWith(mark));

const ackFields = (text: string) => {
  const match = ACK_LINK.exec(text);
  if (!match) throw new Error(`no acknowledge link in:\n${text}`);
  return { escalationId: match[1]!, query: Object.fromEntries(new URLSearchParams(match[2]!.replace(/&amp;/g, '&'))) as Record<string, string> };
};

const acknowledgeFromGroup = (escalationId: string, query: Record<string, string>, by: string) =>
  invoke(ackLinkHandler, {
    routeKey: 'POST /ack/{escalationId}',
    pathParameters: { escalationId },
    rawBody: new URLSearchParams({ ...query, by }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const getEscalation = async (escalationId: string) =>
  (await invoke(getEscalationHandler, { routeKey: 'GET /escalations/{escalationId}', pathParameters: { escalationId }, admin: true })).json;

describe('a miss told to a group, for each kind of channel', () => {
  it.each(['wecom', 'dingtalk', 'feishu', 'webhook'] as const)('%s: the notice signed, the level @mentioned, the link; acknowledged from the group with a name; the reading told', async (kind) => {
    const token = `robot${randomBytes(8).toString('hex')}`;
    const secret = secretFor[kind]();
    // Strict: an unknown robot, or (for the signed kinds) a post whose signature does not check, is refused as the service refuses it.
    const group = await receiver([{ kind, token, ...(secret !== undefined && { secret }) }]);
    const world = makeWorld();
    const { checkpointIds } = await scene(world, { channels: [channelOf(kind, group.url, token, secret)] });
    const [escalationId] = await sweepOpens(world);
    expect(escalationId).toBeDefined();
    await runFlow(world, escalationId!, { untilLevel: 1 });

    // The notice, as the group reads it.
    const notices = titled(group.messages(), '【漏报督办】');
    expect(group.messages().filter((message) => !message.accepted), 'posts the service refused').toEqual([]);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.kind).toBe(kind);
    expect(notice.text).toContain('幸福家园卡点');
    expect(notice.text).toContain('鱼岳社区');
    expect(notice.text).toContain(LEADER.name);
    const link = ackFields(notice.text);
    expect(link.escalationId).toBe(escalationId);
    if (kind === 'wecom') expect((notice.payload as any).text.mentioned_mobile_list).toContain(LEADER.mobile);
    if (kind === 'dingtalk') {
      expect((notice.payload as any).at.atMobiles).toContain(LEADER.mobile);
      expect(notice.text).toContain(`@${LEADER.mobile}`);
    }
    if (kind === 'feishu') expect(notice.text).toContain(`@${LEADER.name}`);
    if (kind === 'webhook') {
      expect(notice.payload).toMatchObject({ type: 'escalation.notice', id: expect.any(String), occurredAt: expect.any(String), data: expect.any(Object) });
      expect(notice.mentions.mobiles).toContain(LEADER.mobile);
    }

    // The link's page asks who is acknowledging, offering the people told.
    process.env.CHANNELS_ALLOW_LOCAL = '1'; // the local setting: the handlers' notifier may post to the receiver
    const page = await invoke(ackPageHandler, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId: escalationId! }, query: link.query });
    expect(page.status).toBe(200);
    expect(page.text).toContain('指挥部群');
    expect(page.text).toContain(`value="${LEADER.name}"`);
    expect((await getEscalation(escalationId!)).status).toBe('open');

    // Acknowledged with a name of one's choosing; the record says who, and through which group.
    const done = await acknowledgeFromGroup(escalationId!, link.query, '李四');
    expect(done.status).toBe(200);
    // The acknowledgement wrote its 【已确认】 rows; the sender sends them.
    await world.deliver();
    const acknowledged = await getEscalation(escalationId!);
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: '李四' });
    expect(acknowledged.acknowledgedVia).toBe(`指挥部群（${CHANNEL_KIND[kind]['zh-CN']}）`);
    const told = titled(group.messages(), '【已确认】');
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('李四');
    expect(told[0]!.text).toContain('指挥部群');
    if (kind === 'webhook') expect(told[0]!.payload).toMatchObject({ type: 'escalation.acknowledged' });

    // The checkpoint reports: the same group hears it has, once.
    world.clock.advance(5 * MINUTE);
    await report(world, checkpointIds[0]!);
    await sweepAndSend(world)(world.deps);
    await sweepAndSend(world)(world.deps);
    const resolved = titled(group.messages(), '【已恢复】');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.text).toContain('幸福家园卡点');
    if (kind === 'webhook') expect(resolved[0]!.payload).toMatchObject({ type: 'escalation.resolved' });
    expect((await getEscalation(escalationId!)).status).toBe('resolved');
    // Nothing was told twice.
    expect(titled(group.messages(), '【漏报督办】')).toHaveLength(1);
    expect(titled(group.messages(), '【已确认】')).toHaveLength(1);
  });

  it('the page offers the people of the level, and one of them acknowledges: "已由 黄祖浩（经 指挥部群（企业微信））确认"', async () => {
    const group = await receiver([{ kind: 'wecom', token: 'offer-key' }]);
    const world = makeWorld();
    await scene(world, { channels: [channelOf('wecom', group.url, 'offer-key', undefined)] });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    const link = ackFields(titled(group.messages(), '【漏报督办】')[0]!.text);
    process.env.CHANNELS_ALLOW_LOCAL = '1';
    expect((await acknowledgeFromGroup(escalationId!, link.query, LEADER.name)).status).toBe(200);
    expect(await getEscalation(escalationId!)).toMatchObject({ status: 'acknowledged', acknowledgedBy: LEADER.name, acknowledgedVia: '指挥部群（企业微信）' });
    // A group's link without a name acknowledges nothing: the link names the group, not a person.
    const other = await invoke(ackLinkHandler, {
      routeKey: 'POST /ack/{escalationId}',
      pathParameters: { escalationId: escalationId! },
      rawBody: new URLSearchParams(link.query).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(other.status).toBe(400);
  });
});

describe('signatures, checked as the services publish them (not with our own signer)', () => {
  const hmac = (key: string | Buffer, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('base64');

  it.each(['dingtalk', 'feishu', 'webhook'] as const)('%s', async (kind) => {
    const secret = secretFor[kind]()!;
    const ok = kind === 'feishu' ? { code: 0, msg: 'success', data: {} } : kind === 'dingtalk' ? { errcode: 0, errmsg: 'ok' } : undefined;
    const robot = await robotServer(() => ({ status: kind === 'webhook' ? 204 : 200, ...(ok && { body: ok }) }));
    const world = makeWorld();
    await scene(world, { channels: [channelOf(kind, robot.url, 'signed', secret)] });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    expect(robot.posts).toHaveLength(1);
    const post = robot.posts[0]!;
    const now = Date.now();
    if (kind === 'dingtalk') {
      // 自定义机器人安全设置: timestamp (ms) and sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))) in the query.
      const query = new URL(post.path, 'http://x').searchParams;
      const timestamp = query.get('timestamp')!;
      expect(Math.abs(now - Number(timestamp))).toBeLessThan(HOUR);
      expect(query.get('sign')).toBe(hmac(secret, `${timestamp}\n${secret}`));
      expect(post.path).toContain(`sign=${encodeURIComponent(hmac(secret, `${timestamp}\n${secret}`))}`);
    } else if (kind === 'feishu') {
      // 签名校验: timestamp (s) and sign = base64(HmacSHA256 keyed with timestamp + "\n" + secret, over nothing) in the body.
      const { timestamp, sign } = post.body as { timestamp: string; sign: string };
      expect(Math.abs(now - Number(timestamp) * 1000)).toBeLessThan(HOUR);
      expect(sign).toBe(hmac(`${timestamp}\n${secret}`, ''));
      expect(post.body.msg_type).toBe('text');
    } else {
      // Standard Webhooks: v1,base64(HMAC-SHA256(base64-decoded key, id.timestamp.body)).
      const id = post.headers['webhook-id'] as string;
      const timestamp = post.headers['webhook-timestamp'] as string;
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      expect(Math.abs(now - Number(timestamp) * 1000)).toBeLessThan(5 * MINUTE);
      expect((post.headers['webhook-signature'] as string).split(' ')).toContain(`v1,${hmac(key, `${id}.${timestamp}.${post.raw}`)}`);
      expect(post.body).toMatchObject({ type: 'escalation.notice', id });
    }
  });

  it.each(['dingtalk', 'feishu', 'webhook'] as const)('%s: a wrong secret is refused by the service, recorded failed with the reason, not tried again', async (kind) => {
    const group = await receiver([{ kind, token: 'signed', secret: secretFor[kind]()! }]);
    const world = makeWorld();
    await scene(world, { channels: [channelOf(kind, group.url, 'signed', secretFor[kind]())], escalation: { ...leaderThenSecretary, levels: [leaderThenSecretary.levels[0]!] } });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    for (let i = 0; i < 3; i += 1) {
      world.clock.advance(MINUTE);
      await sweepAndSend(world)(world.deps);
    }
    expect(group.messages()).toHaveLength(1);
    expect(group.messages()[0]!.accepted).toBe(false);
    const notice = (await world.store.notices(escalationId!)).find((n) => n.kind === 'level' && n.recipient.startsWith('chat:'))!;
    expect(notice.outcome).toBe('failed');
    expect(notice.error).toMatch(/signature invalid/);
  });
});

describe('a robot that does not take the notice', () => {
  it('rate limited (WeCom 45009) for two minutes: its row waits and is sent once when the robot takes it again', async () => {
    const world = makeWorld();
    const robot = await rateLimitedWecom(world);
    await scene(world, { channels: [channelOf('wecom', robot.url, 'busy', undefined, { levels: [1] })] });
    const limitedUntil = robot.limitFor(2 * MINUTE);
    const [escalationId] = await sweepOpens(world);
    // Through level 2, half an hour later, with the sweep running every minute meanwhile.
    await runFlow(world, escalationId!, { untilLevel: 2, sweeps: true });

    const taken = robot.posts.filter((post) => post.at >= limitedUntil);
    expect(taken, 'posts the robot took').toHaveLength(1);
    expect(taken[0]!.body.text.content).toContain('【漏报督办】');
    expect(taken[0]!.at - limitedUntil).toBeLessThanOrEqual(MINUTE);
    const notice = (await world.store.notices(escalationId!)).find((n) => n.kind === 'level' && n.level === 1 && n.recipient.startsWith('chat:'))!;
    expect(notice.outcome).toBe('sent');
    // And it stays sent once: later sweeps send nothing more.
    for (let i = 0; i < 3; i += 1) {
      world.clock.advance(MINUTE);
      await sweepAndSend(world)(world.deps);
    }
    expect(robot.posts.filter((post) => post.at >= limitedUntil)).toHaveLength(1);
  });

  it('invalid key (WeCom 93000): recorded failed, not tried again, and the next level is told the group could not be reached and why', async () => {
    const world = makeWorld();
    const robot = await robotServer(() => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_abc], from ip: 1.2.3.4' } }), () => world.clock.now().getTime());
    await scene(world, { channels: [channelOf('wecom', robot.url, 'stalekey4711', undefined, { levels: [1] })] });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 2, sweeps: true });

    expect(robot.posts, 'posts to the robot').toHaveLength(1);
    const notice = (await world.store.notices(escalationId!)).find((n) => n.kind === 'level' && n.level === 1 && n.recipient.startsWith('chat:'))!;
    expect(notice.outcome).toBe('failed');
    expect(notice.error).toMatch(/key invalid/);

    const toSecretary = await world.mailsTo(world.email('secretary'));
    expect(toSecretary).toHaveLength(1);
    expect(toSecretary[0]!.text).toContain('指挥部群（企业微信）');
    expect(toSecretary[0]!.text).toContain('无法送达');
    expect(toSecretary[0]!.text).toMatch(/指挥部群（企业微信）：地址或密钥无效/);
    expect(toSecretary[0]!.text).not.toContain('stalekey4711'); // the robot's key
  });

  it('a redirect is not followed: recorded failed, the other host hears nothing', async () => {
    const world = makeWorld();
    const elsewhere = await robotServer(() => ({ status: 204 }));
    const robot = await robotServer(() => ({ status: 302, headers: { location: `${elsewhere.url}/webhook/caught` } }));
    await scene(world, { channels: [channelOf('webhook', robot.url, 'moved', secretFor.webhook())], escalation: { ...leaderThenSecretary, levels: [leaderThenSecretary.levels[0]!] } });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    world.clock.advance(MINUTE);
    await sweepAndSend(world)(world.deps);
    expect(robot.posts).toHaveLength(1);
    expect(elsewhere.posts).toHaveLength(0);
    expect((await world.store.notices(escalationId!)).find((n) => n.recipient.startsWith('chat:'))).toMatchObject({ outcome: 'failed' });
  });

  it('a webhook whose host resolves to a loopback address is refused when the request is made', async () => {
    const world = makeWorld();
    const local = await robotServer(() => ({ status: 204 }));
    const port = new URL(local.url).port;
    // Saved: the name is only looked up when a request is made.
    await scene(world, { channels: [{ id: 'bridge', kind: 'webhook', url: `https://localhost:${port}/hook`, secret: secretFor.webhook()!, summaries: true }], escalation: { ...leaderThenSecretary, levels: [leaderThenSecretary.levels[0]!] } });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    expect(local.posts).toHaveLength(0);
    const notice = (await world.store.notices(escalationId!)).find((n) => n.recipient.startsWith('chat:'))!;
    expect(notice.outcome).toBe('failed');
    expect(notice.error).toMatch(/not public/);
  });
});

describe('an alert storm in one community', () => {
  /** 8 checkpoints of one community past their deadline together; both levels run for each. */
  const storm = async () => {
    const group = await receiver([{ kind: 'wecom', token: 'storm' }]);
    const world = makeWorld();
    await scene(world, { channels: [channelOf('wecom', group.url, 'storm', undefined)], count: 8 });
    const mine = await sweepOpens(world);
    expect(mine).toHaveLength(8);
    for (const escalationId of mine) await runFlow(world, escalationId, { untilLevel: 1 });
    world.clock.advance(30 * MINUTE);
    for (const escalationId of mine) await runFlow(world, escalationId, { untilLevel: 2 });
    return titled(group.messages(), '【漏报督办】');
  };

  it('8 checkpoints missing in one sweep: the group gets one grouped message per level, naming all 8 with their links', async () => {
    const notices = await storm();
    expect(notices, 'messages to the group').toHaveLength(2);
    for (const notice of notices) {
      expect(notice.text).toContain('8 个卡点');
      for (let i = 1; i <= 8; i += 1) expect(notice.text).toContain(`${i}号门卡点`);
      expect(new Set([...notice.text.matchAll(ACK_LINKS)].map((match) => match[1])).size).toBe(8);
    }
    expect(notices[1]!.mentions.mobiles).toEqual([SECRETARY.mobile.slice(3)]);
  });

  it('the grouped level-1 message @mentions the people of that level: each of the 8 checkpoints’ leaders', async () => {
    const notices = await storm();
    const leaders = ['13800138000', ...Array.from({ length: 7 }, (_, i) => `1380013${String(8001 + i).padStart(4, '0')}`)];
    expect(new Set(notices[0]!.mentions.mobiles)).toEqual(new Set(leaders));
  });
});

describe('a robot is sent no more a minute than its service takes', () => {
  const manyMisses = async (kind: 'wecom' | 'dingtalk', count: number, at: (world: World, i: number) => void, sweepMinutes = 4) => {
    const world = makeWorld();
    world.deps.groupThreshold = 1000; // one by one
    // The service's own limits, on the test clock.
    const group = await receiver([], { strict: false, now: () => world.clock.now().getTime() });
    await scene(world, { channels: [channelOf(kind, group.url, 'pace', undefined)], count, escalation: { ...leaderThenSecretary, levels: [leaderThenSecretary.levels[0]!] } });
    const mine = await sweepOpens(world);
    expect(mine).toHaveLength(count);
    const base = world.clock.now().getTime();
    for (const [i, escalationId] of mine.entries()) {
      world.clock.current = new Date(base);
      at(world, i);
      await runFlow(world, escalationId, { untilLevel: 1 });
    }
    for (let i = 0; i < sweepMinutes; i += 1) {
      world.clock.advance(MINUTE);
      await sweepAndSend(world)(world.deps);
    }
    return { world, group, mine };
  };

  /**
   * Each of the `count` notices told once — a message on its own (【漏报督办】…) or a line of a bundle of
   * what waited together (【督办汇总】, each row's subject 【未按时上报】…) — in posts of which no sixty
   * seconds hold more than 20, none refused. Returns the posts' times.
   */
  const expectPaced = (messages: ReceivedChatMessage[], count: number) => {
    const alone = titled(messages, '【漏报督办】');
    const bundles = titled(messages, '【督办汇总】');
    const told = [...alone.map((notice) => /^【漏报督办】(\d+)号门卡点（/.exec(titleOf(notice))?.[1]), ...bundles.flatMap((bundle) => [...bundle.text.matchAll(/【未按时上报】(\d+)号门卡点（/g)].map((match) => match[1]))];
    expect(told.map(Number).sort((a, b) => a - b), 'each checkpoint told once').toEqual(Array.from({ length: count }, (_, i) => i + 1));
    // No sixty seconds hold more than 20 posts.
    const times = [...alone, ...bundles].map((notice) => Date.parse(notice.at)).sort((a, b) => a - b);
    for (const [i, start] of times.entries()) expect(times.filter((t) => t >= start && t < start + MINUTE).length, `from the ${i + 1}th`).toBeLessThanOrEqual(20);
    expect(messages.filter((message) => !message.accepted).map((message) => message.answer.body), 'posts the service refused').toEqual([]);
    return times;
  };

  it('WeCom: 25 notices in a minute go out over two minutes, each once (what waited, bundled), none refused', async () => {
    const { group } = await manyMisses('wecom', 25, () => undefined);
    const times = expectPaced(group.messages(), 25);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(MINUTE - 1000);
  });

  it('DingTalk: 25 notices across a minute boundary (20 in its last second, 5 in the next) are never 20+ in sixty seconds, so the robot is not blocked', async () => {
    const { group } = await manyMisses('dingtalk', 25, (world, i) => world.clock.advance(i < 20 ? 59 * 1000 - 1 : 60 * 1000 + 500), 15);
    expectPaced(group.messages(), 25);
  });
});

describe('which levels a channel hears', () => {
  it('a channel with levels: [2] hears only level 2; a level naming channel:<id> tells that channel too', async () => {
    const group = await receiver([], { strict: false });
    const world = makeWorld();
    await scene(world, {
      channels: [
        channelOf('wecom', group.url, 'second', undefined, { id: 'second', name: '二级群', levels: [2] }),
        channelOf('wecom', group.url, 'named', undefined, { id: 'named', name: '书记群', levels: [3] }),
      ],
      escalation: { ...leaderThenSecretary, levels: [leaderThenSecretary.levels[0]!, { notify: ['secretary', 'channel:named'], after: 'PT30M' }] },
    });
    const [escalationId] = await sweepOpens(world);
    await runFlow(world, escalationId!, { untilLevel: 1 });
    expect(titled(group.messages(), '【漏报督办】')).toHaveLength(0);
    await runFlow(world, escalationId!, { untilLevel: 2 });
    const notices = titled(group.messages(), '【漏报督办】');
    expect(notices.map((notice) => notice.robot).sort()).toEqual(['named', 'second']);
    expect(notices[0]!.text).toContain(SECRETARY.name);
  });
});

const tableOfTest = () => dynamoTable(documentClient(), process.env.TABLE_NAME!);
const summaryStoreOfTable = () => summaryStore(tableOfTest());
/** A summary's messages are written as notice rows; the one sender sends them (deliver). */
const summaryDeps = (world: World): SummaryDeliveryDeps => ({ store: summaryStoreOfTable(), rows: newRows(tableOfTest()), now: world.clock.now, baseUrl: 'https://api.test', linkKeys });
const senderOf = (world: World): SenderDeps => ({
  rows: noticeRows(tableOfTest()), pace: paceCounter(tableOfTest()), channels: world.store, notifier: world.notifier, now: world.clock.now, wanted: async () => true,
});
/** The sender's run for this world's destinations (the table holds other tests' rows too): what a summary wrote goes out. */
const deliver = async (world: World) => {
  const sender = senderOf(world);
  for (const recipient of await sender.rows.due(world.clock.now())) if (recipient.includes(world.id)) await sendTo(sender, recipient);
};

describe('the daily summary', () => {
  it('goes to each channel that takes summaries as one short message, and not to one with summaries: false', async () => {
    const robots: ChatRobot[] = (['wecom', 'dingtalk', 'feishu', 'webhook'] as const).map((kind) => ({ kind, token: `sum-${kind}`, ...(secretFor[kind]() !== undefined && { secret: secretFor[kind]()! }) }));
    const group = await receiver(robots);
    const world = makeWorld();
    await scene(world, {
      channels: [
        ...robots.map((robot) => channelOf(robot.kind, group.url, robot.token, robot.secret, { id: robot.kind, name: `${robot.kind}群` })),
        channelOf('wecom', group.url, 'sum-quiet', undefined, { id: 'quiet', name: '安静群', summaries: false }),
      ],
    });
    await sweepOpens(world);
    const date = localDateOf(world.clock.now(), 'Asia/Shanghai');
    const summary = await buildSummary(summaryStoreOfTable(), date, world.clock.now(), randomUUID());
    expect(await sendSummary(summaryDeps(world), summary, { county: [] }, { zone: 'Asia/Shanghai' }), 'one row per channel that takes summaries').toBe(4);
    await deliver(world);
    const summaries = titled(group.messages(), '【每日汇总】');
    expect(summaries.map((message) => message.kind).sort()).toEqual(['dingtalk', 'feishu', 'webhook', 'wecom']);
    for (const message of summaries) {
      expect(message.text).toContain('鱼岳社区');
      expect(message.text).toContain('完整率');
      expect(message.text).toMatch(/发热/);
      expect(message.text).toMatch(/未结束的督办|Escalations still open/);
    }
    // The file link once per message, signed for this community (issue 18 §7; it was the unsigned county CSV, twice).
    for (const message of summaries.filter((m) => m.kind !== 'webhook')) {
      const links = message.text.match(/https:\/\/api\.test\/summaries\/\S+/g) ?? [];
      expect(links, message.kind).toHaveLength(1);
      const link = new URL(links[0]!);
      expect(link.pathname).toBe(`/summaries/${date}/file`);
      expect(link.searchParams.get('r')).toBe(`community:co-${world.id}`);
      expect(link.searchParams.get('sig')).toMatch(/^[\w-]{43}$/);
    }
    expect(summaries.find((message) => message.kind === 'webhook')!.payload).toMatchObject({ type: 'summary.daily' });
    expect(group.messages().filter((message) => message.robot === 'sum-quiet')).toHaveLength(0);
    // The scheduled run started again (a retried invocation) writes none of them again.
    expect(await sendSummary(summaryDeps(world), summary, { county: [] }, { zone: 'Asia/Shanghai' })).toBe(0);
    await deliver(world);
    expect(titled(group.messages(), '【每日汇总】')).toHaveLength(4);
  });

  it('waits when a robot is rate limited and goes once when it takes posts again; a checkpoint\'s own group does not get it', async () => {
    const world = makeWorld();
    const robot = await rateLimitedWecom(world);
    const gate = await robotServer(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }), () => world.clock.now().getTime());
    await scene(world, {
      channels: [channelOf('wecom', robot.url, 'busy', undefined, { levels: [3] })],
      checkpointChannels: [channelOf('wecom', gate.url, 'gate', undefined, { id: 'gate', name: '卡点群', levels: [3] })],
    });
    const summary = await buildSummary(summaryStoreOfTable(), localDateOf(world.clock.now(), 'Asia/Shanghai'), world.clock.now(), randomUUID());
    const limitedUntil = robot.limitFor(2 * MINUTE);
    expect(await sendSummary(summaryDeps(world), summary, { county: [] }, { zone: 'Asia/Shanghai' })).toBe(1);
    await deliver(world);
    for (let minute = 0; minute < 6; minute += 1) {
      world.clock.advance(MINUTE);
      await deliver(world);
    }
    const taken = robot.posts.filter((post) => post.at >= limitedUntil && post.body.text.content.includes('【每日汇总】'));
    expect(taken, 'summaries the robot took').toHaveLength(1);
    // Tried again after a backoff that doubles from a minute: taken within two minutes of the limit's end.
    expect(taken[0]!.at - limitedUntil).toBeLessThanOrEqual(2 * MINUTE);
    // A gate's own group hears its escalations only: the community's summary names every gate's figures.
    expect(gate.posts.filter((post) => post.body.text?.content.includes('【每日汇总】'))).toHaveLength(0);
  });

  it('gives an official of several communities, also a county recipient, each summary once, each in its zone\'s run', async () => {
    const world = makeWorld();
    const { communityId } = await scene(world, { channels: [] });
    const official = world.email('official');
    const withOfficial = async (id: string, name: string, timezone: string) =>
      putCommunity(world.store, { communityId: id, now: world.clock.now(), body: { name, timezone, contacts: [{ name: '县领导', email: official, role: 'committee' }] } });
    await withOfficial(communityId, '鱼岳社区', 'Asia/Shanghai');
    await withOfficial(`${communityId}-b`, '乙社区', 'Asia/Urumqi');
    // A zone with no run of its own: the first zone's run has it.
    await withOfficial(`${communityId}-c`, '丙社区', 'Asia/Kolkata');
    const summary = await buildSummary(summaryStoreOfTable(), localDateOf(world.clock.now(), 'Asia/Shanghai'), world.clock.now(), randomUUID());
    const summariesTo = async () => (await world.mailsTo(official)).filter((mail) => mail.subject.includes('汇总'));
    const scopes = async () => (await summariesTo()).map((mail) => /【每日汇总】([^\s/]+)/.exec(mail.subject)?.[1] ?? mail.subject).sort();
    const scheduledZones = ['Asia/Shanghai', 'Asia/Urumqi'];
    await sendSummary(summaryDeps(world), summary, { county: [official] }, { zone: 'Asia/Shanghai', scheduledZones });
    await deliver(world);
    await sendSummary(summaryDeps(world), summary, { county: [official] }, { zone: 'Asia/Shanghai', scheduledZones });
    await deliver(world);
    expect(await summariesTo()).toHaveLength(3); // 鱼岳, 丙, and the county: a run started again sends none twice
    await sendSummary(summaryDeps(world), summary, { county: [official] }, { zone: 'Asia/Urumqi', scheduledZones });
    await deliver(world);
    expect(await summariesTo()).toHaveLength(5); // 乙, and the county as of Urumqi's day end
    expect(new Set(await scopes()).size).toBe(4);
  });

  it('sends each message once when a run dies while writing them: the run started again writes the rest, none twice', async () => {
    const world = makeWorld();
    const { communityId } = await scene(world, { channels: [] });
    const official = world.email('official');
    const secretary = world.email('summary');
    await putCommunity(world.store, {
      communityId, now: world.clock.now(),
      body: { name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [{ name: '县领导', email: official, role: 'committee' }, { name: '统计员', email: secretary, role: 'summary' }] },
    });
    const summary = await buildSummary(summaryStoreOfTable(), localDateOf(world.clock.now(), 'Asia/Shanghai'), world.clock.now(), randomUUID());
    // The first run dies after its first row: the table throttles the second.
    const deps = summaryDeps(world);
    let writes = 0;
    const dying = { ...deps, rows: { write: async (...args: Parameters<typeof deps.rows.write>) => {
      if ((writes += 1) === 2) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
      return deps.rows.write(...args);
    } } };
    await expect(sendSummary(dying, summary, { county: [official] }, { zone: 'Asia/Shanghai' })).rejects.toThrow(/Throughput/);
    await deliver(world);
    // Lambda starts the run again a minute later.
    world.clock.advance(MINUTE);
    expect(await sendSummary(deps, summary, { county: [official] }, { zone: 'Asia/Shanghai' }), 'the rows the first run did not write').toBe(2);
    await deliver(world);
    const summaries = async (to: string) => (await world.mailsTo(to)).filter((mail) => mail.subject.includes('汇总'));
    expect(await summaries(official), 'the community and the county').toHaveLength(2);
    expect(await summaries(secretary)).toHaveLength(1);
  });
});

describe('channel URLs that are refused', () => {
  const wecomUrl = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=good-key';
  const putChannels = (communityId: string, channels: unknown[]) =>
    invoke(putCommunityHandler, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId }, admin: true, body: { name: '测试社区', contacts: [], channels } });
  const secretOf = (kind: Kind) => secretFor[kind]();

  const refused: [string, Kind, string][] = [
    ['WeCom on another host', 'wecom', 'https://example.org/cgi-bin/webhook/send?key=k'],
    ['WeCom on a look-alike host', 'wecom', 'https://qyapi.weixin.qq.com.example.org/cgi-bin/webhook/send?key=k'],
    ['WeCom over http', 'wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ['DingTalk on another host', 'dingtalk', 'https://oapi.dingtalk.example.org/robot/send?access_token=t'],
    ['DingTalk over http', 'dingtalk', 'http://oapi.dingtalk.com/robot/send?access_token=t'],
    ['Feishu on another host', 'feishu', 'https://open.feishu.cn.example.org/open-apis/bot/v2/hook/abc'],
    ['Feishu over http', 'feishu', 'http://open.feishu.cn/open-apis/bot/v2/hook/abc'],
    ['a WeCom URL on the DingTalk kind', 'dingtalk', wecomUrl],
    ['a webhook over http', 'webhook', 'http://hooks.example.org/checkpoint-watch'],
    ['a webhook to loopback', 'webhook', 'https://127.0.0.1/hook'],
    ['a webhook to loopback, written as a number', 'webhook', 'https://2130706433/hook'],
    ['a webhook to IPv6 loopback', 'webhook', 'https://[::1]/hook'],
    ['a webhook to a private address (10/8)', 'webhook', 'https://10.1.2.3/hook'],
    ['a webhook to a private address (172.16/12)', 'webhook', 'https://172.16.5.4/hook'],
    ['a webhook to a private address (192.168/16)', 'webhook', 'https://192.168.1.10/hook'],
    ['a webhook to the metadata address', 'webhook', 'https://169.254.169.254/latest/meta-data/'],
    ['a webhook to a unique-local IPv6 address', 'webhook', 'https://[fd00::1]/hook'],
    ['a webhook to the local receiver outside the local setting', 'webhook', 'http://127.0.0.1:8006/webhook/x'],
    ['WeCom to the local receiver outside the local setting', 'wecom', 'http://127.0.0.1:8006/cgi-bin/webhook/send?key=k'],
    ['a WeCom URL with user:password', 'wecom', 'https://user:pass@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ['a webhook URL with user:password', 'webhook', 'https://user:pass@hooks.example.org/hook'],
  ];

  it.each(refused)('%s: a 400 naming channels.1.url, nothing stored', async (_what, kind, url) => {
    delete process.env.CHANNELS_ALLOW_LOCAL;
    const communityId = `refuse-${randomUUID().slice(0, 8)}`;
    const secret = secretOf(kind);
    const answer = await putChannels(communityId, [
      { id: 'good', kind: 'wecom', url: wecomUrl },
      { id: 'bad', kind, url, ...(secret !== undefined && { secret }) },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues).toEqual([expect.objectContaining({ path: 'channels.1.url' })]);
    expect(answer.text).not.toContain(url);
    const listed = await invoke(listCommunitiesHandler, { routeKey: 'GET /communities', admin: true });
    expect(listed.json.items.map((item: { communityId: string }) => item.communityId)).not.toContain(communityId);
  });

  it('the services’ own hosts over https are accepted (Lark’s too), and a webhook to a public https host', async () => {
    delete process.env.CHANNELS_ALLOW_LOCAL;
    const answer = await putChannels('accepted', [
      { id: 'w', kind: 'wecom', url: wecomUrl },
      { id: 'd', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: secretOf('dingtalk') },
      { id: 'f', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', secret: secretOf('feishu') },
      { id: 'l', kind: 'feishu', url: 'https://open.larksuite.com/open-apis/bot/v2/hook/abc' },
      { id: 'h', kind: 'webhook', url: 'https://hooks.example.org/checkpoint-watch', secret: secretOf('webhook') },
    ]);
    expect(answer.status).toBe(201);
  });

  it('in the local setting http://127.0.0.1:<port>/ is accepted for every kind, and nothing more: private addresses and other local names stay refused', async () => {
    process.env.CHANNELS_ALLOW_LOCAL = '1';
    const accepted = await putChannels('local', (['wecom', 'dingtalk', 'feishu', 'webhook'] as const).map((kind) => ({ id: kind, kind, url: `http://127.0.0.1:8006${robotPath[kind]('t')}`, ...(secretOf(kind) !== undefined && { secret: secretOf(kind) }) })));
    expect(accepted.status).toBe(201);
    for (const url of ['http://10.0.0.1:8006/webhook/x', 'http://localhost:8006/webhook/x', 'http://192.168.1.1:8006/webhook/x', 'https://169.254.169.254/latest']) {
      const answer = await putChannels(`local-${randomUUID().slice(0, 6)}`, [{ id: 'x', kind: 'webhook', url, secret: secretOf('webhook') }]);
      expect(answer.status, url).toBe(400);
      expect(answer.json.error.issues[0].path).toBe('channels.0.url');
    }
  });

  it('a checkpoint’s channels are held to the same rules', async () => {
    delete process.env.CHANNELS_ALLOW_LOCAL;
    expect((await putChannels('cp-rules', [])).status).toBe(201);
    const answer = await invoke(putCheckpointHandler, {
      routeKey: 'PUT /checkpoints/{checkpointId}',
      pathParameters: { checkpointId: 'cp-rules-gate' },
      admin: true,
      body: { name: '卡点', communityId: 'cp-rules', schedule: { every: 'PT2H' }, contacts: [], channels: [{ id: 'x', kind: 'webhook', url: 'https://192.168.0.1/hook', secret: secretOf('webhook') }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues[0].path).toBe('channels.0.url');
  });
});

describe('channel credentials are write-only', () => {
  it('no GET answer (community, checkpoint, escalation, board), no mail and no log line holds a URL key or secret', async () => {
    const lines: string[] = [];
    const capture = (write: typeof process.stdout.write) =>
      ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    const [out, err] = [process.stdout.write, process.stderr.write];
    process.stdout.write = capture(out.bind(process.stdout));
    process.stderr.write = capture(err.bind(process.stderr));
    logAt('DEBUG');
    try {
      const kinds = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
      const tokens = Object.fromEntries(kinds.map((kind) => [kind, `tok${randomBytes(12).toString('hex')}`])) as Record<Kind, string>;
      const secrets = Object.fromEntries(kinds.map((kind) => [kind, secretFor[kind]()])) as Record<Kind, string | undefined>;
      const group = await receiver(kinds.map((kind) => ({ kind, token: tokens[kind], ...(secrets[kind] !== undefined && { secret: secrets[kind] }) })));
      // One robot whose key is wrong, so that a failure is on record too.
      const wrongKey = `tok${randomBytes(12).toString('hex')}`;
      const channels = [
        ...kinds.map((kind) => channelOf(kind, group.url, tokens[kind], secrets[kind], { id: kind, name: `${kind}群` })),
        channelOf('wecom', group.url, wrongKey, undefined, { id: 'gone', name: '旧群' }),
      ];
      const checkpointToken = `tok${randomBytes(12).toString('hex')}`;
      group.addRobot({ kind: 'wecom', token: checkpointToken });
      const credentials = [...Object.values(tokens), ...Object.values(secrets).filter((s): s is string => s !== undefined), wrongKey, checkpointToken];
      const credentialParts = credentials.flatMap((c) => [c, c.replace(/^whsec_/, '').replace(/^SEC/, '')]);

      process.env.CHANNELS_ALLOW_LOCAL = '1';
      const answers: { what: string; text: string }[] = [];
      const putCommunityAnswer = await invoke(putCommunityHandler, {
        routeKey: 'PUT /communities/{communityId}',
        pathParameters: { communityId: 'creds' },
        admin: true,
        body: { name: '凭据社区', contacts: [{ name: SECRETARY.name, email: 'secretary.creds@example.org', role: 'secretary' }], escalation: leaderThenSecretary, channels },
      });
      expect(putCommunityAnswer.status).toBe(201);
      answers.push({ what: 'PUT community', text: putCommunityAnswer.text });
      const putCheckpointAnswer = await invoke(putCheckpointHandler, {
        routeKey: 'PUT /checkpoints/{checkpointId}',
        pathParameters: { checkpointId: 'creds-gate' },
        admin: true,
        body: {
          name: '凭据卡点',
          communityId: 'creds',
          schedule: { every: 'PT30S' },
          grace: 'PT0S',
          contacts: [{ name: LEADER.name, mobile: LEADER.mobile, role: 'leader' }],
          channels: [channelOf('wecom', group.url, checkpointToken, undefined, { id: 'gate', name: '卡点群' })],
        },
      });
      expect(putCheckpointAnswer.status).toBe(201);
      answers.push({ what: 'PUT checkpoint', text: putCheckpointAnswer.text });
      // A refused PUT too: its error must not repeat the URL.
      answers.push({
        what: 'refused PUT',
        text: (await invoke(putCommunityHandler, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'creds2' }, admin: true, body: { name: 'x', contacts: [], channels: [{ id: 'x', kind: 'wecom', url: `https://evil.example.org/cgi-bin/webhook/send?key=${tokens.wecom}` }] } })).text,
      });

      // A miss and its flow, on the test's clock, through the same table.
      const world = makeWorld();
      world.mine = (recipient) => recipient.includes('creds');
      world.clock.current = new Date(Date.now() + 2 * MINUTE);
      const [escalationId] = await sweepOpens(world);
      expect(escalationId).toBeDefined();
      await runFlow(world, escalationId!, { untilLevel: 2 });
      expect(titled(group.messages(), '【漏报督办】').length).toBeGreaterThanOrEqual(5);

      const get = async (what: string, routeKey: string, pathParameters?: Record<string, string>) => {
        const answer = await invoke(
          { 'GET /communities': listCommunitiesHandler, 'GET /checkpoints': listCheckpointsHandler, 'GET /checkpoints/{checkpointId}': getCheckpointHandler, 'GET /escalations': listEscalationsHandler, 'GET /escalations/{escalationId}': getEscalationHandler }[routeKey]!,
          { routeKey, admin: true, ...(pathParameters && { pathParameters }) },
        );
        expect(answer.status, what).toBe(200);
        answers.push({ what, text: answer.text });
        return answer;
      };
      const communities = await get('GET /communities', 'GET /communities');
      await get('GET /checkpoints', 'GET /checkpoints');
      const checkpoint = await get('GET /checkpoints/{id}', 'GET /checkpoints/{checkpointId}', { checkpointId: 'creds-gate' });
      await get('GET /escalations', 'GET /escalations');
      await get('GET /escalations/{id}', 'GET /escalations/{escalationId}', { escalationId: escalationId! });
      const signed = (await boardHandler(httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), fakeContext('t'))) as { cookies: string[] };
      const boardEvent = httpEvent({ routeKey: 'GET /board' });
      boardEvent.cookies = [signed.cookies[0]!.split(';')[0]!];
      const board = (await boardHandler(boardEvent, fakeContext('t'))) as { statusCode: number; body: string };
      expect(board.statusCode).toBe(200);
      answers.push({ what: 'GET /board', text: board.body });

      // What GET does show: the kind, the host, whether a secret is set.
      const shown = communities.json.items.find((item: { communityId: string }) => item.communityId === 'creds');
      expect(shown.channels).toEqual(
        expect.arrayContaining([
          { id: 'dingtalk', kind: 'dingtalk', name: 'dingtalk群', host: new URL(group.url).host, secretSet: true, summaries: true },
          { id: 'wecom', kind: 'wecom', name: 'wecom群', host: new URL(group.url).host, secretSet: false, summaries: true },
        ]),
      );
      expect(checkpoint.json.channels).toEqual([{ id: 'gate', kind: 'wecom', name: '卡点群', host: new URL(group.url).host, secretSet: false, summaries: true }]);

      const mails = await world.mailsTo('secretary.creds@example.org');
      expect(mails.length).toBeGreaterThan(0);
      for (const mail of mails) answers.push({ what: `mail ${mail.subject}`, text: `${mail.subject}\n${mail.text}\n${mail.html}` });

      for (const { what, text } of answers) for (const part of credentialParts) expect(text.includes(part) || text.includes(encodeURIComponent(part)), `${what} holds ${part.slice(0, 8)}…`).toBe(false);
      const logs = lines.join('');
      expect(logs, 'the handlers logged something at DEBUG').toMatch(/request refused/);
      for (const part of credentialParts) expect(logs.includes(part), `a log line holds ${part.slice(0, 8)}…`).toBe(false);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  });
});
