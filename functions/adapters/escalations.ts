/**
 * Escalations in the table: by id, and under their status on the parent index (sorted by community
 * and opening time), so that the active ones, a community's history and a day's are each a query.
 * Saved and closed at the version read; closing frees the checkpoint for its next escalation.
 */
import type { Escalations } from '../domain/escalation/ports';
import { withAudit } from './audit-trail';
import type { Escalation, EscalationStatus } from '../domain/model';
import type { SummaryStore } from '../domain/summaries';
import { checkpointStamp } from './board-stamps';
import { checkpointKey, escalationKey, escalationParent, escalationParentSort } from './keys';
import { tableSchema } from './table-schema';
import { cancellationCodes, conditionFailed, type Item, type Key, type Table } from './table';

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;
const ACTIVE: EscalationStatus[] = ['open', 'acknowledged'];
const ALL: EscalationStatus[] = ['open', 'acknowledged', 'resolved', 'unresolved', 'paused'];

export const escalationItem = (escalation: Escalation): Item => ({
  ...escalationKey(escalation.escalationId),
  gsi1pk: escalationParent(escalation.status),
  gsi1sk: escalationParentSort(escalation.communityId, escalation.openedAt, escalation.escalationId),
  ...escalation,
});

/** Escalations of one status, newest first (of a community: its sort prefix), at most `limit`. */
const withStatus = async (table: Table, status: EscalationStatus, sortCondition?: string, values: Item = {}, limit?: number): Promise<Escalation[]> => {
  const keys: Key[] = [];
  let start: Item | undefined;
  do {
    const page = await table.queryPage(
      {
        IndexName: PARENT_INDEX,
        KeyConditionExpression: `gsi1pk = :parent${sortCondition ? ` AND ${sortCondition}` : ''}`,
        ExpressionAttributeValues: { ':parent': escalationParent(status), ...values },
        ScanIndexForward: false,
        ...(limit && { Limit: limit }),
      },
      start,
    );
    keys.push(...page.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    start = limit && keys.length >= limit ? undefined : page.lastKey;
  } while (start);
  return table.batchGet<Escalation>(keys);
};

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
    activeEscalations: async () => (await Promise.all(ACTIVE.map((status) => withStatus(table, status)))).flat(),
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

/** What the admin API and the daily summary read of past escalations. */
export interface EscalationHistory extends Pick<SummaryStore, 'escalationsOpenedBetween'> {
  listEscalations(filter: { status?: EscalationStatus; communityId?: string; limit?: number }): Promise<Escalation[]>;
}

export const escalationHistory = (table: Table): EscalationHistory => ({
  listEscalations: async (filter) => {
    const statuses = filter.status ? [filter.status] : ALL;
    const limit = filter.limit ?? 100;
    const lists = await Promise.all(statuses.map((status) => withStatus(table, status, ...ofCommunity(filter.communityId), limit)));
    return lists.flat().sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1)).slice(0, limit);
  },
  /** Escalations of a community opened in [from, to), whatever their status. */
  escalationsOpenedBetween: async (communityId, from, to) => {
    const values = { ':from': `${communityId}#${from.toISOString()}`, ':to': `${communityId}#${to.toISOString()}` };
    const lists = await Promise.all(ALL.map((status) => withStatus(table, status, 'gsi1sk BETWEEN :from AND :to', values)));
    return lists.flat().filter((escalation) => escalation.openedAt < to.toISOString());
  },
});
