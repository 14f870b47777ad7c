/**
 * Summaries in the table: a head item per date (county, communities, build id) and one row item per
 * checkpoint, under the build's id. A new build writes its rows, then flips the head to itself: a
 * reader sees one whole build, never a mix. Rows of the build before the previous one are deleted.
 * And the day counters each reading adds to, read by checkpoint and date.
 */
import type { BoardStore } from '../domain/board';
import type { SummaryStore } from '../domain/summaries';
import type { CheckpointSummary, DayCounters, DaySummary } from '../domain/summary';
import { dayKey, summaryKey, summaryRowKey, summaryRowPrefix } from './keys';
import type { Item, Table } from './table';

type Head = Omit<DaySummary, 'checkpoints'> & { buildId: string; previousBuildId?: string };

export type Summaries = Pick<SummaryStore, 'saveSummary' | 'summary'>;

export const summaries = (table: Table): Summaries => {
  const rows = async (date: string, buildId: string): Promise<CheckpointSummary[]> => {
    const items = await table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': summaryKey(date).pk, ':prefix': summaryRowPrefix(buildId) },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, ...row }) => row as unknown as CheckpointSummary);
  };
  const deleteRows = async (date: string, buildId: string): Promise<void> => {
    const old = await rows(date, buildId);
    await table.writeBatches(old.map((row) => ({ DeleteRequest: { Key: summaryRowKey(date, buildId, row.communityId, row.checkpointId) } })));
  };
  return {
    saveSummary: async (summary, buildId) => {
      const { checkpoints, ...rest } = summary;
      await table.writeBatches(checkpoints.map((row) => ({ PutRequest: { Item: { ...summaryRowKey(summary.date, buildId, row.communityId, row.checkpointId), ...row } } })));
      const previous = await table.get<Head>(summaryKey(summary.date));
      const head: Head = { ...rest, buildId, ...(previous && { previousBuildId: previous.buildId }) };
      await table.put({ ...summaryKey(summary.date), ...head });
      // Keep the build just replaced for readers still on it; drop the one before.
      if (previous?.previousBuildId && previous.previousBuildId !== buildId) await deleteRows(summary.date, previous.previousBuildId);
    },
    summary: async (date) => {
      const head = await table.get<Head>(summaryKey(date));
      if (!head) return undefined;
      const { buildId: _buildId, previousBuildId: _previous, ...rest } = head;
      return { ...rest, checkpoints: await rows(date, head.buildId) };
    },
  };
};

const numbers = (set: unknown): number[] => (set instanceof Set ? [...set].map(Number) : []);

/** A day item as the domain counts it (summaries, the board, histories). */
export const countersOf = (item: Item): DayCounters => ({
  readings: Number(item.readings ?? 0),
  unlikelyReadings: Number(item.unlikelyReadings ?? 0),
  copiedReadings: Number(item.copiedReadings ?? 0),
  screened: Number(item.screened ?? 0),
  entries: Number(item.entries ?? 0),
  exits: Number(item.exits ?? 0),
  feverCount: Number(item.feverCount ?? 0),
  ...(item.maxTempC !== undefined && { maxTempC: Number(item.maxTempC) }),
  staffSum: Number(item.staffSum ?? 0),
  staffReadings: Number(item.staffReadings ?? 0),
  onTimeSlots: numbers(item.onTimeSlots),
  lateSlots: numbers(item.lateSlots),
});

export type DayCounterReads = Pick<SummaryStore, 'dayCounters'> & Pick<BoardStore, 'dayCountersOn'>;

export const dayCounters = (table: Table): DayCounterReads => {
  const dayCountersOn = async (requests: { checkpointId: string; date: string }[]) => {
    const items = await table.batchGet<Item>(requests.map(({ checkpointId, date }) => dayKey(checkpointId, date)));
    return new Map(items.map((item) => [String(item.checkpointId), countersOf(item)]));
  };
  return { dayCountersOn, dayCounters: (checkpointIds, date) => dayCountersOn(checkpointIds.map((checkpointId) => ({ checkpointId, date }))) };
};
