/**
 * The audit page's filter both ways, as registration.ts is for the registration forms: the fields the
 * page shows — what was asked, an instant given with its offset shown as the local time it is — and GET
 * /audit's own query the fields make: a local date and time in the chosen community's zone (else the
 * county's) as the instant with its offset, checked with its schema (AuditQuery), each issue at the
 * filter's field. The links to older entries and back to the newest keep the filter.
 */
import { AuditQuery } from '../../contract/schemas';
import type { AuditListing } from '../../domain/audit-query';
import { DEFAULT_TIMEZONE } from '../../domain/time';
import { schemaIssue, type Issue } from './fields';
import { instantOf, localDateTimeOf } from './registration';

/** The filter as the page's GET form sends it (ConsoleAuditQuery): bounded text, or nothing. */
export interface AskedFilter {
  communityId?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

export interface AuditFilter {
  /** The filter's fields as the page shows them. */
  fields: { communityId: string; from: string; to: string };
  /** GET /audit's query the fields make; absent when its schema refuses them (then `issues` say why). */
  query?: AuditListing;
  issues: Issue[];
  /** The filter as asked, without the cursor: what the page's links keep. */
  kept: Record<string, string>;
}

const FILTER_FIELDS = ['communityId', 'from', 'to'];

/** Where an issue of GET /audit's query, or of listing it, is shown: at the filter's field; the cursor is the page's own. */
export const filterFieldOf = (path: string): string => (FILTER_FIELDS.includes(path) ? path : '');

const WITH_OFFSET = /[zZ]$|[+-]\d{2}:\d{2}$/;

/** `zoneOf` is the zone of a community the pass may see (the county's for any other, or none). */
export const auditFilterOf = (asked: AskedFilter, zoneOf: (communityId: string) => string | undefined): AuditFilter => {
  const text = (value: string | undefined) => value?.trim() ?? '';
  const [communityId, from, to] = [text(asked.communityId), text(asked.from), text(asked.to)];
  const zone = zoneOf(communityId) ?? DEFAULT_TIMEZONE;
  const shown = (value: string) => (WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value)) ? localDateTimeOf(value, zone) : value);
  const kept = { ...(communityId && { communityId }), ...(from && { from }), ...(to && { to }) };
  const parsed = AuditQuery.safeParse({
    ...(communityId && { communityId }),
    ...(from && { from: instantOf(from, zone) }),
    ...(to && { to: instantOf(to, zone) }),
    ...(asked.cursor && { cursor: asked.cursor }),
  });
  const fields = { communityId, from: shown(from), to: shown(to) };
  if (!parsed.success) return { fields, kept, issues: parsed.error.issues.map((issue) => schemaIssue(issue, filterFieldOf(issue.path.map(String).join('.')))) };
  return { fields, kept, query: parsed.data, issues: [] };
};

/** The page of the trail the filter asks for: the newest, or the one a cursor names. */
export const auditLink = (filter: AuditFilter, cursor?: string): string => {
  const search = new URLSearchParams({ ...filter.kept, ...(cursor && { cursor }) }).toString();
  return `/admin/audit${search ? `?${search}` : ''}`;
};
