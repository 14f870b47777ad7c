/**
 * Building, storing and mailing a day's summary. A build reads O(checkpoints + escalations) items —
 * the day counters, never the readings — and replaces any earlier build of the date in one flip.
 */
import { ValidationError } from './errors';
import type { NoticeContent } from './escalation/content';
import { deliver, isRefusal, retryLater, type DeliveryDeps } from './escalation/delivery';
import type { NoticeLog, NoticeRef } from './escalation/ports';
import { chatAddress } from './escalation/recipients';
import type { Checkpoint, Community, Escalation } from './model';
import { narrowTo, summarizeDay, type DayCounters, type DaySummary } from './summary';
import { summaryNotice } from './summary-notice';
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

export interface SummaryDeliveryDeps extends DeliveryDeps {
  store: DeliveryDeps['store'] & Pick<SummaryStore, 'allCommunities' | 'checkpointsOf'> & Pick<NoticeLog, 'claimNotice'>;
  baseUrl: string;
  failed?: (error: Error) => void;
}

/**
 * Sends the day: each community's summary and committee contacts get their community by mail, and so
 * does each channel of the community and of its checkpoints that takes summaries (one robot once);
 * county recipients get the whole county. Each message is delivered as a notice is: paced per robot,
 * and, when the service does not take it now, put in the outbox for the sweep to send again, so a
 * summary is not lost to a minute's outage; one refused for good is recorded failed. `once` (the
 * scheduled send) claims each message first, so a run started again sends none twice; without it (a
 * send asked for by hand) every message goes again. One that cannot be reached does not keep the
 * others from theirs. Returns how many were sent now.
 */
export const sendSummary = async (deps: SummaryDeliveryDeps, summary: DaySummary, recipients: SummaryRecipients, options: { once: boolean }): Promise<number> => {
  const escalationId = options.once ? `summary-${summary.date}` : `summary-${summary.date}-${summary.builtAt.replace(/\D/g, '')}`;
  let sent = 0;
  const send = async (address: string, content: NoticeContent) => {
    const notice: NoticeRef = { escalationId, kind: 'summary', level: 0, repeat: 0, recipient: address };
    if (options.once && !(await deps.store.claimNotice(notice, deps.now()))) return;
    const lines = [{ notice, subject: content.subject, links: [] }];
    try {
      if ((await deliver(deps, address, content, lines)) === 'sent') {
        await deps.store.markNotice(notice, 'sent', { at: deps.now() });
        sent += 1;
      }
    } catch (error) {
      deps.failed?.(error as Error);
      if (isRefusal(error)) await deps.store.markNotice(notice, 'failed', { at: deps.now(), error: (error as Error).message });
      else await retryLater(deps, address, content, lines, (error as Error).message);
    }
  };
  for (const community of await deps.store.allCommunities()) {
    const mailTo = new Set(community.contacts.filter((c) => (c.role === 'summary' || c.role === 'committee') && c.email).map((c) => c.email!));
    const channels = await summaryChannels(deps.store, community);
    if (mailTo.size === 0 && channels.length === 0) continue;
    const content = summaryNotice(narrowTo(summary, community.communityId), { scope: community.name, baseUrl: deps.baseUrl });
    for (const address of mailTo) await send(address, content);
    for (const address of channels) await send(address, content);
  }
  if (recipients.county.length > 0) {
    const content = summaryNotice(summary, { scope: '全县 / County', baseUrl: deps.baseUrl });
    for (const address of new Set(recipients.county)) await send(address, content);
  }
  return sent;
};

/** The chat addresses a community's summary goes to: its channels and its checkpoints' that take summaries, each robot (URL) once. */
const summaryChannels = async (store: Pick<SummaryStore, 'checkpointsOf'>, community: Community): Promise<string[]> => {
  const owned = [
    ...(community.channels ?? []).map((channel) => ({ channel, address: chatAddress('community', community.communityId, channel.id) })),
    ...(await store.checkpointsOf(community.communityId)).flatMap((checkpoint) =>
      (checkpoint.channels ?? []).map((channel) => ({ channel, address: chatAddress('checkpoint', checkpoint.checkpointId, channel.id) })),
    ),
  ];
  const robots = new Set<string>();
  return owned.filter(({ channel }) => channel.summaries && !robots.has(channel.url) && Boolean(robots.add(channel.url))).map(({ address }) => address);
};
