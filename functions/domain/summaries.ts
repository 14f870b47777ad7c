/**
 * Building, storing and mailing a day's summary. A build reads O(checkpoints + escalations) items —
 * the day counters, never the readings — and replaces any earlier build of the date in one flip.
 */
import { ValidationError } from './errors';
import type { Mailer } from './escalations';
import type { Checkpoint, Community, Escalation } from './model';
import { narrowTo, summarizeDay, type DayCounters, type DaySummary } from './summary';
import { summaryMail } from './summary-mail';
import { durationMs, isValidLocalDate, localDateOf, localDayBounds } from './time';

export interface SummaryStore {
  allCommunities(): Promise<Community[]>;
  checkpointsOf(communityId: string): Promise<Checkpoint[]>;
  dayCounters(checkpointIds: string[], date: string): Promise<Map<string, DayCounters>>;
  escalationsOpenedBetween(communityId: string, from: Date, to: Date): Promise<Escalation[]>;
  activeEscalationCount(): Promise<number>;
  saveSummary(summary: DaySummary, buildId: string): Promise<void>;
  summary(date: string): Promise<DaySummary | undefined>;
}

export const checkSummaryDate = (date: string, now: Date, zone: string): void => {
  if (!isValidLocalDate(date)) throw new ValidationError('the date is not valid', [{ path: 'date', message: 'a date such as 2026-11-29' }]);
  if (date > localDateOf(now, zone)) throw new ValidationError('the date is in the future', [{ path: 'date', message: 'summaries are of today or earlier' }]);
};

/** Every community with its checkpoints: what a summary is built over. */
export type County = { community: Community; checkpoints: Checkpoint[] }[];

export const loadCounty = async (store: Pick<SummaryStore, 'allCommunities' | 'checkpointsOf'>): Promise<County> =>
  Promise.all((await store.allCommunities()).map(async (community) => ({ community, checkpoints: await store.checkpointsOf(community.communityId) })));

/** The day's summary as of `now`, without storing it. */
export const computeSummary = async (store: Omit<SummaryStore, 'saveSummary' | 'summary'>, date: string, now: Date): Promise<DaySummary> => {
  const county = await loadCounty(store);
  const days = await Promise.all(
    county.map(async ({ community, checkpoints }) => {
      const counters = await store.dayCounters(checkpoints.map((c) => c.checkpointId), date);
      const bounds = localDayBounds(date, community.timezone);
      return {
        community,
        bounds,
        day: {
          communityId: community.communityId,
          name: community.name,
          checkpoints: checkpoints.map((checkpoint) => ({ checkpoint, ...(counters.has(checkpoint.checkpointId) && { counters: counters.get(checkpoint.checkpointId)! }) })),
          escalations: await store.escalationsOpenedBetween(community.communityId, bounds.start, bounds.end),
        },
      };
    }),
  );
  // Partial while any checkpoint's last slot of the day may still be filled (the day, then its grace).
  const partial = days.some(({ bounds, day }) => day.checkpoints.some(({ checkpoint }) => bounds.end.getTime() + (durationMs(checkpoint.grace) ?? 0) > now.getTime()));
  return summarizeDay(date, days.map(({ day }) => day), await store.activeEscalationCount(), now, partial);
};

export const buildSummary = async (store: SummaryStore, date: string, now: Date, buildId: string): Promise<DaySummary> => {
  const summary = await computeSummary(store, date, now);
  await store.saveSummary(summary, buildId);
  return summary;
};

export interface SummaryRecipients {
  /** County-wide `summary` recipients: they get the whole county. */
  county: string[];
}

/** Mails the day: each community's summary and committee contacts get their community; county recipients the whole. */
export const mailSummary = async (deps: { store: SummaryStore; mailer: Mailer; baseUrl: string }, summary: DaySummary, recipients: SummaryRecipients): Promise<number> => {
  let sent = 0;
  for (const community of await deps.store.allCommunities()) {
    const to = community.contacts.filter((c) => c.role === 'summary' || c.role === 'committee').map((c) => c.email);
    if (to.length === 0) continue;
    const mail = summaryMail(narrowTo(summary, community.communityId), { scope: community.name, baseUrl: deps.baseUrl });
    for (const address of new Set(to)) {
      await deps.mailer.send(address, mail);
      sent += 1;
    }
  }
  if (recipients.county.length > 0) {
    const mail = summaryMail(summary, { scope: '全县 / County', baseUrl: deps.baseUrl });
    for (const address of new Set(recipients.county)) {
      await deps.mailer.send(address, mail);
      sent += 1;
    }
  }
  return sent;
};
