/**
 * The readings' fake: a reading is stored once, with what it changes — the checkpoint at the version
 * read, the day's counters, a fever alert opened (its id free) or joined (at the version read) — or
 * nothing at all ('duplicate' before 'stale', as the table's transaction reports them).
 */
import type { ReadingStore } from '../../../functions/domain/readings';
import { copy, type MemoryTable } from './memory-table';

export const memoryReadingLog = (table: MemoryTable): Pick<ReadingStore, 'reading' | 'record' | 'feverAlert'> => ({
  feverAlert: async (alertId) => copy(table.escalations.get(alertId)),

  reading: async (checkpointId, submissionId) => copy(table.readings.get(`${checkpointId}|${submissionId}`)),

  record: async ({ reading, checkpoint, day, fever }) => {
    const key = `${checkpoint.checkpointId}|${reading.submissionId}`;
    if (table.readings.has(key)) return 'duplicate';
    const current = table.checkpoints.get(checkpoint.checkpointId);
    if (!current || current.version !== checkpoint.expectedVersion) return 'stale';
    if (fever && 'open' in fever && table.escalations.has(fever.open.escalationId)) return 'stale';
    if (fever && 'join' in fever && table.escalations.get(fever.join.escalationId)?.version !== fever.expectedVersion) return 'stale';
    if (fever) {
      const alert = 'open' in fever ? fever.open : fever.join;
      table.escalations.set(alert.escalationId, copy(alert));
    }
    table.readings.set(key, copy(reading));
    const { expectedVersion, dueAt, checkpointId: _id, ...fields } = copy(checkpoint);
    const { dueAt: _old, ...rest } = current;
    table.checkpoints.set(checkpoint.checkpointId, { ...rest, ...fields, ...(dueAt && { dueAt }), version: expectedVersion + 1 });

    const dayKey = `${checkpoint.checkpointId}|${day.date}`;
    const counters = table.days.get(dayKey) ?? {
      checkpointId: checkpoint.checkpointId, communityId: reading.communityId, date: day.date,
      readings: 0, screened: 0, entries: 0, exits: 0, feverCount: 0, staffSum: 0, staffReadings: 0, onTimeSlots: [], lateSlots: [],
    };
    counters.communityId = reading.communityId;
    counters.readings += 1;
    counters.screened += day.figures.screened;
    counters.entries += day.figures.entries;
    counters.exits += day.figures.exits;
    counters.feverCount += day.figures.feverCount;
    if (day.figures.staffOnDuty !== undefined) {
      counters.staffSum = (counters.staffSum ?? 0) + day.figures.staffOnDuty;
      counters.staffReadings = (counters.staffReadings ?? 0) + 1;
    }
    // Set, not raised: the table keeps the last reading's maximum.
    if (day.figures.maxTempC !== undefined) counters.maxTempC = day.figures.maxTempC;
    if (day.unlikely) counters.unlikelyReadings = (counters.unlikelyReadings ?? 0) + 1;
    if (day.copied) counters.copiedReadings = (counters.copiedReadings ?? 0) + 1;
    if (day.filled) {
      const slots = day.filled.timeliness === 'onTime' ? counters.onTimeSlots : counters.lateSlots;
      if (!slots.includes(day.filled.slotStart)) slots.push(day.filled.slotStart);
      slots.sort((a, b) => a - b);
    }
    table.days.set(dayKey, counters);
    return 'stored';
  },
});
