/**
 * A group's robot is posted to no faster than its service takes, and loses nothing: many level notices
 * for one group within seconds, each posted once (at once, or later from the outbox by the sweeps that
 * follow), and never more in any sliding window than the service publishes. The limits below are the
 * services' own words, not the code's constants, and the windows are counted here, anew.
 */
import { describe, expect, it } from 'vitest';
import { paceOf } from '../../../functions/channels';
import type { Notifier } from '../../../functions/domain/escalation';
import { makeWorld, policy, type World } from './world';

const SECOND = 1000;
const MINUTE = 60_000;

/** What each service takes from one custom robot, as it publishes it: at most `most` in any `per` ms. */
const RULES = {
  // Feishu custom bot: 100 requests a minute and 5 a second.
  feishu: [
    { per: SECOND, most: 5 },
    { per: MINUTE, most: 100 },
  ],
  // DingTalk: 20 a minute; a robot sent more is blocked for ten minutes. DingTalk counts any 60 s.
  dingtalk: [{ per: MINUTE, most: 20 }],
  // WeCom group robot: 20 a minute. Held to any 60 s, which keeps every clock minute within it too.
  wecom: [{ per: MINUTE, most: 20 }],
};
type Kind = keyof typeof RULES;

const ROBOT_URL: Record<Kind, string> = {
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/pace',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=pace',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=pace',
};

/** The most of `times` in one window [t, t + per), and where that window starts. */
const busiest = (times: readonly number[], per: number): { count: number; from: number | undefined } => {
  const sorted = [...times].sort((a, b) => a - b);
  let best: { count: number; from: number | undefined } = { count: 0, from: undefined };
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= per) first += 1;
    if (last - first + 1 > best.count) best = { count: last - first + 1, from: sorted[first] };
  }
  return best;
};

/** Sweeps, a minute apart, before a notice still waiting counts as lost: the sweeps drain a backlog a few posts each. */
const MAX_SWEEPS = 180;

/** What waits in the outbox, due or not. */
const waiting = (world: World) => world.store.dueOutbox(new Date('2100-01-01T00:00:00Z'));

/**
 * One escalation per arrival, each missing the same deadline; its flow sends its level-1 notices (the
 * leader's mail and the group's post) `arrivals[i]` ms after the sweep that opened them. The sweep
 * comes every minute, through the storm and after it, until the outbox is empty. Returns when each
 * post reached the robot, and of which escalation.
 */
const storm = async (kind: Kind, arrivals: readonly number[]) => {
  // One notice per escalation (none grouped) and no hourly cap, so that the pace alone decides.
  const world = makeWorld({ noticesPerHour: 100_000, groupThreshold: 100_000 });
  const posts: { at: number; escalationId: string }[] = [];
  const { perMinute, perSecond } = paceOf(kind) ?? {};
  const notifier: Notifier = {
    send: async (to, content, context) => {
      await world.notifier.send(to, content, context);
      if (to.medium === 'chat') posts.push({ at: world.now().getTime(), escalationId: String(content.facts.escalationId) });
    },
    // As the channels declare their services' pace (the notifier the stack deploys reads the same).
    pace: (to) => (to.medium === 'chat' && perMinute !== undefined ? { perMinute, ...(perSecond !== undefined && { perSecond }) } : undefined),
  };
  world.deps.notifier = notifier;

  const opened = await world.miss({
    checkpoints: arrivals.map((_, i) => `gate-${i + 1}`),
    escalation: policy([['leader', 'PT0S'], ['secretary', 'PT1H']]),
    channels: [{ id: 'zhihui', kind, name: '指挥部群', url: ROBOT_URL[kind], summaries: false }],
  });
  expect(opened).toHaveLength(arrivals.length);

  const start = world.now().getTime();
  const setClock = (ms: number) => world.set(new Date(ms).toISOString());
  let sweeps = 0;
  const sweepNext = async () => {
    sweeps += 1;
    setClock(start + sweeps * MINUTE);
    await world.sweep();
  };
  const flows = arrivals.map((after, i) => ({ at: start + after, escalationId: opened[i]! })).sort((a, b) => a.at - b.at);
  for (const flow of flows) {
    while (start + (sweeps + 1) * MINUTE <= flow.at) await sweepNext();
    setClock(flow.at);
    await world.run(flow.escalationId, undefined, { untilWait: true });
  }
  while ((await waiting(world)).length > 0 && sweeps < MAX_SWEEPS) await sweepNext();
  return { world, opened, posts, lastArrival: start + Math.max(...arrivals) };
};

/** Bursts of `each` on both sides of every multiple of `step` (1 ms before it, and at it), `count` in all. */
const edges = (count: number, step: number, each: number): number[] =>
  Array.from({ length: count }, (_, i) => {
    const edge = (Math.floor(i / (2 * each)) + 1) * step;
    return Math.floor(i / each) % 2 === 0 ? edge - 1 : edge;
  });

/** `count` arrival times spread at random over `span` ms, the same on every run (a seeded generator). */
const scattered = (count: number, span: number, seed: number): number[] => {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Array.from({ length: count }, () => Math.floor(next() * span));
};

const STORMS: Record<Kind, { count: number; edge: number }> = {
  // More than a minute's 100, on both sides of each second.
  feishu: { count: 150, edge: SECOND },
  // More than a minute's 20, on both sides of each third of a minute.
  dingtalk: { count: 50, edge: 20 * SECOND },
  wecom: { count: 50, edge: 20 * SECOND },
};

describe('the sliding-window count used here', () => {
  it('counts a window from its first post, up to but not including `per` ms later', () => {
    expect(busiest([0, 999, 1000, 1999], SECOND).count).toBe(2);
    expect(busiest([0, 999, 1000, 1998], SECOND)).toEqual({ count: 3, from: 999 });
    expect(busiest([5, 5, 5], SECOND).count).toBe(3);
    expect(busiest([], SECOND).count).toBe(0);
  });
});

describe.each(Object.keys(RULES) as Kind[])('a %s robot', (kind) => {
  const { count, edge } = STORMS[kind];
  const shapes: [string, number[]][] = [
    [`${count} notices at the same moment`, Array.from({ length: count }, () => 0)],
    [`${count} notices in bursts of 10 on both sides of each ${edge / SECOND} s edge`, edges(count, edge, 10)],
    [`${count} notices at random over 90 s, the sweeps running among them`, scattered(count, 90 * SECOND, 2026)],
  ];

  it.each(shapes)('%s: each posted once, none lost, never over the limit in any sliding window', async (_, arrivals) => {
    const { world, opened, posts, lastArrival } = await storm(kind, arrivals);

    expect(posts.map((post) => post.escalationId).sort(), 'each escalation posted once').toEqual([...opened].sort());
    const times = posts.map((post) => post.at);
    for (const { per, most } of RULES[kind]) {
      const window = busiest(times, per);
      expect(window.count, `posts in the ${per / SECOND} s from ${window.from === undefined ? '—' : new Date(window.from).toISOString()}`).toBeLessThanOrEqual(most);
    }

    // The load was more than the robot takes at once: some waited in the outbox, and the sweeps sent them.
    const toGroup = (await Promise.all(opened.map((id) => world.store.notices(id)))).flat().filter((notice) => notice.recipient.startsWith('chat:'));
    expect(toGroup.map((notice) => notice.outcome)).toEqual(opened.map(() => 'sent'));
    expect(toGroup.filter((notice) => notice.via === 'retry').length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeGreaterThan(lastArrival);
    expect(await waiting(world), 'the outbox, at the end').toEqual([]);
  });
});
