/**
 * A fever reading opens the gate's fever alert in its own write — or joins the open one — as the rule
 * says (docs/fever.md): driven through acceptReading, as the form's posts are, over a small store that
 * keeps what the table's transaction would (the reading once by its submission, the checkpoint at its
 * version, the alert new only where its id is free, joined only at its version).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FEVER_JOIN_WINDOW_MS } from '../../../functions/domain/fever';
import type { Checkpoint, Community, Escalation, StoredReading } from '../../../functions/domain/model';
import { acceptReading, type ReadingStore, type ReadingWrite } from '../../../functions/domain/readings';
import { community as aCommunity, gate } from './fixtures';

const world = (options: { community?: Community; start?: Checkpoint } = {}) => {
  let checkpoint = options.start ?? gate({ createdAt: '2026-12-01T00:00:00Z' });
  const readings = new Map<string, StoredReading>();
  const alerts = new Map<string, Escalation>();
  const reads = { community: 0, feverAlert: 0 };
  /** Runs before a write is applied: a test can change the world under it. */
  let before: ((write: ReadingWrite) => void) | undefined;
  const store: ReadingStore = {
    checkpoint: async () => checkpoint,
    community: async () => {
      reads.community += 1;
      return options.community ?? aCommunity();
    },
    feverAlert: async (id) => {
      reads.feverAlert += 1;
      const found = alerts.get(id);
      return found && structuredClone(found);
    },
    reading: async (_checkpointId, submissionId) => readings.get(submissionId),
    record: async (write) => {
      before?.(write);
      before = undefined;
      if (readings.has(write.reading.submissionId)) return 'duplicate';
      if (write.checkpoint.expectedVersion !== checkpoint.version) return 'stale';
      if (write.fever && 'open' in write.fever && alerts.has(write.fever.open.escalationId)) return 'stale';
      if (write.fever && 'join' in write.fever && alerts.get(write.fever.join.escalationId)?.version !== write.fever.expectedVersion) return 'stale';
      readings.set(write.reading.submissionId, write.reading);
      const { expectedVersion, checkpointId: _id, ...fields } = write.checkpoint;
      checkpoint = { ...checkpoint, ...fields, version: expectedVersion + 1 };
      if (write.fever) {
        const alert = 'open' in write.fever ? write.fever.open : write.fever.join;
        alerts.set(alert.escalationId, alert);
      }
      return 'stored';
    },
  };
  return {
    store,
    alerts: () => [...alerts.values()],
    checkpoint: () => checkpoint,
    reads,
    setAlert: (alert: Escalation) => alerts.set(alert.escalationId, alert),
    beforeNextWrite: (change: (write: ReadingWrite) => void) => {
      before = change;
    },
  };
};

const at = (iso: string) => () => new Date(iso);
const fever = (tempC = 38.2, submissionId: string = randomUUID()) => ({ submissionId, officer: '张三', screened: 10, entries: 6, exits: 4, feverCount: 1, maxTempC: tempC, feverCases: [{ tempC, direction: 'in' as const, note: '王某某，咳嗽' }] });
const none = () => ({ submissionId: randomUUID(), officer: '张三', screened: 10, entries: 6, exits: 4, feverCount: 0 });

describe('a reading with a fever case', () => {
  it('opens a fever alert in its own write: level 0, its first level due at once, its case without the note; the receipt says the community is told', async () => {
    const w = world();
    const { created, receipt, openedFeverAlert } = await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(), now: at('2026-12-07T02:03:00Z'), newId: randomUUID });
    expect(created).toBe(true);
    expect(receipt.feverAlert).toBe(true);
    const [alert] = w.alerts();
    expect(w.alerts()).toHaveLength(1);
    expect(openedFeverAlert).toBe(alert!.escalationId);
    expect(alert).toMatchObject({ cause: 'fever', status: 'open', level: 0, checkpointId: 'east-gate', communityId: 'yuyue', nextActionAt: '2026-12-07T02:03:00.000Z', openedAt: '2026-12-07T02:03:00.000Z' });
    expect(alert!.cases).toEqual([{ tempC: 38.2, direction: 'in', takenAt: '2026-12-07T02:03:00.000Z', readingId: expect.any(String), officerRole: 'staff' }]);
    expect(JSON.stringify(alert)).not.toContain('王某某');
    expect(w.checkpoint().feverAlertId).toBe(alert!.escalationId);
  });

  it('sent again with the same submissionId opens nothing new, and answers as the first did (已通知社区)', async () => {
    const w = world();
    const body = fever();
    await acceptReading(w.store, { checkpoint: w.checkpoint(), body, now: at('2026-12-07T02:03:00Z'), newId: randomUUID });
    const again = await acceptReading(w.store, { checkpoint: w.checkpoint(), body, now: at('2026-12-07T02:04:00Z'), newId: randomUUID });
    expect(again.created).toBe(false);
    expect(again.receipt.feverAlert).toBe(true);
    expect(again.openedFeverAlert).toBeUndefined();
    expect(w.alerts()).toHaveLength(1);
    expect(w.alerts()[0]!.cases).toHaveLength(1);
  });

  it('three fevers at one gate within ten minutes are one alert with three cases; the next after the window opens another', async () => {
    const w = world();
    const opened: (string | undefined)[] = [];
    for (const [time, temp] of [['2026-12-07T02:00:00Z', 38.0], ['2026-12-07T02:04:00Z', 38.5], ['2026-12-07T02:09:59Z', 37.6]] as const) {
      opened.push((await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(temp), now: at(time), newId: randomUUID })).openedFeverAlert);
    }
    expect(w.alerts()).toHaveLength(1);
    expect(w.alerts()[0]!.cases!.map((c) => c.tempC)).toEqual([38.0, 38.5, 37.6]);
    // Only the first opened it: only its flow is started.
    expect(opened.filter(Boolean)).toHaveLength(1);
    const later = new Date(Date.parse('2026-12-07T02:00:00Z') + FEVER_JOIN_WINDOW_MS).toISOString();
    const next = await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(), now: at(later), newId: randomUUID });
    expect(next.openedFeverAlert).toBeDefined();
    expect(w.alerts()).toHaveLength(2);
  });

  it('joins the open alert at the version it read: an alert changed meanwhile (its level opened) makes the whole write stale, and it joins the alert as it is now', async () => {
    const w = world();
    await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(38.0), now: at('2026-12-07T02:00:00Z'), newId: randomUUID });
    const id = w.alerts()[0]!.escalationId;
    // The flow's Step opens level 1 between the reading's read and its write.
    w.beforeNextWrite(() => {
      const current = w.alerts()[0]!;
      w.setAlert({ ...current, level: 1, notified: ['li@example.org'], version: current.version + 1 });
    });
    await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(38.4), now: at('2026-12-07T02:02:00Z'), newId: randomUUID });
    const [alert] = w.alerts();
    expect(w.alerts()).toHaveLength(1);
    expect(alert).toMatchObject({ escalationId: id, level: 1, notified: ['li@example.org'], version: 2 });
    expect(alert!.cases!.map((c) => c.tempC)).toEqual([38.0, 38.4]);
  });

  it('does not join an alert someone has handled: it opens a new one', async () => {
    const w = world();
    await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(), now: at('2026-12-07T02:00:00Z'), newId: randomUUID });
    const first = w.alerts()[0]!;
    w.setAlert({ ...first, status: 'acknowledged', acknowledgedAt: '2026-12-07T02:01:00Z', acknowledgedBy: '王丽', version: first.version + 1 });
    const { openedFeverAlert } = await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(), now: at('2026-12-07T02:03:00Z'), newId: randomUUID });
    expect(openedFeverAlert).toBeDefined();
    expect(openedFeverAlert).not.toBe(first.escalationId);
    expect(w.checkpoint().feverAlertId).toBe(openedFeverAlert);
  });

  it("below the community's own threshold it alerts nobody, and the receipt does not say so", async () => {
    const w = world({ community: aCommunity({ feverThresholdC: 38.0 }) });
    const { receipt, openedFeverAlert } = await acceptReading(w.store, { checkpoint: w.checkpoint(), body: fever(37.6), now: at('2026-12-07T02:00:00Z'), newId: randomUUID });
    expect(w.alerts()).toHaveLength(0);
    expect(receipt.feverAlert).toBeUndefined();
    expect(openedFeverAlert).toBeUndefined();
  });
});

describe('a reading without a fever', () => {
  it('reads neither the community nor any alert, and opens nothing', async () => {
    const w = world();
    const { receipt } = await acceptReading(w.store, { checkpoint: w.checkpoint(), body: none(), now: at('2026-12-07T02:00:00Z'), newId: randomUUID });
    expect(w.reads).toEqual({ community: 0, feverAlert: 0 });
    expect(receipt.feverAlert).toBeUndefined();
    expect(w.alerts()).toHaveLength(0);
  });
});
