/**
 * The audit page's filter both ways, as registration.ts is for the registration forms: the fields the
 * page shows — what was asked, an instant given with its offset shown as the local time it is — and GET
 * /audit's own query the fields make: a local date and time in the chosen community's zone (else the
 * county's) as the instant with its offset, checked with its schema (AuditQuery), each issue at the
 * filter's field. The links to older entries and back to the newest keep the filter.
 */
import { AuditQuery } from '../../contract/schemas';
import type { AuditListing } from '../../domain/audit-query';
import { DEFAULT_TIMEZONE, isValidLocalDate } from '../../domain/time';
import { schemaIssue, type Issue } from './fields';
import { instantOf, localDateTimeOf } from './registration';

/**
 * The filter as the page's GET form sends it (ConsoleAuditQuery): bounded text, or nothing. A bound is a
 * date and a time as people type them (the time may be left out: the start of the day for `from`, its
 * end for `to`); `from` and `to` as GET /audit takes them (an instant with its offset) are read too.
 */
export interface AskedFilter {
  communityId?: string;
  fromDate?: string;
  fromTime?: string;
  toDate?: string;
  toTime?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

type Fields = { communityId: string; fromDate: string; fromTime: string; toDate: string; toTime: string };

export interface AuditFilter {
  /** The filter's fields as the page shows them. */
  fields: Fields;
  /** GET /audit's query the fields make; absent when its schema refuses them (then `issues` say why). */
  query?: AuditListing;
  issues: Issue[];
  /** The filter as asked, without the cursor: what the page's links keep. */
  kept: Record<string, string>;
}

/** Where an issue of GET /audit's query, or of listing it, is shown: at the filter's field; the cursor is the page's own. */
export const filterFieldOf = (path: string): string => (path === 'from' ? 'fromDate' : path === 'to' ? 'toDate' : path === 'communityId' ? path : '');

const WITH_OFFSET = /[zZ]$|[+-]\d{2}:\d{2}$/;
const pad = (n: string) => n.padStart(2, '0');

/** A date as people type it — 2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日 — as `2026-12-01`; else as typed. */
export const typedDate = (text: string): string => {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  return match ? `${match[1]}-${pad(match[2]!)}-${pad(match[3]!)}` : text.trim();
};

/** A time of day as people type it — 08:00, 8:00, 8：00, 8点, 8点30分, 0800 — as `08:00`; else as typed. */
export const typedTime = (text: string): string => {
  const match = /^(\d{1,2})\s*(?:[:：点时]\s*(\d{2})?\s*分?|(\d{2}))?$/.exec(text.trim());
  return match ? `${pad(match[1]!)}:${match[2] ?? match[3] ?? '00'}` : text.trim();
};

/** A bound as GET /audit takes it: the typed date and time in the zone (the day's start or its last second when no time is given). */
const boundOf = (date: string, time: string, end: boolean, zone: string): string | undefined => {
  if (date === '' && time === '') return undefined;
  if (date === '') return time;
  const instant = instantOf(`${date} ${time === '' ? (end ? '23:59' : '00:00') : time}`, zone);
  return end && time === '' ? instant.replace(/:00(?=[+-]\d{2}:\d{2}$|Z$)/, ':59') : instant;
};

/** `zoneOf` is the zone of a community the pass may see (the county's for any other, or none). */
export const auditFilterOf = (asked: AskedFilter, zoneOf: (communityId: string) => string | undefined): AuditFilter => {
  const text = (value: string | undefined) => value?.trim() ?? '';
  const communityId = text(asked.communityId);
  const zone = zoneOf(communityId) ?? DEFAULT_TIMEZONE;
  /** A bound given as GET /audit takes it: shown as its local date and time; anything else at the date, as typed. */
  const legacy = (value: string): [string, string] => {
    if (!WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
      const typed = /^(.+?)[T ](\d{1,2}:\d{2})$/.exec(value);
      return typed ? [typed[1]!, typed[2]!] : [value, ''];
    }
    const [date, time] = localDateTimeOf(value, zone).split('T');
    return [date ?? '', time ?? ''];
  };
  const [fromDate, fromTime] = asked.fromDate !== undefined || asked.fromTime !== undefined ? [text(asked.fromDate), text(asked.fromTime)] : legacy(text(asked.from));
  const [toDate, toTime] = asked.toDate !== undefined || asked.toTime !== undefined ? [text(asked.toDate), text(asked.toTime)] : legacy(text(asked.to));
  // Shown as a date field and a time field hold them (2026-01-01, 08:00): what was typed otherwise stays, to be corrected.
  const fields: Fields = { communityId, fromDate: typedDate(fromDate), fromTime: typedTime(fromTime), toDate: typedDate(toDate), toTime: typedTime(toTime) };
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  const [from, to] = [boundOf(fields.fromDate, fields.fromTime, false, zone), boundOf(fields.toDate, fields.toTime, true, zone)];
  const parsed = AuditQuery.safeParse({
    ...(communityId && { communityId }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(asked.cursor && { cursor: asked.cursor }),
  });
  // A bound refused with a date that exists was refused for its time: the issue goes there.
  const fieldOf = (path: string) => {
    const field = filterFieldOf(path);
    const time = field === 'fromDate' ? 'fromTime' : field === 'toDate' ? 'toTime' : undefined;
    return time && fields[time] !== '' && isValidLocalDate(fields[field as 'fromDate' | 'toDate']) ? time : field;
  };
  if (!parsed.success) return { fields, kept, issues: parsed.error.issues.map((issue) => schemaIssue(issue, fieldOf(issue.path.map(String).join('.')))) };
  return { fields, kept, query: parsed.data, issues: [] };
};
/** The page of the trail the filter asks for: the newest, or the one a cursor names. */
export const auditLink = (filter: AuditFilter, cursor?: string): string => {
  const search = new URLSearchParams({ ...filter.kept, ...(cursor && { cursor }) }).toString();
  return `/admin/audit${search ? `?${search}` : ''}`;
};
