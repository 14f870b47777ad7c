/**
 * The rows that tell of an ending, written with it (closing.ts): the resolution (everyone told), the
 * acknowledgement (everyone told but who took it from their own mail), the end unresolved (the groups
 * told) and the end by a pause (everyone told). Pure: what each says is decided here, and the one
 * sender sends the rows — bundling those that wait for one destination, so that when an outage ends
 * each person and group hears of every checkpoint reporting again in one message.
 */
import type { NewRow, NoticeKind } from '../delivery/rows';
import type { Checkpoint, Community, Escalation } from '../model';
import { isChatAddress } from './addresses';
import type { NoticeContent } from '../delivery/content';
import { feverUnresolvedNotice } from '../fever/content';
import { acknowledgementNotice, pausedNotice, resolutionNotice, unresolvedNotice } from './follow-ups';

/** One row per address (told at two levels in two cases, it is one person or group). */
const rowsTo = (escalation: Escalation, kind: Exclude<NoticeKind, 'level' | 'summary'>, recipients: readonly string[], content: NoticeContent): NewRow[] =>
  [...new Map(recipients.map((recipient) => [recipient.toLowerCase(), recipient])).values()].map((recipient) => ({
    notice: { escalationId: escalation.escalationId, kind, level: 0, repeat: 0, recipient },
    content,
    links: [],
  }));

/** The checkpoint reported again: everyone told hears. */
export const resolutionRows = (resolved: Escalation, checkpoint: Checkpoint, community: Community | undefined, at: Date): NewRow[] =>
  resolved.notified.length === 0 ? [] : rowsTo(resolved, 'resolution', resolved.notified, resolutionNotice([{ escalation: resolved, checkpoint, community }], at));

/**
 * Everyone told hears who took it — the group it came from too, so that the others there know — except
 * the person who acknowledged from their own mail.
 */
export const acknowledgementRows = (acknowledged: Escalation, checkpoint: Checkpoint, community: Community | undefined): NewRow[] => {
  const by = acknowledged.acknowledgedBy;
  if (!by) return [];
  const via = acknowledged.acknowledgedVia;
  const others = acknowledged.notified.filter((address) => via !== undefined || address.toLowerCase() !== by.toLowerCase());
  if (others.length === 0) return [];
  const content = acknowledgementNotice({ escalation: acknowledged, checkpoint, community, by, ...(via && { via }), at: new Date(acknowledged.acknowledgedAt!) });
  return rowsTo(acknowledged, 'acknowledgement', others, content);
};

/** Closed unresolved: the groups that were told hear that it ended so. */
export const unresolvedRows = (closed: Escalation, checkpoint: Checkpoint, community: Community | undefined): NewRow[] => {
  const groups = closed.notified.filter(isChatAddress);
  if (groups.length === 0) return [];
  const now = new Date(closed.closedAt!);
  const content = closed.cause === 'fever' ? feverUnresolvedNotice({ alert: closed, checkpoint, community, now }) : unresolvedNotice({ escalation: closed, checkpoint, community, now });
  return rowsTo(closed, 'unresolved', groups, content);
};

/** A fever alert handled: everyone it told — people and groups — hears 【已处置】, who and what was done (fever/content.ts). */
export const feverHandledRows = (handled: Escalation, content: NoticeContent): NewRow[] => rowsTo(handled, 'acknowledgement', handled.notified, content);

/** Ended by a pause: everyone told hears who paused the checkpoint and why, as they would hear it reporting again. */
export const pausedRows = (paused: Escalation, checkpoint: Checkpoint, community: Community | undefined): NewRow[] =>
  paused.notified.length === 0 ? [] : rowsTo(paused, 'paused', paused.notified, pausedNotice({ escalation: paused, checkpoint, community, at: new Date(paused.closedAt!) }));
