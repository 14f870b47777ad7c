/**
 * The officials' board as data: what it shows, and how a refresh learns it without reading the whole
 * county each time. The board refreshes every 30 s while a county writes about once in 20 s, so most
 * refreshes find nothing or one checkpoint changed. Every write the board shows also moves a small
 * stamp (one per checkpoint, one per community, in the write's own transaction); a refresh reads the
 * stamps first, then only what they say changed, onto what the last refresh read. What depends on the
 * clock — a checkpoint's status, today's completeness, an escalation's age — is computed at `now` on
 * every refresh, so a board with nothing written is as true as one read afresh.
 */
import type { Checkpoint, Community, Escalation } from './model';
import { viewOf, type CheckpointView } from './registry';
import { summarizeDay, type DayCounters } from './summary';
import { localDateOf } from './time';

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
}

export interface BoardCommunity {
  communityId: string;
  name: string;
  timezone: string;
  checkpoints: CheckpointView[];
  /** Today's completeness in the community's own zone; null while no slot is expected yet. */
  completeness: number | null;
}

export interface Board {
  communities: BoardCommunity[];
  escalations: (Escalation & { checkpointName: string })[];
}

const changed = <V>(now: Map<string, V>, before: Map<string, V> | undefined, same: (a: V, b: V) => boolean): string[] =>
  [...now].filter(([id, stamp]) => !before?.has(id) || !same(before.get(id)!, stamp)).map(([id]) => id);

/** Today's date of a checkpoint: its own zone's, as its day counters are kept. */
const todayOf = (checkpoint: Checkpoint, now: Date) => localDateOf(now, checkpoint.timezone);

/**
 * The board's data as of now. With no snapshot (a fresh instance) it reads everything; with one, it
 * reads the stamps and then only the communities, checkpoints, day counters and escalations they say
 * moved, plus the day counters of checkpoints whose local date has turned.
 */
export const refreshBoard = async (store: BoardStore, previous: BoardSnapshot | undefined, now: Date): Promise<BoardSnapshot> => {
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
  const counters = requests.length > 0 ? await store.dayCountersOn(requests) : new Map<string, DayCounters>();
  for (const { checkpointId, date } of requests) {
    const found = counters.get(checkpointId);
    days.set(checkpointId, { date, ...(found && { counters: found }) });
  }
  return { stamps, communities, checkpoints, days, escalations };
};

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the board shows at `now`, from a snapshot: statuses and today's completeness are of this instant. */
export const boardAt = (snapshot: BoardSnapshot, now: Date): Board => {
  const members = new Map<string, Checkpoint[]>();
  for (const checkpoint of snapshot.checkpoints.values()) {
    const list = members.get(checkpoint.communityId);
    if (list) list.push(checkpoint);
    else members.set(checkpoint.communityId, [checkpoint]);
  }
  const communities = [...snapshot.communities.values()]
    .sort((a, b) => byId(a.communityId, b.communityId))
    .map((community): BoardCommunity => {
      const checkpoints = (members.get(community.communityId) ?? []).sort((a, b) => byId(a.checkpointId, b.checkpointId));
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
      return {
        communityId: community.communityId,
        name: community.name,
        timezone: community.timezone,
        checkpoints: checkpoints.map((c) => viewOf(c, now)),
        completeness: day.communities[0]!.completeness,
      };
    });
  return {
    communities,
    escalations: snapshot.escalations.map((e) => ({ ...e, checkpointName: snapshot.checkpoints.get(e.checkpointId)?.name ?? e.checkpointId })),
  };
};
