/**
 * Summaries in the table: a head item per date (county, communities, build id) and one row item per
 * checkpoint, under the build's id. A new build writes its rows, then flips the head to itself: a
 * reader sees one whole build, never a mix. Rows of the build before the previous one are deleted.
 * And what the board reads: its stamps, and communities, checkpoints and day counters by key.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BoardStamps, BoardStore } from '../domain/board';
import type { Checkpoint, Community } from '../domain/model';
import type { SummaryStore } from '../domain/summaries';
import type { CheckpointSummary, DayCounters, DaySummary } from '../domain/summary';
import { DynamoEscalationStore } from './escalation-store';
import { everyPage, writeBatches } from './store';
import { BOARD, CHECKPOINTS, checkpointKey, communityKey, dayKey, summaryKey, summaryRowKey, summaryRowPrefix } from './keys';
import { tableSchema } from './table-schema';

type Head = Omit<DaySummary, 'checkpoints'> & { buildId: string; previousBuildId?: string };

const PARENT_INDEX = tableSchema.globalIndexes[0].indexName;

const numbers = (set: unknown): number[] => (set instanceof Set ? [...set].map(Number) : []);

const countersOf = (item: Record<string, unknown>): DayCounters => ({
  readings: Number(item.readings ?? 0),
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

export class DynamoSummaryStore extends DynamoEscalationStore implements SummaryStore, BoardStore {
  async allCommunities(): Promise<Community[]> {
    return everyPage((page) => this.listCommunities(page));
  }

  async dayCounters(checkpointIds: string[], date: string): Promise<Map<string, DayCounters>> {
    return this.dayCountersOn(checkpointIds.map((checkpointId) => ({ checkpointId, date })));
  }

  async dayCountersOn(requests: { checkpointId: string; date: string }[]): Promise<Map<string, DayCounters>> {
    const items = await this.batchGet<Record<string, unknown>>(requests.map(({ checkpointId, date }) => dayKey(checkpointId, date)));
    return new Map(items.map((item) => [String(item.checkpointId), countersOf(item)]));
  }

  /** Every stamp, in one query of small items (one request per megabyte: some 15,000 checkpoints). */
  async boardStamps(): Promise<BoardStamps> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :board',
      ExpressionAttributeValues: { ':board': BOARD },
      ProjectionExpression: 'sk, v, e',
      ConsistentRead: true,
    });
    const stamps: BoardStamps = { communities: new Map(), checkpoints: new Map() };
    for (const item of items) {
      const [kind, ...rest] = String(item.sk).split('#');
      const id = rest.join('#');
      if (kind === 'COMMUNITY') stamps.communities.set(id, Number(item.v ?? 0));
      else if (kind === 'CHECKPOINT') stamps.checkpoints.set(id, { v: Number(item.v ?? 0), e: Number(item.e ?? 0) });
    }
    return stamps;
  }

  async communitiesById(communityIds: string[]): Promise<Community[]> {
    return this.batchGet<Community>(communityIds.map(communityKey));
  }

  async checkpointsById(checkpointIds: string[]): Promise<Checkpoint[]> {
    return this.batchGet<Checkpoint>(checkpointIds.map(checkpointKey));
  }

  /** Every checkpoint of the county: its keys from the parent index in one query, then the items. */
  async allCheckpoints(): Promise<Checkpoint[]> {
    const keys = await this.queryAll({
      TableName: this.tableName,
      IndexName: PARENT_INDEX,
      KeyConditionExpression: 'gsi1pk = :parent',
      ExpressionAttributeValues: { ':parent': CHECKPOINTS },
    });
    return this.batchGet<Checkpoint>(keys.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
  }

  async activeEscalationCount(): Promise<number> {
    return (await this.activeEscalations()).length;
  }

  async saveSummary(summary: DaySummary, buildId: string): Promise<void> {
    const { checkpoints, ...rest } = summary;
    await writeBatches(
      this.db,
      this.tableName,
      checkpoints.map((row) => ({ PutRequest: { Item: { ...summaryRowKey(summary.date, buildId, row.communityId, row.checkpointId), ...row } } })),
    );
    const previous = await this.get<Head>(summaryKey(summary.date));
    const head: Head = { ...rest, buildId, ...(previous && { previousBuildId: previous.buildId }) };
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...summaryKey(summary.date), ...head } }));
    // Keep the build just replaced for readers still on it; drop the one before.
    if (previous?.previousBuildId && previous.previousBuildId !== buildId) await this.deleteRows(summary.date, previous.previousBuildId);
  }

  async summary(date: string): Promise<DaySummary | undefined> {
    const head = await this.get<Head>(summaryKey(date));
    if (!head) return undefined;
    const { buildId: _buildId, previousBuildId: _previous, ...rest } = head;
    return { ...rest, checkpoints: await this.rows<CheckpointSummary>(date, head.buildId) };
  }

  private async rows<T>(date: string, buildId: string): Promise<T[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': summaryKey(date).pk, ':prefix': summaryRowPrefix(buildId) },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, ...row }) => row as T);
  }

  private async deleteRows(date: string, buildId: string): Promise<void> {
    const rows = await this.rows<CheckpointSummary>(date, buildId);
    await writeBatches(this.db, this.tableName, rows.map((row) => ({ DeleteRequest: { Key: summaryRowKey(date, buildId, row.communityId, row.checkpointId) } })));
  }

}
