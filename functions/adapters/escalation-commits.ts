/**
 * The one way an escalation changes: `commit` writes the escalation (at the version read), its
 * checkpoint freed when it ends, the board's stamp, an acknowledgement's audit entry, and the notice
 * rows that tell of it (notice-rows.ts's putNewRow; whom a level cannot reach, as rows already failed)
 * in ONE TransactWriteItems. A transaction cancelled only because a row's put found the row there (a
 * retried task; an alert group's shared row another member wrote) is written again without those rows;
 * one whose checkpoint points elsewhere already (deleted, or freed by an earlier end) without that update.
 */
import type { EscalationChange, EscalationCommits } from '../domain/escalation/ports';
import { withAudit } from './audit-trail';
import { checkpointStamp } from './board-stamps';
import { escalationItem } from './escalations';
import { checkpointKey } from './keys';
import { putNewRow, rowKey } from './notice-rows';
import { cancellationCodes, type Table, type TransactItem } from './table';

const FAILED = 'ConditionalCheckFailed';

/** Whom a level names and cannot reach: a row written settled, failed with why (never sent, never in an index). */
const unreachedRowPut = (change: NonNullable<EscalationChange['unreached']>[number], now: Date): TransactItem => ({
  Put: {
    Item: { ...rowKey(change.notice), ...change.notice, outcome: 'failed', error: change.why.slice(0, 300), createdAt: now.toISOString(), failedAt: now.toISOString(), attempts: 0 },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The transaction's writes: the escalation first (its failure means another change came first), then the optional ones, each with its kind. */
const writesOf = (change: EscalationChange, now: Date): { item: TransactItem; kind: 'escalation' | 'checkpoint' | 'other' | 'row' }[] => {
  const { escalation } = change;
  return [
    { item: { Put: { Item: escalationItem(escalation), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': change.expectedVersion } } }, kind: 'escalation' },
    ...(change.ends
      ? [
          {
            item: {
              Update: {
                Key: checkpointKey(escalation.checkpointId),
                UpdateExpression: 'REMOVE openEscalationId SET version = version + :one',
                ConditionExpression: 'openEscalationId = :id',
                ExpressionAttributeValues: { ':id': escalation.escalationId, ':one': 1 },
              },
            },
            kind: 'checkpoint' as const,
          },
        ]
      : []),
    ...withAudit([checkpointStamp(escalation.checkpointId, { checkpoint: change.ends === true, escalation: true })], change.audit).map((item) => ({ item, kind: 'other' as const })),
    ...onePerKey(change.rows).map((row) => ({ item: putNewRow(row, now), kind: 'row' as const })),
    ...onePerKey(change.unreached ?? []).map((row) => ({ item: unreachedRowPut(row, now), kind: 'row' as const })),
  ];
};

/** A transaction may touch an item once: of two rows with one key (an address told twice, in two cases), the first. */
const onePerKey = <T extends { notice: Parameters<typeof rowKey>[0] }>(rows: T[]): T[] => {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const { pk, sk } = rowKey(row.notice);
    return !seen.has(`${pk}|${sk}`) && Boolean(seen.add(`${pk}|${sk}`));
  });
};

/** Tries of a transaction that met another on one of its items (an alert group's members writing the shared row at once). */
const CONFLICT_TRIES = 3;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));

export const escalationCommits = (table: Table): EscalationCommits => ({
  commit: async (change, now) => {
    let writes = writesOf(change, now);
    let conflicts = 0;
    // Each retry drops at least one write, or counts a conflict, so this ends.
    for (;;) {
      try {
        await table.transact(writes.map(({ item }) => item));
        return true;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === FAILED) return false;
        const failed = codes.map((code, i) => ({ code, write: writes[i] })).filter(({ code }) => code !== undefined && code !== 'None');
        if (failed.length > 0 && failed.every(({ code }) => code === 'TransactionConflict') && conflicts < CONFLICT_TRIES) {
          await pause((conflicts += 1));
          continue;
        }
        // Only rows found there, or a checkpoint that points elsewhere: written again without them.
        const droppable = failed.every(({ code, write }) => code === FAILED && (write?.kind === 'row' || write?.kind === 'checkpoint'));
        if (failed.length === 0 || !droppable) throw error;
        const dropped = new Set(failed.map(({ write }) => write));
        writes = writes.filter((write) => !dropped.has(write));
      }
    }
  },
});
