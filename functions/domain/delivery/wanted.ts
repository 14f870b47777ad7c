/**
 * Whether a row is still worth sending when its turn comes. A level's notice says "this checkpoint has
 * not reported — act": once its escalation is no longer open (resolved, acknowledged, ended) or its
 * checkpoint has reported or been paused since the deadline it missed, it would tell something no
 * longer true, and is skipped (the resolution or the pause has its own rows). An alert group's shared
 * row (its subject the group, not one escalation) names the members still open and silent when it was
 * written, and is sent. Every other row — a resolution, an acknowledgement, an end, a summary — tells
 * what happened, and is always sent.
 */
import { isGroupSubject } from '../escalation/groups';
import { endsWithTheGate, excusingPause, hasReportedSince } from '../escalation/rules';
import type { Checkpoint, Escalation } from '../model';
import type { NoticeRow } from './rows';

/** What deciding it reads: the row's escalation and its checkpoint, two reads. */
export interface SubjectReads {
  escalation(escalationId: string): Promise<Escalation | undefined>;
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
}

export const wantedBy =
  (reads: SubjectReads) =>
  async (row: NoticeRow): Promise<boolean> => {
    if (row.notice.kind !== 'level' || isGroupSubject(row.notice.escalationId)) return true;
    const escalation = await reads.escalation(row.notice.escalationId);
    if (escalation?.status !== 'open') return false;
    // A fever alert is not ended by the checkpoint reporting or pausing (rules.ts, endsWithTheGate).
    if (!endsWithTheGate(escalation)) return true;
    const checkpoint = await reads.checkpoint(escalation.checkpointId);
    return !hasReportedSince(checkpoint, escalation) && !excusingPause(checkpoint, escalation);
  };
