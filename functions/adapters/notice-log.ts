/**
 * Notices in the table, under their subject (an escalation, an alert group, a day's summary): the
 * notice rows (notice-rows.ts) and, from before them, notice records. What the escalation's page
 * lists (`notices`); whom earlier notices did not reach (`notReached`, for the next level). And the
 * addresses the mail service reported as bouncing or complaining, kept 30 days.
 */
import type { StepStore } from '../domain/escalation/ports';
import type { Notice } from '../domain/model';
import { addressKey, escalationKey } from './keys';
import { rowKey } from './notice-rows';
import type { Table } from './table';

/** An escalation's notices, as its page lists them: its rows (and records from before rows). */
export const noticeList = (table: Table): { notices(escalationId: string): Promise<Notice[]> } => ({
  notices: async (escalationId) => {
    const items = await table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': escalationKey(escalationId).pk, ':prefix': 'NOTICE#' },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, ...notice }) => notice as unknown as Notice);
  },

});

/** Whom an escalation's earlier level notices did not reach: its rows of lower levels that failed, and the addresses told that bounce. */
export const noticeReads = (table: Table): Pick<StepStore, 'notReached'> => ({
  notReached: async (escalationId, level, told) => {
    const unique = [...new Set(told.map((address) => address.toLowerCase()))];
    const [rows, bouncing] = await Promise.all([
      table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': escalationKey(escalationId).pk, ':prefix': 'NOTICE#level#' },
        ConsistentRead: true,
      }),
      unique.length === 0 ? Promise.resolve([]) : table.batchGet<{ address: string }>(unique.map(addressKey)),
    ]);
    // Failed for good; or still being tried again after the service did not take it (a row pending after
    // an attempt, a record from before rows `deferred`) when the level after it opens.
    const notYet = (row: Record<string, unknown>) => row.outcome === 'deferred' || (row.outcome === 'pending' && Number(row.attempts ?? 0) > 0);
    const notSent = (row: Record<string, unknown>) => row.outcome === 'failed' || notYet(row);
    const earlier = rows.filter((row) => Number(row.level) < level);
    // A row told within an alert group's shared row went as that row went: those read by key (one batch).
    const grouped = earlier.filter((row) => row.outcome === 'grouped' && typeof row.groupedInto === 'string');
    const shared = grouped.length === 0 ? [] : await table.batchGet<Record<string, unknown>>(grouped.map((row) => rowKey({ escalationId: String(row.groupedInto), kind: 'level', level: Number(row.level), repeat: Number(row.repeat), recipient: String(row.recipient) })));
    const failed = [...earlier.filter(notSent), ...shared.filter(notSent)];
    return [
      ...failed.map((row) => ({ recipient: String(row.recipient), ...(typeof row.error === 'string' && { error: row.error }) })),
      ...bouncing.map((item) => ({ recipient: item.address })),
    ];
  },
});

/** What the mail service's events write: an address that bounces or complains. */
export interface BounceLog {
  /** Records what the mail service said of an address (a bounce or a complaint). */
  markUnreachable(address: string, detail: { reason: string; at: Date }): Promise<void>;
}

export const bounceLog = (table: Table): BounceLog => ({
  markUnreachable: async (address, detail) => {
    // Kept 30 days: an address fixed since (a mailbox created again) is tried without a warning after that.
    const expiresAt = Math.floor(detail.at.getTime() / 1000) + 30 * 86_400;
    await table.put({ ...addressKey(address), address: address.toLowerCase(), reason: detail.reason, at: detail.at.toISOString(), expiresAt });
  },
});
