/**
 * The escalation core's ports over the table, each composed of the adapters it names: the flow's Step,
 * the sweep, an acknowledgement; and, for the escalation functions, all of them with the history lists,
 * the notices an escalation's page lists and the mail service's bounce log.
 */
import type { AckStore, StepStore, SweepStore } from '../domain/escalation/ports';
import { alertGroups } from './alert-groups';
import { deadlines } from './deadlines';
import { escalationCommits } from './escalation-commits';
import { escalationHistory, escalations } from './escalations';
import { bounceLog, noticeList, noticeReads } from './notice-log';
import { registryReads } from './registry';
import type { Table } from './table';

export const stepStore = (table: Table): StepStore => {
  const { checkpoint, community } = registryReads(table);
  const { escalation, members } = escalations(table);
  return { escalation, checkpoint, community, group: alertGroups(table).group, members, ...noticeReads(table), ...escalationCommits(table) };
};

export const sweepStore = (table: Table): SweepStore => {
  const { checkpoint, community } = registryReads(table);
  return { ...deadlines(table), checkpoint, community, activeEscalations: escalations(table).activeEscalations, saveGroup: alertGroups(table).saveGroup, ...escalationCommits(table) };
};

export const ackStore = (table: Table): AckStore => {
  const { checkpoint, community } = registryReads(table);
  return { escalation: escalations(table).escalation, checkpoint, community, ...escalationCommits(table) };
};

/** Every escalation port at once (the escalation functions share one process's store). */
export const escalationStore = (table: Table): StepStore & SweepStore & AckStore => ({ ...stepStore(table), ...sweepStore(table), ...ackStore(table) });

/** For the escalation handlers: the ports, the history lists, an escalation's notices, the bounce log. */
export const escalationHandlerStore = (table: Table) => ({
  ...escalationStore(table),
  ...registryReads(table),
  ...escalationHistory(table),
  ...bounceLog(table),
  ...noticeList(table),
});

export type EscalationHandlerStore = ReturnType<typeof escalationHandlerStore>;
