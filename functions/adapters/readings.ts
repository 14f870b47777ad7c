/**
 * Readings in the table: each one under its checkpoint, kept `retentionDays` (the table's TTL), and
 * written in one transaction with what it changes — the checkpoint's slot state and watched deadline
 * (at the version read), the day's counters and the board stamp.
 */
import type { Escalation, StoredReading } from '../domain/model';
import type { ReadingStore, ReadingWrite } from '../domain/readings';
import { checkpointStamp } from './board-stamps';
import { readingsList, decodeCursor } from './cursor';
import { escalationItem } from './escalations';
import { checkpointKey, dayKey, escalationKey, deadlineShardOf, readingKey, readingTimeKey } from './keys';
import { pageOf, type Page, type PageRequest } from './registry';
import { tableSchema } from './table-schema';
import { cancellationCodes, strip, type Item, type Table, type TransactItem } from './table';

const TIME_INDEX = tableSchema.localIndexes[0].indexName;

export interface ReadingLog extends Pick<ReadingStore, 'reading' | 'record' | 'feverAlert'> {
  listReadings(query: PageRequest & { checkpointId: string; from: Date; to: Date }): Promise<Page<StoredReading>>;
}

export const readingLog = (table: Table, options: { retentionDays?: number } = {}): ReadingLog => {
  const retentionDays = options.retentionDays ?? 30;
  return {
    reading: (checkpointId, submissionId) => table.get<StoredReading>(readingKey(checkpointId, submissionId)),

    feverAlert: (alertId) => table.get<Escalation>(escalationKey(alertId)),

    listReadings: async (query) => {
      const { items, lastKey } = await table.queryPage(
        {
          IndexName: TIME_INDEX,
          KeyConditionExpression: 'pk = :pk AND lsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': checkpointKey(query.checkpointId).pk,
            ':from': readingTimeKey(query.from.toISOString()),
            ':to': readingTimeKey(query.to.toISOString()),
          },
          Limit: query.limit,
        },
        query.cursor ? decodeCursor(query.cursor, readingsList(query.checkpointId, query.from, query.to)) : undefined,
      );
      return pageOf(items.map((item) => strip<StoredReading>(item)), lastKey);
    },

    record: async ({ reading, checkpoint, day, fever }) => {
      const expiresAt = Math.floor(Date.parse(reading.receivedAt) / 1000) + retentionDays * 86_400;
      const dayAdds = ['readings :one', 'screened :screened', 'entries :entries', 'exits :exits', 'feverCount :fever'];
      const dayValues: Item = {
        ':one': 1,
        ':screened': day.figures.screened,
        ':entries': day.figures.entries,
        ':exits': day.figures.exits,
        ':fever': day.figures.feverCount,
        ':checkpointId': checkpoint.checkpointId,
        ':communityId': reading.communityId,
        ':date': day.date,
      };
      const daySets = ['checkpointId = :checkpointId', 'communityId = :communityId', '#date = :date'];
      if (day.figures.staffOnDuty !== undefined) {
        dayAdds.push('staffSum :staff', 'staffReadings :one');
        dayValues[':staff'] = day.figures.staffOnDuty;
      }
      if (day.figures.maxTempC !== undefined) {
        daySets.push('maxTempC = :maxTemp');
        dayValues[':maxTemp'] = day.figures.maxTempC;
      }
      if (day.unlikely) dayAdds.push('unlikelyReadings :one');
      if (day.copied) dayAdds.push('copiedReadings :one');
      if (day.filled) {
        dayAdds.push(`${day.filled.timeliness}Slots :slot`);
        dayValues[':slot'] = new Set([String(day.filled.slotStart)]);
      }
      try {
        await table.transact([
          {
            Put: {
              Item: { ...readingKey(checkpoint.checkpointId, reading.submissionId), lsi1sk: readingTimeKey(reading.receivedAt), expiresAt, ...reading },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              Key: checkpointKey(checkpoint.checkpointId),
              UpdateExpression:
                'SET lastReadingAt = :last, filledRuns = :filled, recentMaxTempC = :maxTemps, rateWindow = :window, rateCount = :count, version = :next' +
                (checkpoint.lastFigures !== undefined ? ', lastFigures = :figures, sameFiguresRun = :run' : '') +
                (checkpoint.feverAlertId ? ', feverAlertId = :fever' : '') +
                (checkpoint.zoneSpan ? ', zoneSpan = :span' : '') +
                (checkpoint.dueAt ? ', dueAt = :due, dueShard = :shard' : ' REMOVE dueAt, dueShard'),
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: {
                ':last': checkpoint.lastReadingAt,
                ':filled': checkpoint.filledRuns,
                ':maxTemps': checkpoint.recentMaxTempC,
                ':window': checkpoint.rateWindow,
                ':count': checkpoint.rateCount,
                ...(checkpoint.lastFigures !== undefined && { ':figures': checkpoint.lastFigures, ':run': checkpoint.sameFiguresRun ?? 1 }),
                ':version': checkpoint.expectedVersion,
                ':next': checkpoint.expectedVersion + 1,
                ...(checkpoint.zoneSpan && { ':span': checkpoint.zoneSpan }),
                ...(checkpoint.feverAlertId && { ':fever': checkpoint.feverAlertId }),
                ...(checkpoint.dueAt && { ':due': checkpoint.dueAt, ':shard': deadlineShardOf(checkpoint.checkpointId) }),
              },
            },
          },
          {
            Update: {
              Key: dayKey(checkpoint.checkpointId, day.date),
              UpdateExpression: `SET ${daySets.join(', ')} ADD ${dayAdds.join(', ')}`,
              ExpressionAttributeNames: { '#date': 'date' },
              ExpressionAttributeValues: dayValues,
            },
          },
          // Last, so the cancellation reasons above keep their places.
          checkpointStamp(checkpoint.checkpointId, { checkpoint: true, ...(fever && { escalation: true }) }),
          // A fever alert opened (its id free) or joined (at the version read): its first level is the flow's, told at once.
          ...(fever ? [feverAlertPut(fever)] : []),
        ]);
        return 'stored';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const [readingCode, checkpointCode] = codes;
        if (readingCode === 'ConditionalCheckFailed') return 'duplicate';
        if (checkpointCode === 'ConditionalCheckFailed') return 'stale';
        // The gate's fever alert changed meanwhile (a level opened, someone handled it): planned again.
        if (fever && codes[4] === 'ConditionalCheckFailed') return 'stale';
        if (codes.includes('TransactionConflict')) return 'stale';
        throw error;
      }
    },
  };
};

/** The fever alert's write in the reading's transaction: a new one only where its id is free, the open one only at the version read. */
const feverAlertPut = (fever: NonNullable<ReadingWrite['fever']>): TransactItem =>
  'open' in fever
    ? { Put: { Item: escalationItem(fever.open), ConditionExpression: 'attribute_not_exists(pk)' } }
    : { Put: { Item: escalationItem(fever.join), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': fever.expectedVersion } } };
