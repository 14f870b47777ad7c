/**
 * Drives the domain's own use cases — registering, pausing and resuming through putCheckpoint, readings
 * through acceptReading, the sweep (each escalation it opens ended at once, as a flow ends it) — over an in-memory store, and reads back what the API, the sweep
 * and the day summary would say. The slot-rule property test compares this with an independent model
 * of the rule in docs/slots.md; nothing here restates the rule itself.
 *
 * `simulate` is async (the use cases are): use fc.asyncProperty.
 */
import { randomUUID } from 'node:crypto';
import type { CheckpointBody } from '../../functions/contract/schemas';
import { missesOf, sweep, type EscalationDeps } from '../../functions/domain/escalation';
import { acceptReading, slotStateOf } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity, viewOf } from '../../functions/domain/registry';
import { missesSince, nextDeadline } from '../../functions/domain/slots';
import { summarizeDay } from '../../functions/domain/summary';
import { memoryStore } from '../helpers/memory-store';
import type { Event, Setup } from './slot-rule.model';

// The setup and the events are the model's own types: the property test builds them once for both.
export type { Event, Setup } from './slot-rule.model';

export interface Observation {
  readings: { at: Date; slot: { start: Date; end: Date }; filled?: 'onTime' | 'late' }[];
  nextDeadline: Date | undefined;
  shownDeadline: Date | null;
  status: 'new' | 'up' | 'late' | 'missed' | 'paused';
  missedRecorded: Date[];
  day(date: string): { expected: number; onTime: number; late: number; missed: number };
}

const keys = async () => ({ current: 'k1', keys: { k1: 'driver-key-0123456789abcdef0123456789abcdef' } });
const CHECKPOINT = 'gate';
const COMMUNITY = 'town';

export async function simulate(setup: Setup, events: readonly Event[], now: Date): Promise<Observation> {
  const store = memoryStore();
  await putCommunity(store, { communityId: COMMUNITY, body: { name: 'Town', timezone: setup.zone, contacts: [] }, now: setup.createdAt });
  const body = (active: boolean): CheckpointBody => ({
    name: 'Gate',
    communityId: COMMUNITY,
    schedule: setup.schedule,
    grace: setup.grace,
    contacts: [{ name: 'Leader', email: 'leader@example.org', role: 'leader' }],
    active,
    ...(setup.closures && { closures: setup.closures }),
  });
  await putCheckpoint(store, { checkpointId: CHECKPOINT, body: body(true), now: setup.createdAt, keys });
  // The slots each sweep records as missed. An escalation keeps them as a count and its ends (never a
  // list): the slots of each write it makes — those it found empty since the deadline it moved — are
  // read here as the write is made, from the checkpoint it was made for.
  const recorded: string[] = [];
  const slotsMissed = async (checkpointId: string, since: string, at: Date) => {
    const checkpoint = (await store.checkpoint(checkpointId))!;
    return missesSince(slotStateOf(checkpoint), new Date(since), at).missed.map((slot) => slot.start.toISOString());
  };
  const sweepAt = (at: Date) => {
    const deps: EscalationDeps = {
      store: {
        ...store,
        openEscalation: async (input) => {
          const slots = await slotsMissed(input.escalation.checkpointId, input.expectedDueAt, at);
          const made = await store.openEscalation(input);
          if (made) recorded.push(...slots);
          return made;
        },
        recordMiss: async (input) => {
          const slots = await slotsMissed(input.checkpointId, input.expectedDueAt, at);
          const made = await store.recordMiss(input);
          if (made) recorded.push(...slots);
          return made;
        },
      },
      flows: { start: async () => {} },
      linkKeys: keys,
      baseUrl: 'http://127.0.0.1',
      now: () => at,
      newId: randomUUID,
    };
    return sweep(deps);
  };
  /**
   * The escalations' flows end each one unresolved right after the sweep that opened it, as the default
   * policy's would hours later: what the status says must not hang on whether one is open (issue 18).
   */
  const flowsEnd = async (at: Date) => {
    for (const escalation of await store.activeEscalations()) {
      await store.commit({ escalation: { ...escalation, status: 'unresolved', closedAt: at.toISOString(), version: escalation.version + 1 }, expectedVersion: escalation.version, ends: true, rows: [] }, at);
    }
  };
  const readings: Observation['readings'] = [];
  for (const event of events) {
    if (event.kind === 'sweep') {
      await sweepAt(event.at);
      await flowsEnd(event.at);
    }
    else if (event.kind === 'pause' || event.kind === 'resume') {
      await putCheckpoint(store, { checkpointId: CHECKPOINT, body: body(event.kind === 'resume'), now: event.at, keys });
    } else {
      const submissionId = randomUUID();
      const checkpoint = (await store.checkpoint(CHECKPOINT))!;
      const readingBody = { submissionId, officer: 'Officer', screened: 1, entries: 1, exits: 0, feverCount: 0 };
      const { receipt } = await acceptReading(store, { checkpoint, body: readingBody, now: () => event.at, newId: randomUUID, readingsPerMinute: 1_000_000 });
      const stored = (await store.reading(CHECKPOINT, submissionId))!;
      readings.push({ at: event.at, slot: { start: new Date(receipt.slot.start), end: new Date(receipt.slot.end) }, ...(stored.filled && { filled: stored.filled }) });
    }
  }
  await sweepAt(now);
  const checkpoint = (await store.checkpoint(CHECKPOINT))!;
  const community = (await store.community(COMMUNITY))!;
  const view = viewOf(checkpoint, now);
  // What the escalations keep agrees with what was written: as many, from the first to the last.
  for (const escalation of store.escalationsById.values()) if (missesOf(escalation).count < 1) throw new Error('an escalation recorded no miss');
  const missedRecorded = recorded
    .map((start) => new Date(start))
    .sort((a, b) => a.getTime() - b.getTime());
  return {
    readings,
    nextDeadline: nextDeadline(slotStateOf(checkpoint), now),
    shownDeadline: view.nextDeadline === null ? null : new Date(view.nextDeadline),
    status: view.status,
    missedRecorded,
    day: (date) => {
      const counters = store.dayCounters(CHECKPOINT, date);
      const summary = summarizeDay(date, [{ communityId: COMMUNITY, name: community.name, checkpoints: [{ checkpoint, ...(counters && { counters }) }], escalations: [] }], 0, now, false);
      const { expected, onTime, late, missed } = summary.checkpoints[0]!;
      return { expected, onTime, late, missed };
    },
  };
}
