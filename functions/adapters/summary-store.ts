/**
 * Summaries in the table: a head item per date (county, communities, build id) and one row item per
 * checkpoint, under the build's id. A new build writes its rows, then flips the head to itself: a
 * reader sees one whole build, never a mix. Rows of the build before the previous one are deleted.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Community } from '../domain/model';
import type { SummaryStore } from '../domain/summaries';
import type { CheckpointSummary, DayCounters, DaySummary } from '../domain/summary';
import { DynamoEscalationStore } from './escalation-store';
import { everyPage, writeBatches } from './store';
import { dayKey, summaryKey, summaryRowKey, summaryRowPrefix } from './keys';

type Head = Omit<DaySummary, 'checkpoints'> & { buildId: string; previousBuildId?: string };

const numbers = (set: unknown): number[] => (set instanceof Set ? [...set].map(Number) : []);

export class DynamoSummaryStore extends DynamoEscalationStore implements SummaryStore {
  async allCommunities(): Promise<Community[]> {
    return everyPage((page) => this.listCommunities(page));
  }

  async dayCounters(checkpointIds: string[], date: string): Promise<Map<string, DayCounters>> {
    const items = await this.batchGet<Record<string, unknown>>(checkpointIds.map((id) => dayKey(id, date)));
    return new Map(
      items.map((item) => [
        String(item.checkpointId),
        {
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
        },
      ]),
    );
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
