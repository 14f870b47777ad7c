/**
 * Writing one level notice for one recipient, as the row the level opens with: the ack link signed
 * for them, who was told before and who could not be reached (a failed row, a bouncing address, a
 * level the system itself could not open), the people responsible (@mentioned in a group), and in an
 * alert storm the other members of the group that this recipient is told about too. Pure: the Step
 * reads everything once and passes it in.
 */
import { ackPurpose, linkQuery, signLink, type LinkKeys } from '../links';
import { feverNotice } from '../fever/content';
import type { NewRow } from '../delivery/rows';
import type { Checkpoint, Community, Escalation } from '../model';
import { groupNotice, levelNotice, stepFailedUnreachable, type Unreachable } from './level-wording';
import { sameAddress } from './groups';
import type { NotReached } from './ports';
import { langOfCommunity, listIn, nameIn, reasonIn, ROLE } from '../words';
import { distinctPeople, isChatAddress, isUnreachedAddress, mentionsOf, namedAddress, peopleOf, type Recipient } from './recipients';

/** Everything a level's notices are written from, read once by the Step. */
export interface LevelContext {
  escalation: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
  level: number;
  repeat: number;
  keys: LinkKeys;
  baseUrl: string;
  /** Whom earlier notices did not reach (StepStore.notReached). */
  notReached: NotReached[];
  now: Date;
}

/** The ack link of one escalation, signed for one recipient. */
const ackUrlOf = (context: LevelContext, escalationId: string, recipient: string) =>
  `${context.baseUrl}/ack/${escalationId}?${linkQuery(signLink(context.keys, ackPurpose('missed'), escalationId, recipient, context.now))}`;

/** A fever alert's handling link, signed for it as a fever alert (links.ts, ackPurpose) and one recipient: its own page. */
const feverUrlOf = (context: LevelContext, alertId: string, recipient: string) =>
  `${context.baseUrl}/fever/${alertId}?${linkQuery(signLink(context.keys, ackPurpose('fever'), alertId, recipient, context.now))}`;

/**
 * A fever alert's level row for one recipient: 【发热预警】 at level 1, climbing above it (fever/content.ts),
 * with the handling link. Never the wording of a missed report. A group is greeted, and @mentions, the
 * people this level makes responsible, as for a miss.
 */
export const feverLevelRow = (context: LevelContext, recipient: Recipient): NewRow => {
  const { escalation, checkpoint, community, level, repeat, now } = context;
  const lang = langOfCommunity(community);
  const notice = { escalationId: escalation.escalationId, kind: 'level' as const, level, repeat, recipient: recipient.address };
  const people = distinctPeople(peopleOf(escalation.policy.levels[level - 1]?.notify ?? [], checkpoint, community, now));
  const toGroup = isChatAddress(recipient.address);
  const recipientName = toGroup ? listIn(people.map((person) => person.name), lang) || (lang === 'en' ? 'All' : '各位') : recipient.name;
  const ackUrl = feverUrlOf(context, escalation.escalationId, recipient.address);
  const content = feverNotice({
    alert: escalation,
    checkpoint,
    community,
    level,
    repeat,
    recipientName,
    othersTold: escalation.notified.filter((address) => !sameAddress(address, recipient.address)).map((address) => nameIn(namedAddress(address, checkpoint, community), lang)),
    ...(toGroup && { mentions: mentionsOf(people) }),
    ackUrl,
    now,
  });
  return { notice, content, links: [{ label: checkpoint.name, url: ackUrl }] };
};

/**
 * A level notice's row: on its own, or, with `members` (the alert group's escalations this recipient is
 * told about at this level, still open and silent, this one among them), the group's notice for all.
 * `subjectId` is whose row it is: the escalation's own, or the group's shared row.
 */
export const levelRow = (context: LevelContext, recipient: Recipient, members?: { escalation: Escalation; checkpoint: Checkpoint }[], subjectId?: string): NewRow => {
  const { escalation, checkpoint, community, level, repeat, now } = context;
  const lang = langOfCommunity(community);
  const notice = { escalationId: subjectId ?? escalation.escalationId, kind: 'level' as const, level, repeat, recipient: recipient.address };
  const unreachable = unreachableEarlier(context, recipient.address);
  // The people this level makes responsible: of every checkpoint the notice is about (a grouped one is about many).
  const about = members && members.length > 1 ? members : [{ escalation, checkpoint }];
  const people = distinctPeople(about.flatMap((member) => peopleOf(member.escalation.policy.levels[level - 1]?.notify ?? [], member.checkpoint, community, now)));
  const toGroup = isChatAddress(recipient.address);
  // A group is greeted by the names of the people responsible, whom it also @mentions.
  const recipientName = toGroup ? listIn(people.map((person) => person.name), lang) || (lang === 'en' ? 'All' : '各位') : recipient.name;
  const mentions = toGroup ? mentionsOf(people) : undefined;
  if (members && members.length > 1) {
    const listed = members.map((member) => ({ ...member, ackUrl: ackUrlOf(context, member.escalation.escalationId, recipient.address) }));
    const content = groupNotice({ community, communityId: escalation.communityId, level, repeat, recipientName, members: listed, unreachable, ...(mentions && { mentions }), now });
    return { notice, content, links: listed.map((member) => ({ label: member.checkpoint.name, url: member.ackUrl })) };
  }
  const ackUrl = ackUrlOf(context, escalation.escalationId, recipient.address);
  const content = levelNotice({
    escalation,
    checkpoint,
    community,
    level,
    repeat,
    recipientName,
    recipientRole: toGroup ? 'channel' : recipient.role,
    responsible: people.map((person) => nameIn({ person: person.name, ...(person.role in ROLE && { role: person.role as keyof typeof ROLE }) }, lang)),
    othersTold: escalation.notified.filter((address) => !sameAddress(address, recipient.address)).map((address) => nameIn(namedAddress(address, checkpoint, community), lang)),
    unreachable,
    ...(mentions && { mentions }),
    ackUrl,
    now,
  });
  return { notice, content, links: [{ label: checkpoint.name, url: ackUrl }] };
};

/**
 * Who, told at an earlier level, may not have heard, and why: notices that failed (refused, given up,
 * nobody to send to), addresses the mail service reported bouncing, and levels the system could not
 * open (Record failure).
 */
const unreachableEarlier = (context: LevelContext, recipient: string): Unreachable[] => {
  const { escalation, checkpoint, community, level, repeat } = context;
  const lang = langOfCommunity(community);
  const found = new Map<string, Unreachable>();
  for (const { recipient: address, error } of context.notReached) {
    if (sameAddress(address, recipient) || found.has(address.toLowerCase())) continue;
    const who = nameIn(namedAddress(address, checkpoint, community), lang);
    const withReason = isChatAddress(address) || isUnreachedAddress(address);
    found.set(address.toLowerCase(), { who, ...(error && withReason && { why: reasonIn(error, lang) }) });
  }
  const failed = (escalation.failures ?? []).filter((failure) => failure.level < level || (failure.level === level && failure.repeat < repeat));
  return [...found.values(), ...failed.map((failure) => stepFailedUnreachable(failure.level, failure.repeat, lang))];
};
