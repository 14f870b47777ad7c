/**
 * The officials' board as data: what it shows, and how a refresh learns it without reading the whole
 * county each time. The board refreshes every 30 s while a county writes about once in 20 s, so most
 * refreshes find nothing or one checkpoint changed. Every write the board shows also moves a small
 * stamp (one per checkpoint, one per community, in the write's own transaction); a refresh reads the
 * stamps first, then only what they say changed, onto what the last refresh read. What depends on the
 * clock — a checkpoint's status, today's completeness, an escalation's age — is computed at `now` on
 * every refresh, so a board with nothing written is as true as one read afresh.
 */
import { addCounts, datesUpTo, dayCountsOf, dayWeightOf, NO_COUNTS, registeredOn, withRates, type DayCounts, type DayHistoryStore, type HistoryDay } from './history';
import type { Checkpoint, Community, Escalation } from './model';
import { slotStateOf } from './readings';
import { viewOf, type CheckpointView } from './registry';
import { slotStrip, type SlotStrip } from './slot-strip';
import { summarizeDay, type DayCounters } from './summary';
import { localDateOf, rememberZoneSpan } from './time';
import { compareIds } from './text';
import { looksCopied } from './fever/copied';
import { isFeverAlert } from './fever/figures';
import { namedAddress } from './escalation/addresses';
import type { Named } from './words';

/** Stamps by id: a checkpoint's counts writes to it and its day (`v`) and to its escalations (`e`). */
export interface BoardStamps {
  communities: Map<string, number>;
  checkpoints: Map<string, { v: number; e: number }>;
}

export interface BoardStore {
  boardStamps(): Promise<BoardStamps>;
  allCommunities(): Promise<Community[]>;
  communitiesById(communityIds: string[]): Promise<Community[]>;
  allCheckpoints(): Promise<Checkpoint[]>;
  checkpointsById(checkpointIds: string[]): Promise<Checkpoint[]>;
  /** Day counters of each checkpoint for the date given with it. */
  dayCountersOn(requests: { checkpointId: string; date: string }[]): Promise<Map<string, DayCounters>>;
  activeEscalations(): Promise<Escalation[]>;
}

/** What one refresh read, and the stamps it read first: the next refresh reads only what moved since. */
export interface BoardSnapshot {
  stamps: BoardStamps;
  communities: Map<string, Community>;
  checkpoints: Map<string, Checkpoint>;
  /** Each checkpoint's counters of the local date they were read for (none: nothing counted that day). */
  days: Map<string, { date: string; counters?: DayCounters }>;
  escalations: Escalation[];
  /**
   * Each checkpoint's counts of the past days of the chart (its own zone's dates before today). A day
   * that is over no longer depends on the clock, so they are counted once, when read, and read again
   * only when a write can have changed them (staleDays). Absent: none known, the chart's past is empty.
   */
  past?: Map<string, PastDays>;
  /** When this refresh read the stamps (epoch ms): no reading the next one finds arrived much before. */
  refreshedAt?: number;
}

/** The chart's days: today and the 13 before it (the history routes' default too). */
export const BOARD_DAYS = 14;

export interface PastDays {
  /** The today these are the past of. */
  asOf: string;
  /** The slot rule they were counted under (ruleOf): counted again when it changes. */
  rule: string;
  counts: Map<string, DayCounts>;
}

/** `looksCopied`: its last readings carried the same figures COPIED_RUN times or more in a row (疑似重复上报; fever/copied.ts). */
export type BoardCheckpoint = CheckpointView & { today: SlotStrip; looksCopied?: true };

/** A day of the chart; `loading` while some of its checkpoints' counters are still to be read (PAST_READ_BUDGET). */
export type BoardDay = HistoryDay & { loading: boolean };

export interface BoardCommunity {
  communityId: string;
  name: string;
  timezone: string;
  checkpoints: BoardCheckpoint[];
  /** Today's completeness in the community's own zone; null while no slot is expected yet. */
  completeness: number | null;
  /** The last BOARD_DAYS days in the community's zone, oldest first; the last is today, partial. */
  history: BoardDay[];
}

export interface Board {
  communities: BoardCommunity[];
  /** `told`: whom each has told, as people and groups (never an address where a registration names one). */
  escalations: (Escalation & { checkpointName: string; told: Named[]; acknowledger?: Named })[];
}

const changed = <V>(now: Map<string, V>, before: Map<string, V> | undefined, same: (a: V, b: V) => boolean): string[] =>
  [...now].filter(([id, stamp]) => !before?.has(id) || !same(before.get(id)!, stamp)).map(([id]) => id);

/** Today's date of a checkpoint: its own zone's, as its day counters are kept. */
const todayOf = (checkpoint: Checkpoint, now: Date) => localDateOf(now, checkpoint.timezone);

/** What a past day's expected slots depend on besides its counters. */
const ruleOf = (c: Checkpoint): string => JSON.stringify([c.schedule, c.grace, c.timezone, c.createdAt, c.pauses, c.closures ?? []]);

/** How long before a refresh a reading it did not see may have been received (its request's time, at most 30 s at API Gateway). */
const IN_FLIGHT_MS = 60_000;

/**
 * The past dates of a checkpoint just read again whose counts may no longer hold: every one when its
 * slot rule changed (a pause, closures, its schedule) or none are known; else those a reading since
 * the last refresh can have counted for. Such a reading arrived after the last one that refresh knew
 * of, and after the refresh itself (less a request's time), and counts for the slot it arrives in or the
 * one before (slots.ts, assignSlot): nothing before the slot before that one — for slots of a few
 * hours, yesterday in the small hours and else no past day at all.
 */
const staleDays = (previous: BoardSnapshot | undefined, checkpoint: Checkpoint, known: PastDays | undefined, window: string[]): string[] => {
  if (!known || known.rule !== ruleOf(checkpoint)) return window;
  const before = previous?.checkpoints.get(checkpoint.checkpointId);
  if (checkpoint.lastReadingAt === before?.lastReadingAt) return [];
  const since = Math.max(before?.lastReadingAt ? Date.parse(before.lastReadingAt) : -Infinity, (previous?.refreshedAt ?? -Infinity) - IN_FLIGHT_MS);
  if (since === -Infinity) return window;
  const { schedule } = slotStateOf(checkpoint);
  const from = localDateOf(schedule.previous(schedule.slotAt(new Date(since))).start, checkpoint.timezone);
  return window.filter((date) => date >= from);
};

/**
 * The board's data as of now. With no snapshot (a fresh instance) it reads everything; with one, it
 * reads the stamps and then only the communities, checkpoints, day counters and escalations they say
 * moved, plus the day counters of checkpoints whose local date has turned.
 */
export const refreshBoard = async (store: BoardStore & DayHistoryStore, previous: BoardSnapshot | undefined, now: Date): Promise<BoardSnapshot> => {
  // Stamps first: a write made after this read moves a stamp the next refresh sees.
  const stamps = await store.boardStamps();
  const communities = new Map(previous?.communities);
  const checkpoints = new Map(previous?.checkpoints);
  const days = new Map(previous?.days);
  const stampedCheckpoints = changed(stamps.checkpoints, previous?.stamps.checkpoints, (a, b) => a.v === b.v);
  const escalationsMoved = changed(stamps.checkpoints, previous?.stamps.checkpoints, (a, b) => a.e === b.e).length > 0;
  const [listedCommunities, listedCheckpoints, escalations] = await Promise.all([
    previous ? store.communitiesById(changed(stamps.communities, previous.stamps.communities, (a, b) => a === b)) : store.allCommunities(),
    previous ? store.checkpointsById(stampedCheckpoints) : store.allCheckpoints(),
    !previous || escalationsMoved ? store.activeEscalations() : previous.escalations,
  ]);
  for (const community of listedCommunities) communities.set(community.communityId, community);
  const read = new Set<string>();
  for (const checkpoint of listedCheckpoints) {
    checkpoints.set(checkpoint.checkpointId, checkpoint);
    read.add(checkpoint.checkpointId);
    // Their zones' spans before any date is worked out, the communities' own among them (time.ts).
    rememberZoneSpan(checkpoint.zoneSpan);
  }
  // A full read lists checkpoints by an index that may lag a write by a moment; the stamps do not.
  const unlisted = stampedCheckpoints.filter((id) => !read.has(id));
  if (!previous && unlisted.length > 0) {
    for (const checkpoint of await store.checkpointsById(unlisted)) {
      checkpoints.set(checkpoint.checkpointId, checkpoint);
      read.add(checkpoint.checkpointId);
    }
  }
  const stale = [...checkpoints.values()].filter((c) => read.has(c.checkpointId) || days.get(c.checkpointId)?.date !== todayOf(c, now));
  const requests = stale.map((c) => ({ checkpointId: c.checkpointId, date: todayOf(c, now) }));
  const past = new Map(previous?.past);
  const pastRequests = pastDaysToRead(previous, checkpoints, read, past, now);
  const [counters, pastCounters] = await Promise.all([
    requests.length > 0 ? store.dayCountersOn(requests) : new Map<string, DayCounters>(),
    pastRequests.length > 0 ? store.countersOn(pastRequests) : new Map<string, Map<string, DayCounters>>(),
  ]);
  for (const { checkpointId, date } of requests) {
    const found = counters.get(checkpointId);
    days.set(checkpointId, { date, ...(found && { counters: found }) });
  }
  for (const { checkpointId, date } of pastRequests) {
    const checkpoint = checkpoints.get(checkpointId)!;
    past.get(checkpointId)!.counts.set(date, dayCountsOf(checkpoint, date, pastCounters.get(checkpointId)?.get(date), now));
  }
  return { stamps, communities, checkpoints, days, escalations, past, refreshedAt: now.getTime() };
};

/**
 * How much of the chart's past one refresh reads at most, in slot starts (a day item holds one per slot
 * filled, so this bounds its bytes too, to about 3 MB): a PT2H day weighs 28, a PT30S one 2,896. A
 * county of 350 checkpoints on PT2H reads its fortnight in one refresh; a fresh instance of a larger
 * or finer one fills its chart in over a few, coarse schedules and recent days first, rather than all
 * at once (1,000 checkpoints, a third of them on PT30S: 13,000 items and 150 MB, 15 s on DynamoDB Local).
 */
export const PAST_READ_BUDGET = 200_000;

/**
 * Brings each checkpoint's past days to today's window, in `past`, and says which to read now. A
 * checkpoint nothing was written to keeps its counts; when its date turns, the day just over is counted
 * from the counters the last refresh read for it as today (nothing since moved them, or its stamp would
 * say so). A checkpoint read again reads again what staleDays says a write can have changed. Days not
 * known yet are read within PAST_READ_BUDGET, lightest first; the rest wait for the next refresh.
 */
const pastDaysToRead = (
  previous: BoardSnapshot | undefined,
  checkpoints: Map<string, Checkpoint>,
  read: Set<string>,
  past: Map<string, PastDays>,
  now: Date,
): { checkpointId: string; date: string }[] => {
  const wanted: { checkpointId: string; date: string; weight: number }[] = [];
  for (const checkpoint of checkpoints.values()) {
    const { checkpointId } = checkpoint;
    const today = todayOf(checkpoint, now);
    const known = past.get(checkpointId);
    const moved = read.has(checkpointId);
    if (!moved && known?.asOf === today && known.counts.size === BOARD_DAYS - 1) continue;
    const window = datesUpTo(today, BOARD_DAYS).slice(0, -1);
    const stale = moved ? staleDays(previous, checkpoint, known, window) : [];
    const counts = new Map([...(known?.counts ?? [])].filter(([date]) => window.includes(date) && !stale.includes(date)));
    const held = moved ? undefined : previous?.days.get(checkpointId);
    const registered = registeredOn(checkpoint);
    let weight: number | undefined;
    for (const date of window) {
      if (counts.has(date)) continue;
      // A day before the checkpoint was registered expected nothing and counted nothing: not read.
      if (date < registered) counts.set(date, NO_COUNTS);
      else if (held?.date === date) counts.set(date, dayCountsOf(checkpoint, date, held.counters, now));
      else wanted.push({ checkpointId, date, weight: (weight ??= dayWeightOf(checkpoint, today)) });
    }
    past.set(checkpointId, { asOf: today, rule: ruleOf(checkpoint), counts });
  }
  // Lightest first, then the most recent: at least one a refresh, so even the heaviest gets read.
  wanted.sort((a, b) => a.weight - b.weight || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const requests: { checkpointId: string; date: string }[] = [];
  let spent = 0;
  for (const { checkpointId, date, weight } of wanted) {
    if (requests.length > 0 && spent + weight > PAST_READ_BUDGET) break;
    spent += weight;
    requests.push({ checkpointId, date });
  }
  return requests;
};


/** A checkpoint's today in its own zone, from the counters the snapshot holds for that date. */
const stripOf = (snapshot: BoardSnapshot, checkpoint: Checkpoint, now: Date): SlotStrip => {
  const today = todayOf(checkpoint, now);
  const known = snapshot.days.get(checkpoint.checkpointId);
  return slotStrip(checkpoint, today, known?.date === today ? known.counters : undefined, now);
};

/** What the board shows at `now`, from a snapshot: statuses and today's completeness are of this instant. */
export const boardAt = (snapshot: BoardSnapshot, now: Date): Board => {
  const members = new Map<string, Checkpoint[]>();
  for (const checkpoint of snapshot.checkpoints.values()) {
    const list = members.get(checkpoint.communityId);
    if (list) list.push(checkpoint);
    else members.set(checkpoint.communityId, [checkpoint]);
  }
  const communities = [...snapshot.communities.values()]
    .sort((a, b) => compareIds(a.communityId, b.communityId))
    .map((community): BoardCommunity => {
      const checkpoints = (members.get(community.communityId) ?? []).sort((a, b) => compareIds(a.checkpointId, b.checkpointId));
      const date = localDateOf(now, community.timezone);
      const day = summarizeDay(
        date,
        [
          {
            communityId: community.communityId,
            name: community.name,
            // Counters of another date (a checkpoint in another zone than its community) do not count today.
            checkpoints: checkpoints.map((checkpoint) => {
              const known = snapshot.days.get(checkpoint.checkpointId);
              return { checkpoint, ...(known?.date === date && known.counters && { counters: known.counters }) };
            }),
            escalations: [],
          },
        ],
        0,
        now,
        true,
      );
      const figures = day.communities[0]!;
      const { expected, onTime, late, readings, feverCount } = figures;
      const history = datesUpTo(date, BOARD_DAYS).map((d): BoardDay => {
        if (d === date) return { ...withRates(d, { expected, onTime, late, readings, feverCount }, true), loading: false };
        let sum = NO_COUNTS;
        let loading = false;
        for (const c of checkpoints) {
          const known = snapshot.past?.get(c.checkpointId);
          const counts = known?.counts.get(d);
          if (counts) sum = addCounts(sum, counts);
          // Not read yet (a fresh instance fills its chart in over a few refreshes); a checkpoint whose
          // own zone's dates are not the community's counts where they meet.
          else if (!known || known.asOf === date) loading = true;
        }
        return { ...withRates(d, sum, false), loading };
      });
      return {
        communityId: community.communityId,
        name: community.name,
        timezone: community.timezone,
        checkpoints: checkpoints.map((c) => ({ ...viewOf(c, now), today: stripOf(snapshot, c, now), ...(looksCopied(c.sameFiguresRun) && { looksCopied: true as const }) })),
        completeness: figures.completeness,
        history,
      };
    });
  return {
    communities,
    // Fever alerts first, above missed reports: a person at the gate waits on them.
    escalations: [...snapshot.escalations.filter(isFeverAlert), ...snapshot.escalations.filter((e) => !isFeverAlert(e))].map((e) => {
      const checkpoint = snapshot.checkpoints.get(e.checkpointId);
      const community = snapshot.communities.get(e.communityId);
      return {
        ...e,
        checkpointName: checkpoint?.name ?? e.checkpointId,
        told: e.notified.map((address) => namedAddress(address, checkpoint, community)),
        ...(e.acknowledgedBy && { acknowledger: namedAddress(e.acknowledgedBy, checkpoint, community) }),
      };
    }),
  };
};
