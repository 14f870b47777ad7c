/**
 * An in-memory fake of the stores the slot rule, ingest and the sweep use: the same conditions as the
 * DynamoDB adapters (version locks, "deadline still the one read", one open escalation per checkpoint),
 * in a Map. For fast tests of the domain's use cases; test/contract/stores.test.ts runs the same
 * checks on it and on DynamoDB Local, so the two keep agreeing.
 */
import type { OutboxEntry } from '../../functions/domain/escalation';
import type { EscalationStore } from '../../functions/domain/escalation';
import type { AlertGroup, Checkpoint, Community, Escalation, Notice, StoredReading } from '../../functions/domain/model';
import type { ReadingStore, ReadingWrite, RecordOutcome } from '../../functions/domain/readings';
import type { RegistryStore } from '../../functions/domain/registry';
import type { DayCounters } from '../../functions/domain/summary';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements ReadingStore, RegistryStore, EscalationStore {
  readonly communities = new Map<string, Community>();
  readonly checkpointsById = new Map<string, Checkpoint>();
  readonly readings = new Map<string, StoredReading>();
  readonly days = new Map<string, DayCounters>();
  readonly escalationsById = new Map<string, Escalation>();
  readonly groups = new Map<string, AlertGroup>();
  private readonly claims = new Set<string>();

  async community(communityId: string) {
    return copy(this.communities.get(communityId));
  }
  async checkpoint(checkpointId: string) {
    return copy(this.checkpointsById.get(checkpointId));
  }
  async checkpointsOf(communityId: string) {
    return [...this.checkpointsById.values()].filter((c) => c.communityId === communityId).map(copy);
  }
  async checkpoints(checkpointIds: string[]) {
    return checkpointIds.flatMap((id) => (this.checkpointsById.has(id) ? [copy(this.checkpointsById.get(id)!)] : []));
  }
  async saveCommunity(community: Community, isNew: boolean) {
    if (isNew === this.communities.has(community.communityId)) return false;
    this.communities.set(community.communityId, copy(community));
    return true;
  }
  async saveCheckpoint(checkpoint: Checkpoint, expectedVersion: number | undefined) {
    const current = this.checkpointsById.get(checkpoint.checkpointId);
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return false;
    this.checkpointsById.set(checkpoint.checkpointId, copy(checkpoint));
    return true;
  }

  async reading(checkpointId: string, submissionId: string) {
    return copy(this.readings.get(`${checkpointId}|${submissionId}`));
  }
  async record(write: ReadingWrite): Promise<RecordOutcome> {
    const { reading, checkpoint, day } = write;
    const key = `${checkpoint.checkpointId}|${reading.submissionId}`;
    if (this.readings.has(key)) return 'duplicate';
    const current = this.checkpointsById.get(checkpoint.checkpointId);
    if (!current || current.version !== checkpoint.expectedVersion) return 'stale';
    this.readings.set(key, copy(reading));
    const { expectedVersion, dueAt, ...fields } = checkpoint;
    const { dueAt: _old, ...rest } = current;
    this.checkpointsById.set(checkpoint.checkpointId, copy({ ...rest, ...fields, ...(dueAt && { dueAt }), version: expectedVersion + 1 }));
    const dayKey = `${checkpoint.checkpointId}|${day.date}`;
    const counters = this.days.get(dayKey) ?? { readings: 0, screened: 0, entries: 0, exits: 0, feverCount: 0, onTimeSlots: [], lateSlots: [] };
    counters.readings += 1;
    counters.screened += day.figures.screened;
    counters.entries += day.figures.entries;
    counters.exits += day.figures.exits;
    counters.feverCount += day.figures.feverCount;
    if (day.figures.maxTempC !== undefined) counters.maxTempC = day.figures.maxTempC;
    if (day.filled) {
      const slots = day.filled.timeliness === 'onTime' ? counters.onTimeSlots : counters.lateSlots;
      if (!slots.includes(day.filled.slotStart)) slots.push(day.filled.slotStart);
    }
    this.days.set(dayKey, counters);
    return 'stored';
  }
  dayCounters(checkpointId: string, date: string): DayCounters | undefined {
    return copy(this.days.get(`${checkpointId}|${date}`));
  }

  async escalation(escalationId: string) {
    return copy(this.escalationsById.get(escalationId));
  }
  async escalations(escalationIds: string[]) {
    return escalationIds.flatMap((id) => (this.escalationsById.has(id) ? [copy(this.escalationsById.get(id)!)] : []));
  }
  async overdueCheckpoints(now: Date) {
    return [...this.checkpointsById.values()].filter((c) => c.dueAt !== undefined && c.dueAt <= now.toISOString()).map((c) => c.checkpointId);
  }
  /** The checkpoint's deadline moved from `expected` to `next`, if it is still `expected` (and `also` holds). */
  private moveIf(checkpointId: string, expected: string, next: string | undefined, also: (c: Checkpoint) => boolean, change: Partial<Checkpoint> = {}): boolean {
    const current = this.checkpointsById.get(checkpointId);
    if (!current || current.dueAt !== expected || !also(current)) return false;
    const { dueAt: _old, ...rest } = current;
    this.checkpointsById.set(checkpointId, { ...rest, ...change, ...(next && { dueAt: next }), version: current.version + 1 });
    return true;
  }
  async openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt?: string }) {
    const { escalation } = input;
    if (this.escalationsById.has(escalation.escalationId)) return false;
    const stays = escalation.status === 'open';
    const moved = this.moveIf(escalation.checkpointId, input.expectedDueAt, input.nextDueAt, (c) => c.openEscalationId === undefined, stays ? { openEscalationId: escalation.escalationId } : {});
    if (moved) this.escalationsById.set(escalation.escalationId, copy(escalation));
    return moved;
  }
  async recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt?: string; missedSlots: string[] }) {
    const escalation = this.escalationsById.get(input.escalationId);
    if (!escalation) return false;
    const moved = this.moveIf(input.checkpointId, input.expectedDueAt, input.nextDueAt, (c) => c.openEscalationId === input.escalationId);
    if (moved) this.escalationsById.set(input.escalationId, { ...escalation, missedSlots: [...escalation.missedSlots, ...input.missedSlots], version: escalation.version + 1 });
    return moved;
  }
  async moveDeadline(input: { checkpointId: string; expectedDueAt: string; nextDueAt?: string }) {
    return this.moveIf(input.checkpointId, input.expectedDueAt, input.nextDueAt, () => true);
  }
  async saveEscalation(escalation: Escalation, expectedVersion: number) {
    if (this.escalationsById.get(escalation.escalationId)?.version !== expectedVersion) return false;
    this.escalationsById.set(escalation.escalationId, copy(escalation));
    return true;
  }
  async closeEscalation(escalation: Escalation, expectedVersion: number) {
    if (!(await this.saveEscalation(escalation, expectedVersion))) return false;
    const checkpoint = this.checkpointsById.get(escalation.checkpointId);
    if (checkpoint?.openEscalationId === escalation.escalationId) {
      const { openEscalationId: _id, ...rest } = checkpoint;
      this.checkpointsById.set(checkpoint.checkpointId, { ...rest, version: checkpoint.version + 1 });
    }
    return true;
  }
  async activeEscalations() {
    return [...this.escalationsById.values()].filter((e) => e.status === 'open' || e.status === 'acknowledged').map(copy);
  }
  async claimNotice(claim: { escalationId: string; kind: string; level: number; repeat: number; recipient: string }) {
    const key = JSON.stringify(claim);
    if (this.claims.has(key)) return false;
    this.claims.add(key);
    return true;
  }
  async saveGroup(group: AlertGroup) {
    this.groups.set(group.groupId, copy(group));
  }
  async group(groupId: string) {
    return copy(this.groups.get(groupId));
  }
  async claimGroupNotice(claim: { groupId: string; level: number; repeat: number; recipient: string; by: string }) {
    return this.claimNotice({ escalationId: claim.groupId, kind: 'group', level: claim.level, repeat: claim.repeat, recipient: claim.recipient });
  }
  async unreachable(_addresses: string[]) {
    return [];
  }
  async notices(_escalationId: string): Promise<Notice[]> {
    return [];
  }
  // The outbox: mail is not this fake's concern; nothing waits in it.
  async countNotice() {
    return true;
  }
  async hold(_entry: OutboxEntry) {}
  async dueOutbox(): Promise<OutboxEntry[]> {
    return [];
  }
  async claimOutbox() {
    return false;
  }
  async releaseOutbox() {}
  async removeOutbox() {}
  async markNotice() {}
}
