/**
 * Listing the audit trail, for GET /audit and the console's audit page alike: newest first, between two
 * instants (both kept, either left open), for the scope the actor may see — the county admin's whole
 * county (the county's own entries too) or one community; an operator key's communities, or one of
 * them (another community is a 403, as everywhere an operator asks for one: functions/domain/operators.ts).
 */
import type { AuditEntry, AuditTrail } from './audit';
import { ValidationError } from './errors';
import { communitiesListed, type Actor, type Page } from './operators';

/** What is asked for, as GET /audit's query gives it (its schema, AuditQuery, produces this). */
export interface AuditListing {
  communityId?: string;
  /** Instants (ISO 8601 with their offset). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export const listAudit = async (trail: Pick<AuditTrail, 'auditEntries'>, actor: Actor, query: AuditListing): Promise<Page<AuditEntry>> => {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw new ValidationError('the range is empty', [{ path: 'from', message: 'from must not be after to' }]);
  const communityIds = communitiesListed(actor, query.communityId);
  return trail.auditEntries({ ...(communityIds && { communityIds }), ...(from && { from }), ...(to && { to }), limit: query.limit, ...(query.cursor && { cursor: query.cursor }) });
};
