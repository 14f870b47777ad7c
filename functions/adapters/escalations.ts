/**
 * Escalations in the table: by id, and under their status on the parent index (sorted by community
 * and opening time), so that the active ones, a community's history and a day's are each a query.
 * Saved and closed at the version read; closing frees the checkpoint for its next escalation.
 * A list over several communities merges each community's newest (see listEscalations).
 */
import type { Escalations } from '../domain/escalation/ports';
import { withAudit } from './audit-trail';
import type { Escalation, EscalationStatus } from '../domain/model';
import type { SummaryStore } from '../domain/summaries';
import { checkpointStamp } from './board-stamps';
import { ACTIVE_STATUSES, ESCALATION_STATUSES, newestFirst } from '../domain/escalation/rules';
import { checkpointKey, escalationKey, escalationParent, escalationParentSort, ofEscalationParentSort } from './keys';
import { tableSchema } from './table-schema';
import { cancellationCodes, conditionFailed, type Item, type Key, type Table } from './table';

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

export const escalations = (table: Table): Escalations => {
  const saveEscalation: Escalations['saveEscalation'] = (escalation, expectedVersion, audit) =>
    table.transactIf(
      withAudit(
        [
          { Put: { Item: escalationItem(escalation), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } } },
          checkpointStamp(escalation.checkpointId, { escalation: true }),
        ],
        audit,
      ),
    );
  return {
    escalation: (escalationId) => table.get<Escalation>(escalationKey(escalationId)),
    escalations: (escalationIds) => table.batchGet<Escalation>([...new Set(escalationIds)].map(escalationKey)),
    activeEscalations: async () => (await Promise.all(ACTIVE_STATUSES.map((status) => withStatus(table, status)))).flat(),
    saveEscalation,
    addNotified: (escalationId, address) =>
      table.updateIf({
        Key: escalationKey(escalationId),
        UpdateExpression: 'SET notified = list_append(notified, :address), version = version + :one',
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(notified, :one_address)',
        ExpressionAttributeValues: { ':address': [address], ':one_address': address, ':one': 1 },
      }),
    /** Ends an escalation (resolved, unresolved or paused) and frees its checkpoint for the next one, atomically. */
    closeEscalation: async (escalation, expectedVersion) => {
      try {
        await table.transact([
          { Put: { Item: escalationItem(escalation), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } } },
          {
            Update: {
              Key: checkpointKey(escalation.checkpointId),
              UpdateExpression: 'REMOVE openEscalationId SET version = version + :one',
              ConditionExpression: 'openEscalationId = :id',
              ExpressionAttributeValues: { ':id': escalation.escalationId, ':one': 1 },
            },
          },
          checkpointStamp(escalation.checkpointId, { checkpoint: true, escalation: true }),
        ]);
        return true;
      } catch (error) {
        if (!conditionFailed(error)) throw error;
        // The checkpoint may already point elsewhere (deleted, or freed by an earlier close): close it alone.
        const [escalationCode, checkpointCode] = cancellationCodes(error) ?? [];
        if (escalationCode === 'None' && checkpointCode === 'ConditionalCheckFailed') return saveEscalation(escalation, expectedVersion);
        return false;
      }
    },
  };
};

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
