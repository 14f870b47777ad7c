/**
 * Escalations in the table: by id, and under their status on the parent index (sorted by community
 * and opening time), so that the active ones, a community's history and a day's are each a query.
 * They are written only with the rows that tell of each change (escalation-commits.ts), and opened by
 * the sweep (deadlines.ts). A list over several communities merges each community's newest (see listEscalations).
 */
import type { AckStore, StepStore, SweepStore } from '../domain/escalation/ports';
import type { Checkpoint, Escalation, EscalationStatus } from '../domain/model';
import type { SummaryStore } from '../domain/summaries';
import { ACTIVE_STATUSES, ESCALATION_STATUSES, newestFirst } from '../domain/escalation/rules';
import { checkpointKey, escalationKey, escalationParent, escalationParentSort, ofEscalationParentSort } from './keys';
import { tableSchema } from './table-schema';
import type { Item, Key, Table } from './table';

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;

export const escalationItem = (escalation: Escalation): Item => ({
  ...escalationKey(escalation.escalationId),
  gsi1pk: escalationParent(escalation.status),
  gsi1sk: escalationParentSort(escalation.communityId, escalation.openedAt, escalation.escalationId),
  ...escalation,
});

/** Index entries (keys and the parent sort) of escalations of one status, newest first (of a community: its sort prefix), at most `limit`. */
const keysWithStatus = async (table: Table, status: EscalationStatus, sortCondition?: string, values: Item = {}, limit?: number): Promise<Item[]> => {
  const entries: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await table.queryPage(
      {
        IndexName: PARENT_INDEX,
        KeyConditionExpression: `gsi1pk = :parent${sortCondition ? ` AND ${sortCondition}` : ''}`,
        ExpressionAttributeValues: { ':parent': escalationParent(status), ...values },
        ScanIndexForward: false,
        ...(limit && { Limit: limit - entries.length }),
      },
      start,
    );
    entries.push(...page.items);
    start = limit && entries.length >= limit ? undefined : page.lastKey;
  } while (start);
  return entries;
};

const keyOf = (entry: Item): Key => ({ pk: String(entry.pk), sk: String(entry.sk) });

/** Every escalation of one status (that matches the sort condition). */
const withStatus = async (table: Table, status: EscalationStatus, sortCondition?: string, values: Item = {}): Promise<Escalation[]> =>
  table.batchGet<Escalation>((await keysWithStatus(table, status, sortCondition, values)).map(keyOf));

const ofCommunity = (communityId?: string): [string | undefined, Item] => (communityId ? ['begins_with(gsi1sk, :prefix)', { ':prefix': `${communityId}#` }] : [undefined, {}]);

/** Escalations as the use cases read them: one, a group's members with their checkpoints, the active ones. */
export const escalations = (table: Table): Pick<StepStore, 'escalation' | 'members'> & Pick<AckStore, 'escalation'> & Pick<SweepStore, 'activeEscalations'> => ({
  escalation: (escalationId) => table.get<Escalation>(escalationKey(escalationId)),
  members: async (escalationIds) => {
    const found = await table.batchGet<Escalation>([...new Set(escalationIds)].map(escalationKey));
    const checkpoints = new Map((await table.batchGet<Checkpoint>([...new Set(found.map((e) => e.checkpointId))].map(checkpointKey))).map((c) => [c.checkpointId, c]));
    return found.flatMap((escalation) => (checkpoints.has(escalation.checkpointId) ? [{ escalation, checkpoint: checkpoints.get(escalation.checkpointId)! }] : []));
  },
  activeEscalations: async () => (await Promise.all(ACTIVE_STATUSES.map((status) => withStatus(table, status)))).flat(),
});

/** What the admin API, the console and the daily summary read of past escalations. */
export interface EscalationHistory extends Pick<SummaryStore, 'escalationsOpenedBetween'> {
  /**
   * The newest `limit` escalations (`newestFirst`) of these communities with one of these statuses (any
   * unless given): exactly those, whichever community they are in.
   */
  listEscalations(filter: { communityIds: readonly string[]; statuses?: readonly EscalationStatus[]; limit: number }): Promise<Escalation[]>;
}

export const escalationHistory = (table: Table): EscalationHistory => ({
  /**
   * The index sorts a status by community before time, so each community's newest `limit` of each
   * status are read (keys only, one query each: a county's handful of communities), merged by the
   * order their sort keys tell, and only the `limit` kept are read whole (BatchGet keeps their order).
   * Each once, and only in a status asked, as read: for the moment the index lags a change of status, one
   * just ended may be left out of a list it was in, never shown twice or under the status it left.
   */
  listEscalations: async ({ communityIds, statuses = ESCALATION_STATUSES, limit }) => {
    const lists = await Promise.all(statuses.flatMap((status) => communityIds.map((communityId) => keysWithStatus(table, status, ...ofCommunity(communityId), limit))));
    // The index follows the table a moment late: one just ended may be listed under its old status too.
    const entries = new Map(lists.flat().map((entry) => [String(entry.pk), { key: keyOf(entry), ...ofEscalationParentSort(String(entry.gsi1sk)) }]));
    const kept = [...entries.values()].sort(newestFirst).slice(0, limit);
    const read = await table.batchGet<Escalation>(kept.map((entry) => entry.key));
    return read.filter((escalation) => statuses.includes(escalation.status));
  },
  /** Escalations of a community opened in [from, to), whatever their status. */
  escalationsOpenedBetween: async (communityId, from, to) => {
    const values = { ':from': `${communityId}#${from.toISOString()}`, ':to': `${communityId}#${to.toISOString()}` };
    const lists = await Promise.all(ESCALATION_STATUSES.map((status) => withStatus(table, status, 'gsi1sk BETWEEN :from AND :to', values)));
    return lists.flat().filter((escalation) => escalation.openedAt < to.toISOString());
  },
});
