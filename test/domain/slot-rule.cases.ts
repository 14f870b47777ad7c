/**
 * The cases of the slot rule's property test (slot-rule.*.property.test.ts) and their run: the domain
 * against the slot rule, over random settings (issue 11 §1): random schedules (every PT30S …
 * P1D and crons), graces PT0S … P1D (below, at and above the slot), zones with and without daylight
 * saving, creation, pause and resume instants and readings clustered around slot boundaries, deadlines
 * and offset changes, and scheduled closures beside the pauses — daily ones at the hours where clocks
 * change and on slot boundaries, and closures once, on slot starts and ends or anywhere. The domain is reached only through the driver; the rule only through the
 * independent model (slot-rule.model.ts), which imports nothing of the domain.
 *
 * `npm test` runs SLOT_CASES (default 20,000) random cases, shared among three files so that the two
 * workers run them side by side (`SHARES`); `npm run test:slots:long` runs 200,000. A failure prints the
 * shrunk case with ISO instants and the first field where the two disagree; SLOT_SEED and SLOT_PATH
 * (printed by fast-check) replay it in the file that failed.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { simulate, type Event as DriverEvent, type Observation as DriverObservation, type Setup as DriverSetup } from './slot-rule.driver';
import {
  durationMs,
  localDatesBetween,
  simulateModel,
  slotsOverlapping,
  transitionsBetween,
  type ClosureSpec,
  type Event,
  type Observation,
  type ScheduleSpec,
  type Setup,
} from './slot-rule.model';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TOTAL_CASES = Number(process.env.SLOT_CASES ?? 20_000);
const SEED = process.env.SLOT_SEED === undefined ? undefined : Number(process.env.SLOT_SEED);
const PATH = process.env.SLOT_PATH;

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;
/** Creation instants are drawn from these years (the model knows 2024–2029; three days of horizon fit). */
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2027, 11, 28);

// ---------------------------------------------------------------------------------------------------
// A case, as fast-check prints it: plain values, instants as ISO strings.

export interface Case {
  zone: string;
  schedule: ScheduleSpec;
  grace: string;
  createdAt: string;
  events: { kind: Event['kind']; at: string }[];
  now: string;
  closures?: ClosureSpec[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Milliseconds as an ISO duration the way people write them: PT1H30M, PT45S, P1D. */
const isoDuration = (ms: number): string => {
  if (ms === DAY) return 'P1D';
  const seconds = Math.round(ms / SECOND);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const text = `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return text === 'PT' ? 'PT0S' : text;
};

// ---------------------------------------------------------------------------------------------------
// Schedules

const EVERY_LISTED = ['PT30S', 'PT1M', 'PT5M', 'PT7M', 'PT15M', 'PT25M', 'PT45M', 'PT1H', 'PT90M', 'PT2H', 'PT3H', 'PT5H', 'PT8H', 'PT12H', 'P1D'];

export const everySchedule: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EVERY_LISTED).map((every) => ({ every })) },
  // Any whole number of seconds in range, written as people write it (PT24H would be P1D, and is).
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 86_399 }).map((seconds) => ({ every: isoDuration(seconds * SECOND) })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1439 }).map((minutes) => ({ every: `PT${minutes}M` })) },
);

/** Hours and minutes where the zones in play change their clocks (01:30 Lord Howe, 02:45 Chatham, 24:00 Santiago). */
const dstHour = fc.oneof(fc.constantFrom(0, 1, 2, 3, 23), fc.integer({ min: 0, max: 23 }));
const dstMinute = fc.oneof(fc.constantFrom(0, 30, 45), fc.integer({ min: 0, max: 59 }));

export const cronSchedule: fc.Arbitrary<ScheduleSpec> = fc
  .oneof(
    fc.tuple(dstMinute, dstHour).map(([m, h]) => `${m} ${h} * * *`),
    fc
      .tuple(dstMinute, fc.uniqueArray(dstHour, { minLength: 2, maxLength: 4 }))
      .map(([m, hours]) => `${m} ${[...hours].sort((a, b) => a - b).join(',')} * * *`),
    fc.tuple(fc.constantFrom(1, 2, 5, 10, 15, 20, 30), dstHour).map(([n, h]) => `*/${n} ${h} * * *`),
    fc.tuple(dstMinute, fc.constantFrom(1, 2, 3, 4, 6, 8, 12)).map(([m, n]) => `${m} */${n} * * *`),
    fc.tuple(dstMinute, dstHour).map(([m, h]) => `${m} ${h} * * 1-5`),
    // Every N minutes all day; N of 10 and up, as the domain lists a cron's slots one by one and a
    // minute cron over three days costs it half a second a case.
    fc.constantFrom(10, 15, 20, 30).map((n) => `*/${n} * * * *`),
  )
  .map((cron) => ({ cron }));

// ---------------------------------------------------------------------------------------------------
// The rest of a case, drawn as raw choices and placed once the zone and schedule are known

type GraceChoice = { kind: 'zero' | 'day' | 'slot' } | { kind: 'below' | 'above'; f: number } | { kind: 'any'; seconds: number };
const graceChoice: fc.Arbitrary<GraceChoice> = fc.oneof(
  fc.constantFrom({ kind: 'zero' as const }, { kind: 'day' as const }, { kind: 'slot' as const }),
  fc.record({ kind: fc.constantFrom('below' as const, 'above' as const), f: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('any' as const), seconds: fc.integer({ min: 0, max: 86_400 }) }),
);

/** Offsets from a chosen instant: exactly on it, a millisecond or second either side, or further. */
const jitter = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constantFrom(-1, 1, -SECOND, SECOND, -MINUTE, MINUTE) },
  { weight: 2, arbitrary: fc.integer({ min: -2 * 3600, max: 2 * 3600 }).map((s) => s * SECOND) },
);

/** Where an event is put: anywhere, on a slot's start, on a deadline, inside a grace, on an offset change. */
type Anchor = 'uniform' | 'slotStart' | 'deadline' | 'inGrace' | 'transition';
const anchor: fc.Arbitrary<Anchor> = fc.constantFrom('uniform', 'slotStart', 'slotStart', 'deadline', 'deadline', 'inGrace', 'transition');

const creationChoice = fc.record({
  near: fc.constantFrom('transition', 'transition', 'transition', 'random', 'slotStart'),
  u: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  /** From a transition: hours either side, mostly a little before it so that the case runs across it. */
  hours: fc.oneof(fc.integer({ min: -6, max: 1 }), fc.integer({ min: -48, max: 24 })),
  jitter,
});

const horizonChoice = fc.record({
  seconds: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 * 3600 }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 26 * 3600 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 * 86_400 }) },
  ),
  /** Sometimes `now` is put on a slot boundary or a deadline. */
  onto: fc.constantFrom('free', 'free', 'slotStart', 'deadline'),
  jitter,
});

const eventChoice = fc.record({
  anchor,
  u: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  jitter,
  /** A toggle pauses an active checkpoint and resumes a paused one. */
  kind: fc.constantFrom('reading', 'reading', 'reading', 'reading', 'sweep', 'toggle', 'toggle'),
});

const pad2 = (n: number) => String(n).padStart(2, '0');
const clockTime = fc.tuple(dstHour, dstMinute).map(([h, m]) => `${pad2(h)}:${pad2(m)}`);

/** A closure: daily by the clock, or once — from an anchor, for a while or to a slot's end. */
const closureChoice = fc.oneof(
  fc.record({ kind: fc.constant('daily' as const), from: clockTime, to: clockTime }),
  fc.record({
    kind: fc.constant('once' as const),
    anchor,
    u: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    jitter,
    /** Hours moved back from the anchor, so that some closures begin before creation. */
    back: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
    end: fc.oneof(
      fc.record({ kind: fc.constant('slotEnd' as const), u: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), jitter }),
      fc.record({ kind: fc.constant('minutes' as const), minutes: fc.oneof(fc.integer({ min: 1, max: 180 }), fc.integer({ min: 1, max: 72 }).map((h) => h * 60)) }),
    ),
  }),
);
type ClosureChoice = ValueOf<typeof closureChoice>;

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Raw = ValueOf<ReturnType<typeof rawCaseOf>>;

const rawCaseOf = (schedule: fc.Arbitrary<ScheduleSpec>) =>
  fc.record({
    zone: fc.constantFrom(...ZONES),
    schedule,
    grace: graceChoice,
    creation: creationChoice,
    horizon: horizonChoice,
    /** Half the cases never pause: their toggles are readings. */
    pauses: fc.boolean(),
    events: fc.array(eventChoice, { maxLength: 12 }),
    /** Two cases in five have no closures. */
    closures: fc.oneof({ weight: 2, arbitrary: fc.constant([] as ClosureChoice[]) }, { weight: 3, arbitrary: fc.array(closureChoice, { minLength: 1, maxLength: 3 }) }),
  });

/** A grace for a slot of this length: none, P1D, the slot's own length, a fraction below or above it, or any. */
const graceFor = (choice: GraceChoice, slotLength: number): number => {
  const seconds = (ms: number) => Math.floor(ms / SECOND) * SECOND;
  switch (choice.kind) {
    case 'zero':
      return 0;
    case 'day':
      return DAY;
    case 'slot':
      return Math.min(slotLength, DAY);
    case 'below':
      return seconds(choice.f * slotLength);
    case 'above':
      return Math.min(DAY, slotLength + seconds(choice.f * (DAY - slotLength)));
    case 'any':
      return choice.seconds * SECOND;
  }
};

const pick = <T>(items: readonly T[], u: number): T | undefined => items[Math.floor(u * items.length)];

/** The instant nearest to `t` among candidates, else `t`. */
const nearestOf = (candidates: readonly number[], t: number): number =>
  candidates.reduce((best, c) => (Math.abs(c - t) < Math.abs(best - t) ? c : best), candidates[0] ?? t);

const place = (raw: Raw): Case => {
  const { zone, schedule } = raw;
  // Creation: near one of the zone's offset changes, at random, or on a slot boundary.
  const transitions = transitionsBetween(zone, FROM + 2 * DAY, TO - 2 * DAY).map((transition) => transition.at);
  const random = FROM + Math.floor(raw.creation.u * (TO - FROM));
  let created = Math.floor(random / SECOND) * SECOND;
  const nearTransition = pick(transitions, raw.creation.u);
  if (raw.creation.near === 'transition' && nearTransition !== undefined) created = nearTransition + raw.creation.hours * HOUR;
  if (raw.creation.near === 'slotStart') created = slotsOverlapping({ zone, schedule }, created, created + 1)[0]!.start;
  created += raw.creation.jitter;

  const slotHoldingCreation = slotsOverlapping({ zone, schedule }, created, created + 1)[0]!;
  const graceMs = graceFor(raw.grace, slotHoldingCreation.end - slotHoldingCreation.start);
  // A grace of whole seconds, so that it reads as an ISO duration; PT0S … P1D.
  const grace = isoDuration(Math.min(DAY, Math.round(graceMs / SECOND) * SECOND));

  let now = created + raw.horizon.seconds * SECOND;
  const slots = slotsOverlapping({ zone, schedule }, created, Math.max(now, created) + 1);
  const starts = slots.map((slot) => slot.start).filter((t) => t >= created);
  const deadlines = slots.map((slot) => slot.end + durationMs(grace)).filter((t) => t >= created);
  if (raw.horizon.onto === 'slotStart') now = nearestOf(starts, now) + raw.horizon.jitter;
  if (raw.horizon.onto === 'deadline') now = nearestOf(deadlines, now) + raw.horizon.jitter;
  now = Math.max(created, now);

  const within = (t: number) => t >= created && t <= now;
  const points: Record<Anchor, number[]> = {
    uniform: [],
    slotStart: starts.filter(within),
    deadline: deadlines.filter(within),
    inGrace: [],
    transition: transitionsBetween(zone, created, now).map((transition) => transition.at),
  };
  const graceEnds = slots.filter((slot) => slot.end >= created && slot.end < now);
  const times = raw.events.map((choice) => {
    let base = pick(points[choice.anchor], choice.u) ?? created + Math.floor(choice.u * (now - created));
    if (choice.anchor === 'inGrace' && graceEnds.length > 0) {
      // u picks the slot, what is left of it how far into the grace.
      const x = choice.u * graceEnds.length;
      base = graceEnds[Math.floor(x)]!.end + Math.floor((x - Math.floor(x)) * durationMs(grace));
    }
    return { t: Math.min(now, Math.max(created, base + choice.jitter)), kind: choice.kind };
  });
  // Distinct instants, in order; pause and resume alternate, starting with a pause.
  const seen = new Set<number>();
  const events: Case['events'] = [];
  let paused = false;
  for (const { t, kind } of times.sort((a, b) => a.t - b.t)) {
    if (seen.has(t)) continue;
    seen.add(t);
    const toggle = kind === 'toggle' && raw.pauses;
    const eventKind: Event['kind'] = toggle ? (paused ? 'resume' : 'pause') : kind === 'toggle' ? 'reading' : (kind as Event['kind']);
    if (toggle) paused = !paused;
    events.push({ kind: eventKind, at: iso(t) });
  }
  const closures = placeClosures(raw.closures, created, now, points, slots.map((slot) => slot.end));
  return { zone, schedule, grace, createdAt: iso(created), events, now: iso(now), ...(closures.length > 0 && { closures }) };
};

/** Minutes of the day an `HH:mm` names. */
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The closures of a case, as the contract takes them: a daily one with `to` equal to `from` moved an
 * hour on, and one that would leave no minute of the day open left out (the contract refuses those).
 */
const placeClosures = (choices: readonly ClosureChoice[], created: number, now: number, points: Record<Anchor, number[]>, slotEnds: readonly number[]): ClosureSpec[] => {
  const closures: ClosureSpec[] = [];
  const closedMinutes = new Set<number>();
  for (const choice of choices) {
    if (choice.kind === 'daily') {
      const from = choice.from;
      const to = choice.to === from ? `${pad2((minutesOf(from) / 60 + 1) % 24 | 0)}:${from.slice(3)}` : choice.to;
      const length = (minutesOf(to) - minutesOf(from) + 1440) % 1440;
      const minutes = Array.from({ length }, (_, m) => (minutesOf(from) + m) % 1440);
      if (new Set([...closedMinutes, ...minutes]).size === 1440) continue;
      for (const m of minutes) closedMinutes.add(m);
      closures.push({ daily: { from, to } });
      continue;
    }
    const base = pick(points[choice.anchor], choice.u) ?? created + Math.floor(choice.u * (now - created));
    const from = base + choice.jitter - choice.back * HOUR;
    const ends = slotEnds.filter((end) => end > from);
    const to =
      choice.end.kind === 'slotEnd' && ends.length > 0
        ? Math.max(from + 1, pick(ends, choice.end.u)! + choice.end.jitter)
        : from + (choice.end.kind === 'minutes' ? choice.end.minutes : 60) * MINUTE;
    closures.push({ from: iso(from), to: iso(to), ...(closures.length % 2 === 1 && { reason: '检测' }) });
  }
  return closures;
};

const caseOf = (schedule: fc.Arbitrary<ScheduleSpec>): fc.Arbitrary<Case> => rawCaseOf(schedule).map(place);

// ---------------------------------------------------------------------------------------------------
// Comparison

const setupOf = (c: Case): Setup & DriverSetup => ({
  zone: c.zone,
  schedule: c.schedule,
  grace: c.grace,
  createdAt: new Date(c.createdAt),
  ...(c.closures && { closures: c.closures }),
});
const eventsOf = (c: Case): (Event & DriverEvent)[] => c.events.map((event) => ({ kind: event.kind, at: new Date(event.at) }));

const text = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : value === undefined ? 'undefined' : JSON.stringify(value);

/** The first field in which the domain's observation differs from the model's, said readably; undefined when none does. */
const firstDifference = (model: Observation, domain: DriverObservation, dates: readonly string[]): string | undefined => {
  const differ = (field: string, expected: unknown, actual: unknown): string | undefined =>
    text(expected) === text(actual) ? undefined : `${field}: the rule says ${text(expected)}, the domain ${text(actual)}`;
  const first = (...checks: (() => string | undefined)[]): string | undefined => {
    for (const check of checks) {
      const difference = check();
      if (difference) return difference;
    }
    return undefined;
  };
  const readings = () => {
    const length = differ('readings.length', model.readings.length, domain.readings.length);
    if (length) return length;
    for (const [i, expected] of model.readings.entries()) {
      const actual = domain.readings[i]!;
      const field = `readings[${i}] (at ${expected.at.toISOString()})`;
      const difference =
        differ(`${field}.at`, expected.at, actual.at) ??
        differ(`${field}.slot.start`, expected.slot.start, actual.slot.start) ??
        differ(`${field}.slot.end`, expected.slot.end, actual.slot.end) ??
        differ(`${field}.filled`, expected.filled, actual.filled);
      if (difference) return difference;
    }
    return undefined;
  };
  const missed = () => {
    const expected = model.missedRecorded.map(text);
    const actual = domain.missedRecorded.map(text);
    const i = expected.findIndex((start, k) => actual[k] !== start);
    if (i >= 0) return `missedRecorded[${i}]: the rule says ${expected[i]}, the domain ${actual[i] ?? 'nothing'} (${expected.length} vs ${actual.length} slots)`;
    return differ('missedRecorded.length', expected.length, actual.length);
  };
  const days = () => {
    for (const date of dates) {
      const expected = model.day(date);
      const actual = domain.day(date);
      for (const key of ['expected', 'onTime', 'late', 'missed'] as const) {
        const difference = differ(`day(${date}).${key}`, expected[key], actual[key]);
        if (difference) return `${difference} (rule ${text(expected)}, domain ${text(actual)})`;
      }
    }
    return undefined;
  };
  return first(
    readings,
    () => differ('nextDeadline', model.nextDeadline, domain.nextDeadline),
    () => differ('shownDeadline', model.shownDeadline, domain.shownDeadline),
    () => differ('status', model.status, domain.status),
    missed,
    days,
  );
};

/** Where the domain departs from the rule on one case, or undefined. */
export const differenceIn = async (c: Case): Promise<string | undefined> => {
  const setup = setupOf(c);
  const events = eventsOf(c);
  const now = new Date(c.now);
  const model = simulateModel(setup, events, now);
  const domain = await simulate(setup, events, now);
  return firstDifference(model, domain, localDatesBetween(c.zone, setup.createdAt, now));
};

const runProperty = (schedule: fc.Arbitrary<ScheduleSpec>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(caseOf(schedule), async (c) => {
      const difference = await differenceIn(c);
      if (difference) throw new Error(`the domain differs from the rule — ${difference}`);
    }),
    { numRuns, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
  );

// ---------------------------------------------------------------------------------------------------
// Random cases, shared among files

/**
 * Of SLOT_CASES, 60 % on every: schedules and 40 % on crons (the dearer: croner answers the domain's
 * cron slots), a quarter of each in the unit project and the rest in the `slots` project, every: and
 * cron apart — three files that the two workers run side by side (vitest.config.ts).
 */
export const SHARES = {
  unit: { every: 0.25, cron: 0.25 },
  every: { every: 0.75, cron: 0 },
  cron: { every: 0, cron: 0.75 },
} as const;

export const randomCases = (share: keyof typeof SHARES) => {
  const everyRuns = Math.round(TOTAL_CASES * 0.6 * SHARES[share].every);
  const cronRuns = Math.round(TOTAL_CASES * 0.4 * SHARES[share].cron);
  // Generous limits: on a busy two-core machine the default is not enough for thousands of cases.
  const timeout = Math.max(300_000, TOTAL_CASES * 60);
  describe('the domain follows the slot rule: random cases', () => {
    if (everyRuns > 0) {
      it(`on every: schedules (${everyRuns} cases)`, { timeout }, async () => {
        await runProperty(everySchedule, everyRuns);
      });
    }
    if (cronRuns > 0) {
      it(`on cron schedules (${cronRuns} cases)`, { timeout }, async () => {
        await runProperty(cronSchedule, cronRuns);
      });
    }
  });
};
