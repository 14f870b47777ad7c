/**
 * What a fever alert's notices say, as structured content the medium renders (delivery/content.ts):
 * 【发热预警】 at level 1, the same climbing to a next level, and 【已处置】 once someone has handled it.
 * Each carries the gate, the community, every case's temperature and direction, when it was taken and
 * the reading's officer by role — never a note, never a name of the person or of the officer
 * (docs/security.md; test/domain/fever/content.test.ts).
 */
import { b, noMentions, type Block, type NoticeContent } from '../delivery/content';
import type { Checkpoint, Community, Escalation } from '../model';
import { formatLocal } from '../time';
import { aside, duration, langOfCommunity, levelName, listIn, type Lang } from '../words';
import { FEVER_WORDS } from '../words/fever';
import type { FeverCase, FeverHandling } from './shapes';

/** Cases a notice lists one by one; the rest are counted (the page lists them all). */
export const CASES_LISTED = 10;

export interface FeverNoticeInput {
  alert: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  /** 1 for the alert itself; above, the alert climbing to that level. */
  level: number;
  repeat?: number;
  /** Whom this copy is for: a person's name, or a group's. */
  recipientName: string;
  /** Told at earlier levels, by name or label (a climbing level says so). */
  othersTold?: string[];
  mentions?: { mobiles: string[]; names: string[] };
  ackUrl: string;
  now: Date;
}

/** One case as a line: the temperature and direction, when it was taken, the officer's role. */
export const caseLine = (c: FeverCase, zone: string, lang: Lang): string => {
  const words = FEVER_WORDS[lang];
  return words.caseLine(
    c.tempC === undefined ? words.unlisted : words.temp(c.tempC),
    c.direction && words.direction[c.direction],
    formatLocal(new Date(c.takenAt), zone),
    words.officer[c.officerRole],
  );
};

const caseBlocks = (cases: readonly FeverCase[], zone: string, lang: Lang): Block[] => {
  const listed = cases.slice(0, CASES_LISTED).map((c) => [caseLine(c, zone, lang)]);
  const more = cases.length - CASES_LISTED;
  return [{ list: more > 0 ? [...listed, [FEVER_WORDS[lang].moreCases(more)]] : listed }];
};

/** The facts a program reads: ids, the level, the cases as they are kept (temperature, direction, time, role). */
const factsOf = (alert: Escalation, extra: Record<string, unknown>) => ({
  cause: 'fever',
  escalationId: alert.escalationId,
  checkpointId: alert.checkpointId,
  communityId: alert.communityId,
  cases: (alert.cases ?? []).map(({ tempC, direction, takenAt, officerRole }) => ({ ...(tempC !== undefined && { tempC }), ...(direction && { direction }), takenAt, officerRole })),
  ...extra,
});

/** 【发热预警】 (level 1), or the alert climbing to `level` with how long it has waited and who was told. */
export const feverNotice = (input: FeverNoticeInput): NoticeContent => {
  const { alert, checkpoint, community, level, now } = input;
  const lang = langOfCommunity(community);
  const words = FEVER_WORDS[lang];
  const cases = alert.cases ?? [];
  const communityName = community?.name ?? checkpoint.communityId;
  const where = `${checkpoint.name}${aside(communityName, lang)}`;
  const [before, gate, after] = words.found(checkpoint.name, communityName, cases.length);
  const climbing = level > 1;
  const waited = duration(now.getTime() - Date.parse(alert.openedAt), lang);
  return {
    type: 'escalation.notice',
    lang,
    subject: climbing ? words.climbSubject(where, cases.length, waited) : words.subject(where, cases.length),
    title: climbing ? words.climbTitle(where, cases.length, levelName(level, lang), waited) : words.title(where, cases.length),
    lines: [
      [words.to(input.recipientName)],
      [before, b(gate), after],
      ...caseBlocks(cases, checkpoint.timezone, lang),
      ...(climbing ? [[words.climbed(levelName(level, lang), waited, input.othersTold?.length ? listIn(input.othersTold, lang) : '—')]] : []),
      [words.ask],
    ],
    actions: [{ label: words.ackLabel, url: input.ackUrl }],
    mentions: input.mentions ?? noMentions,
    facts: factsOf(alert, { level, repeat: input.repeat ?? 0, ackUrl: input.ackUrl }),
    occurredAt: now.toISOString(),
  };
};

/** 【已处置】: who handled it, when, and what was done, to everyone the alert told. */
export const feverHandledNotice = (input: {
  alert: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  /** Who handled it, as they gave their name (or the admin's title: words/index.ts, actorIn). */
  by: string;
  handling: FeverHandling;
  at: Date;
}): NoticeContent => {
  const { alert, checkpoint, community, handling, at } = input;
  const lang = langOfCommunity(community);
  const words = FEVER_WORDS[lang];
  const where = `${checkpoint.name}${aside(community?.name ?? checkpoint.communityId, lang)}`;
  const done = words.done(handling.action, handling.note);
  return {
    type: 'escalation.acknowledged',
    lang,
    subject: words.handledSubject(where),
    title: words.handledTitle(where),
    lines: [[words.handled(input.by, formatLocal(at, checkpoint.timezone), done)], [words.handledCases((alert.cases ?? []).length)]],
    actions: [],
    mentions: noMentions,
    facts: factsOf(alert, { acknowledgedBy: input.by, handling }),
    occurredAt: at.toISOString(),
  };
};

/** Its levels spent and nobody recorded handling it: the groups told hear that it ended so. */
export const feverUnresolvedNotice = (input: { alert: Escalation; checkpoint: Checkpoint; community: Community | undefined; now: Date }): NoticeContent => {
  const { alert, checkpoint, community, now } = input;
  const lang = langOfCommunity(community);
  const words = FEVER_WORDS[lang];
  const where = `${checkpoint.name}${aside(community?.name ?? checkpoint.communityId, lang)}`;
  const waited = duration(now.getTime() - Date.parse(alert.openedAt), lang);
  return {
    type: 'escalation.unresolved',
    lang,
    subject: words.unresolvedTitle(where, waited),
    title: words.unresolvedTitle(where, waited),
    lines: [[words.unresolved(waited)], [words.handledCases((alert.cases ?? []).length)]],
    actions: [],
    mentions: noMentions,
    facts: factsOf(alert, {}),
    occurredAt: now.toISOString(),
  };
};
