/**
 * What the daily summary (SummaryStore) and the officials' board (BoardStore) read and write, composed
 * of the adapters of the registry lists, day counters, summaries, escalations and board stamps.
 */
import type { BoardStore } from '../domain/board';
import type { SummaryStore } from '../domain/summaries';
import { boardStamps } from './board-stamps';
import { escalationHistory, escalations } from './escalations';
import { registryLists } from './registry';
import { dayCounters, summaries } from './summaries';
import type { Table } from './table';

export const summaryStore = (table: Table) => {
  const { activeEscalations } = escalations(table);
  const { escalationsOpenedBetween } = escalationHistory(table);
  const store = {
    ...registryLists(table),
    ...dayCounters(table),
    ...summaries(table),
    ...boardStamps(table),
    activeEscalations,
    escalationsOpenedBetween,
    activeEscalationCounts: async () => {
      const counts = new Map<string, number>();
      for (const { communityId } of await activeEscalations()) counts.set(communityId, (counts.get(communityId) ?? 0) + 1);
      return counts;
    },
  };
  return store satisfies SummaryStore & BoardStore;
};

export type SummaryAndBoardStore = ReturnType<typeof summaryStore>;
