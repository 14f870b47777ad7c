/**
 * What the escalation core asks of the table (EscalationStore), composed of one adapter per port; and,
 * for the escalation handlers, the same with the history lists and the mail service's bounce log.
 */
import type { EscalationStore } from '../domain/escalation/ports';
import { alertGroups } from './alert-groups';
import { deadlines } from './deadlines';
import { escalationHistory, escalations } from './escalations';
import { followUps } from './follow-ups';
import { bounceLog, noticeLog } from './notice-log';
import { outbox } from './outbox';
import { registryReads } from './registry';
import type { Table } from './table';

export const escalationStore = (table: Table): EscalationStore => ({
  ...registryReads(table),
  ...deadlines(table),
  ...escalations(table),
  ...noticeLog(table),
  ...alertGroups(table),
  ...outbox(table),
  ...followUps(table),
});

export const escalationHandlerStore = (table: Table) => ({ ...escalationStore(table), ...escalationHistory(table), ...bounceLog(table) });

export type EscalationHandlerStore = ReturnType<typeof escalationHandlerStore>;
