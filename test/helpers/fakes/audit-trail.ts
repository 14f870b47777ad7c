/**
 * The audit trail's fake: entries as the table's writes record them (memory-table.ts keeps those the
 * fake writes made), listed as the adapter lists them — of some communities or the whole county,
 * between two instants, newest first by `<at>#<auditId>`, a page at a time behind an opaque cursor
 * that is refused (400) when it is not one this list gave.
 */
import type { AuditEntry, AuditTrail } from '../../../functions/domain/audit';
import { ValidationError } from '../../../functions/domain/errors';
import { byKey, copy, type MemoryTable } from './memory-table';

const sortOf = (entry: AuditEntry) => `${entry.at}#${entry.auditId}`;

const refused = () => new ValidationError('the cursor is not valid', [{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);

/** The list a cursor belongs to: these communities, or the county's. */
const listOf = (communityIds: readonly string[] | undefined) => (communityIds === undefined ? '*' : communityIds.join(','));

const after = (cursor: string | undefined, list: string): string | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const { after: position, of } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown; of?: unknown };
    if (typeof position === 'string' && position.length > 0 && of === list) return position;
  } catch {
    // Refused below.
  }
  throw refused();
};

export const memoryAuditTrail = (table: MemoryTable): AuditTrail => ({
  recordAudit: async (entry) => table.recordAudit(entry),
  auditEntries: async ({ communityIds, from, to, limit, cursor }) => {
    const start = after(cursor, listOf(communityIds));
    const listed = byKey(
      [...table.audit.values()]
        .filter((entry) => communityIds === undefined || (entry.communityId !== undefined && communityIds.includes(entry.communityId)))
        .filter((entry) => (!from || entry.at >= from.toISOString()) && (!to || entry.at <= to.toISOString()))
        .map((entry) => [sortOf(entry), copy(entry)] as [string, AuditEntry]),
      true,
    ).filter((entry) => start === undefined || sortOf(entry) < start);
    const items = listed.slice(0, limit);
    const next = () => Buffer.from(JSON.stringify({ after: sortOf(items[items.length - 1]!), of: listOf(communityIds) })).toString('base64url');
    return listed.length > limit ? { items, next: next() } : { items };
  },
});
