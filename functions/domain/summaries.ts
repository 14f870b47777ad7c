/**
 * Building, storing and sending a day's summary. A build reads O(checkpoints + escalations) items —
 * the day counters, never the readings — and replaces any earlier build of the date in one flip.
 * Sending writes one notice row per message (kind `summary`): the one sender (delivery/sender.ts)
 * sends them, as it sends every notice.
 */
import type { NoticeContent } from './delivery/content';
import type { NewRow } from './delivery/rows';
import { ValidationError } from './errors';
import { chatAddress } from './escalation/addresses';
import type { LinkKeys } from './links';
import type { Checkpoint, Community, Escalation } from './model';
import { narrowTo, summarizeDay, type DayCounters, type DaySummary } from './summary';
import { summaryFileUrl } from './summary-links';
import { summaryNotice } from './summary-notice';
import { durationMs, isValidLocalDate, localDateOf, localDayBounds } from './time';
import { langOfCommunity } from './words';

export interface SummaryStore {
  allCommunities(): Promise<Community[]>;
  checkpointsOf(communityId: string): Promise<Checkpoint[]>;
  dayCounters(checkpointIds: string[], date: string): Promise<Map<string, DayCounters>>;
  escalationsOpenedBetween(communityId: string, from: Date, to: Date): Promise<Escalation[]>;
  /** Escalations still open, counted by community id. */
  activeEscalationCounts(): Promise<Map<string, number>>;
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
  const open = await store.activeEscalationCounts();
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
          openEscalations: open.get(community.communityId) ?? 0,
        },
      };
    }),
  );
  // Partial while any checkpoint's last slot of the day may still be filled (the day, then its grace).
  const partial = days.some(({ bounds, day }) => day.checkpoints.some(({ checkpoint }) => bounds.end.getTime() + (durationMs(checkpoint.grace) ?? 0) > now.getTime()));
  const openCountyWide = [...open.values()].reduce((sum, n) => sum + n, 0);
  return summarizeDay(date, days.map(({ day }) => day), openCountyWide, now, partial);
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

/** Where a summary's rows are written: each once (a row whose key is there already is not written again). */
export interface SummaryRows {
  /** Writes a new row: false when its key is there already. */
  write(row: NewRow, now: Date): Promise<boolean>;
}

export interface SummaryDeliveryDeps {
  store: Pick<SummaryStore, 'allCommunities'>;
  rows: SummaryRows;
  now: () => Date;
  baseUrl: string;
  /** The keys the messages' file links are signed with. */
  linkKeys: () => Promise<LinkKeys>;
}

/**
 * Sends the day by writing its messages as notice rows, for the sender: each community's summary and
 * committee contacts get their community by mail, and so does each of its channels that takes
 * summaries (one robot once); county recipients get the whole county. A zone's scheduled run (`zone`)
 * writes the communities of that zone, whose day has just ended (the first zone's run also those of a
 * zone with no run of its own), and the county. A row's key is its run, scope and address
 * (`summary-<date>-<run>-<scope>`), so a run started again writes nothing new; without `zone` (a send
 * asked for by hand) every community's is written again, under the build's own time. Returns how many
 * rows this call wrote.
 */
export const sendSummary = async (
  deps: SummaryDeliveryDeps,
  summary: DaySummary,
  recipients: SummaryRecipients,
  options: { zone?: string; /** Every zone with a run of its own; a community in none of them is the first one's. */ scheduledZones?: string[] },
): Promise<number> => {
  const run = options.zone;
  const scheduled = options.scheduledZones ?? (run ? [run] : []);
  const ours = (zone: string) => !run || zone === run || (run === scheduled[0] && !scheduled.includes(zone));
  // Letters, digits, - and _ only: the webhook event id is made of it.
  const batch = run ? `run-${run.replace(/[^\w-]/g, '-')}` : `asked-${summary.builtAt.replace(/\D/g, '')}`;
  let written = 0;
  const keys = await deps.linkKeys();
  const now = deps.now();
  const fileUrl = (scope: Parameters<typeof summaryFileUrl>[3]) => summaryFileUrl(keys, deps.baseUrl, summary.date, scope, now);
  const write = async (scope: string, recipient: string, content: NoticeContent) => {
    const row: NewRow = { notice: { escalationId: `summary-${summary.date}-${batch}-${scope}`, kind: 'summary', level: 0, repeat: 0, recipient }, content, links: content.actions.map(({ label, url }) => ({ label, url })) };
    if (await deps.rows.write(row, now)) written += 1;
  };
  for (const community of await deps.store.allCommunities()) {
    if (!ours(community.timezone)) continue;
    const mailTo = new Set(community.contacts.filter((c) => (c.role === 'summary' || c.role === 'committee') && c.email).map((c) => c.email!));
    const robots = new Set<string>();
    const channels = (community.channels ?? []).filter((channel) => channel.summaries && !robots.has(channel.url) && Boolean(robots.add(channel.url)));
    if (mailTo.size === 0 && channels.length === 0) continue;
    const content = summaryNotice(narrowTo(summary, community.communityId), { scope: community.name, fileUrl: fileUrl({ communityId: community.communityId }), lang: langOfCommunity(community) });
    for (const address of mailTo) await write(community.communityId, address, content);
    for (const channel of channels) await write(community.communityId, chatAddress('community', community.communityId, channel.id), content);
  }
  if (recipients.county.length > 0) {
    const content = summaryNotice(summary, { fileUrl: fileUrl({ county: true }) });
    for (const address of new Set(recipients.county)) await write('county', address, content);
  }
  return written;
};
