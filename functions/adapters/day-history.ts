/**
 * Day counters of checkpoints on several dates at once (histories, the board's chart): one BatchGet of
 * `DAY#<date>` items, 100 keys a request, answered by checkpoint and date. summaries.ts reads one date
 * per checkpoint and answers by checkpoint alone; this read keeps the date each item carries.
 */
import type { CountersByDay, DayHistoryStore } from '../domain/history';
import { documentClient } from './dynamo';
import { dayKey } from './keys';
import { countersOf } from './summaries';
import type { DayCounters } from '../domain/summary';
import { dynamoTable, type Item, type Table } from './table';

export const dayHistory = (table: Table): DayHistoryStore => ({
  countersOn: async (requests) => {
    const items = await table.batchGet<Item>(requests.map(({ checkpointId, date }) => dayKey(checkpointId, date)));
    const found = new Map<string, Map<string, DayCounters>>();
    for (const item of items) {
      const checkpointId = String(item.checkpointId);
      let days = found.get(checkpointId);
      if (!days) found.set(checkpointId, (days = new Map()));
      days.set(String(item.date), countersOf(item));
    }
    return found satisfies CountersByDay;
  },
});

/** The read on the process's one DynamoDB client. */
export const dayHistoryOn = (tableName: string): DayHistoryStore => dayHistory(dynamoTable(documentClient(), tableName));
