/**
 * A group's robot is posted to no faster than its service takes, and loses nothing: many rows for one
 * group arriving within seconds — each waking the sender as the table's stream does, the minute's run
 * among them — are each posted once (alone or in a bundle), and never more posts in any sliding window
 * than the service publishes; what the pace holds back waits and goes later. The limits below are the
 * services' own words, not the code's constants, and the windows are counted here, anew.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../../functions/channels';
import { destinationOf, paceFull } from '../../../functions/domain/delivery/pacing';
import { makeWorld, MINUTE, subjectsOf } from './world';

const SECOND = 1000;

/** What each service takes from one custom robot, as it publishes it: at most `most` in any `per` ms. */
const RULES: Partial<Record<ChannelKind, { per: number; most: number }[]>> = {
  // Feishu custom bot: 100 requests a minute and 5 a second.
  feishu: [
    { per: SECOND, most: 5 },
    { per: MINUTE, most: 100 },
  ],
  // DingTalk: 20 a minute; a robot sent more is blocked for ten minutes. DingTalk counts any 60 s.
  dingtalk: [{ per: MINUTE, most: 20 }],
  // WeCom group robot: 20 a minute, held to any 60 s.
  wecom: [{ per: MINUTE, most: 20 }],
};
const KINDS = Object.keys(RULES) as ChannelKind[];

/** The most of `times` in one window [t, t + per). */
const busiest = (times: readonly number[], per: number): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= per) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
};

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

/** Arrivals `gap` ms apart: each alone when it comes, so the pace, not the bundling, decides. */
const steady = (count: number, gap: number): number[] => Array.from({ length: count }, (_, i) => i * gap);

/**
 * Runs a storm of rows: each written and streamed at its arrival, the minute's run each minute (and at
 * `extraRuns`, a minute run woken at once with another), until nothing waits. `groups` robots'
 * channels, all registered with the one robot URL, the rows dealt among them in turn.
 */
const storm = async (kind: ChannelKind, arrivals: readonly number[], options: { groups?: number; extraRuns?: readonly number[] } = {}) => {
  const world = makeWorld('2026-12-01T08:00:00.000Z');
  const groups = Array.from({ length: options.groups ?? 1 }, (_, n) => world.group(n === 0 ? 'zhihui' : `zhihui-${n}`, kind));
  const start = world.now().getTime();
  const events = [
    ...arrivals.map((after, i) => ({ at: start + after, row: `esc-${String(i).padStart(3, '0')}`, to: groups[i % groups.length]! })),
    ...Array.from({ length: 60 }, (_, i) => ({ at: start + (i + 1) * MINUTE, row: undefined, to: undefined })),
    ...(options.extraRuns ?? []).map((after) => ({ at: start + after, row: undefined, to: undefined })),
  ].sort((a, b) => a.at - b.at || (a.row === undefined ? 1 : -1));
  for (const event of events) {
    world.set(event.at);
    if (event.row) {
      world.write({ escalationId: event.row, recipient: event.to });
      // The stream's run and a minute's run woken together.
      await Promise.all([world.stream(event.to), ...(options.extraRuns?.includes(event.at - start) ? [world.minute()] : [])]);
    } else await world.minute();
  }
  return { world, rows: arrivals.map((_, i) => `esc-${String(i).padStart(3, '0')}`) };
};

const SHAPES: Record<string, (kind: ChannelKind) => number[]> = {
  // More than a minute's limit, each alone: the pace holds the rest.
  'one row every 100 ms for 30 s': () => steady(300, 100),
  'one row every 2 s for 3 minutes': () => steady(90, 2 * SECOND),
  'rows at random over 90 s': () => scattered(150, 90 * SECOND, 2026),
  'all at the same moment': () => Array.from({ length: 60 }, () => 0),
};

describe.each(KINDS)('a %s robot', (kind) => {
  it.each(Object.keys(SHAPES))('%s: each row posted once, none lost, never over the limit in any sliding window', async (shape) => {
    const { world, rows } = await storm(kind, SHAPES[shape]!(kind));

    const told = world.posts.flatMap((post) => subjectsOf(post.content));
    expect(told.sort(), 'each row once').toEqual([...rows].sort());
    expect(world.rows.all().every((row) => row.outcome === 'sent')).toBe(true);
    const times = world.posts.map((post) => post.at);
    for (const { per, most } of RULES[kind]!) expect(busiest(times, per), `posts in the busiest ${per / SECOND} s`).toBeLessThanOrEqual(most);
  });

  it('holds what the pace takes no more of for later: a storm of single rows still posts some at once and the rest within minutes', async () => {
    const { world } = await storm(kind, steady(120, 250));
    const start = Date.parse('2026-12-01T08:00:00.000Z');
    expect(world.posts[0]!.at).toBe(start);
    expect(Math.max(...world.posts.map((post) => post.at)) - start).toBeLessThanOrEqual(10 * MINUTE);
  });
});

describe('a model of the published limits, over any send times (fast-check)', () => {
  it('the pace lets through, of any tries at any times, never more in a sliding window than the service publishes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        // Tries in bursts: each a start and a number of tries a few ms apart.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * MINUTE }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 40 }),
        async (kind, bursts) => {
          const world = makeWorld('2026-12-01T08:00:00.000Z');
          const to = await destinationOf(world.deps.channels, world.group('zhihui', kind));
          const start = world.now().getTime();
          const tries = bursts.flatMap(([at, count, gap]) => Array.from({ length: count }, (_, i) => start + at + i * gap)).sort((a, b) => a - b);
          const passed: number[] = [];
          for (const at of tries) if ((await paceFull(world.pace, world.deps.notifier, to, new Date(at))) === undefined) passed.push(at);
          for (const { per, most } of RULES[kind]!) expect(busiest(passed, per)).toBeLessThanOrEqual(most);
        },
      ),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it('whatever the arrivals, the robots and runs woken together: each row posted once, and no sliding window over what the service publishes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        fc.array(fc.integer({ min: 0, max: 3 * MINUTE }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 3 * MINUTE }), { maxLength: 5 }),
        async (kind, arrivals, groups, extraRuns) => {
          const { world, rows } = await storm(kind, arrivals, { groups, extraRuns: [...extraRuns, ...arrivals.slice(0, 3)] });
          const told = world.posts.flatMap((post) => subjectsOf(post.content));
          expect(told.sort()).toEqual([...rows].sort());
          const times = world.posts.map((post) => post.at);
          for (const { per, most } of RULES[kind]!) expect(busiest(times, per)).toBeLessThanOrEqual(most);
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
  });
});

describe('two channels registered with one robot URL share its limit, as the service counts it', () => {
  it('never more than 20 a minute to the one WeCom robot across both', async () => {
    const world = makeWorld();
    const a = world.group('a', 'wecom');
    const b = world.group('b', 'wecom');
    const start = world.now().getTime();
    for (let i = 0; i < 100; i += 1) {
      world.set(start + i * 300);
      const to = i % 2 === 0 ? a : b;
      world.write({ escalationId: `esc-${i}`, recipient: to });
      await world.stream(to);
    }
    for (let minute = 1; minute <= 15; minute += 1) {
      world.set(start + minute * MINUTE);
      await world.minute();
    }
    expect(world.posts.flatMap((post) => subjectsOf(post.content))).toHaveLength(100);
    expect(busiest(world.posts.map((post) => post.at), MINUTE)).toBeLessThanOrEqual(20);
  });
});
