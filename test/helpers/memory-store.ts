/**
 * The in-memory store the fast domain tests use (the slot-rule driver): the port fakes of
 * test/helpers/fakes/ composed over one memory table, with what the table holds to read back.
 */
import type { Escalation } from '../../functions/domain/model';
import { MemoryTable, memoryStores } from './fakes/stores';

export const memoryStore = (table: MemoryTable = new MemoryTable()) => ({
  ...memoryStores(table),
  escalationsById: table.escalations as ReadonlyMap<string, Escalation>,
  dayCounters: (checkpointId: string, date: string) => table.dayCounters(checkpointId, date),
});

export type MemoryStore = ReturnType<typeof memoryStore>;
