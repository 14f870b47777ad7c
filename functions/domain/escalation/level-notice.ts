/**
 * Writing one level notice for one recipient: the ack link signed for them, who was told before and who
 * could not be reached, the people responsible (@mentioned in a group), and in an alert storm the
 * other members of the group that this recipient is told about too.
 */
import { linkQuery, signLink } from '../links';
import type { Checkpoint, Escalation } from '../model';
import type { NoticeContent } from './content';
import { groupNotice, levelNotice, type Unreachable } from './level-wording';
import type { EscalationDeps } from './deps';
import { groupMembers, sameAddress, type NoticeTask } from './groups';
import type { HeldNotice, NoticeRef } from './ports';
import { langOfCommunity, listIn, nameIn, reasonIn, ROLE } from '../words';
import { distinctPeople, isChatAddress, isUnreachedAddress, mentionsOf, namedAddress, peopleOf } from './recipients';

export const noticeOf = (task: NoticeTask): NoticeRef => ({ escalationId: task.escalationId, kind: 'level', level: task.level, repeat: task.repeat, recipient: task.recipient });

/** A level notice: grouped when the recipient is told about other members of its group too. */
export const composeLevelNotice = async (
  deps: EscalationDeps,
  task: NoticeTask,
  escalation: Escalation,
  checkpoint: Checkpoint,
  sharedWith: string[] | undefined,
  now: Date,
): Promise<{ content: NoticeContent; line: HeldNotice }> => {
  const community = await deps.store.community(escalation.communityId);
  const keys = await deps.linkKeys();
  const ackUrlOf = (escalationId: string) => `${deps.baseUrl}/ack/${escalationId}?${linkQuery(signLink(keys, 'ack', escalationId, task.recipient, now))}`;
  const unreachable = await unreachableEarlier(deps, escalation, task, checkpoint, community);
  const members = sharedWith ? await groupMembers(deps, sharedWith, escalation, task, community, now) : [];
  // The people this level makes responsible: of every checkpoint the notice is about (a grouped one is about many).
  const about = members.length > 1 ? members : [{ escalation, checkpoint }];
  const people = distinctPeople(about.flatMap((member) => peopleOf(member.escalation.policy.levels[task.level - 1]?.notify ?? [], member.checkpoint, community, now)));
  const toGroup = isChatAddress(task.recipient);
  // A group is greeted by the names of the people responsible, whom it also @mentions.
  const lang = langOfCommunity(community);
  const recipientName = toGroup ? listIn(people.map((person) => person.name), lang) || (lang === 'en' ? 'All' : '各位') : task.name;
  const mentions = toGroup ? mentionsOf(people) : undefined;
  if (members.length > 1) {
    const content = groupNotice({
      community,
      communityId: escalation.communityId,
      level: task.level,
      repeat: task.repeat,
      recipientName,
      members: members.map((member) => ({ ...member, ackUrl: ackUrlOf(member.escalation.escalationId) })),
      unreachable,
      ...(mentions && { mentions }),
      now,
    });
    const links = members.map((member) => ({ label: member.checkpoint.name, url: ackUrlOf(member.escalation.escalationId) }));
    return { content, line: { notice: noticeOf(task), subject: content.subject, links, lang: content.lang } };
  }
  const ackUrl = ackUrlOf(escalation.escalationId);
  const content = levelNotice({
    escalation,
    checkpoint,
    community,
    level: task.level,
    repeat: task.repeat,
    recipientName,
    recipientRole: toGroup ? 'channel' : task.role,
    responsible: people.map((person) => nameIn({ person: person.name, ...(person.role in ROLE && { role: person.role as keyof typeof ROLE }) }, lang)),
    othersTold: escalation.notified.filter((address) => !sameAddress(address, task.recipient)).map((address) => nameIn(namedAddress(address, checkpoint, community), lang)),
    unreachable,
    ...(mentions && { mentions }),
    ackUrl,
    now,
  });
  return { content, line: { notice: noticeOf(task), subject: content.subject, links: [{ label: checkpoint.name, url: ackUrl }], lang: content.lang } };
};

/**
 * Who, told at an earlier level, may not have heard, and why: addresses the mail service reported
 * bouncing, and notices the service has not taken (failed, or still waiting to be sent again).
 */
const unreachableEarlier = async (deps: EscalationDeps, escalation: Escalation, task: NoticeTask, checkpoint: Checkpoint, community: Parameters<typeof namedAddress>[2]): Promise<Unreachable[]> => {
  const lang = langOfCommunity(community);
  if (task.level === 1 && task.repeat === 0) return []; // nobody was told before the first notice
  const notSent = (await deps.store.notices(escalation.escalationId)).filter(
    (notice) => notice.kind === 'level' && notice.level < task.level && (notice.outcome === 'failed' || notice.outcome === 'deferred') && !sameAddress(notice.recipient, task.recipient),
  );
  const told = [...escalation.notified, ...notSent.map((notice) => notice.recipient)].filter((address) => !isChatAddress(address) && !isUnreachedAddress(address) && !sameAddress(address, task.recipient));
  const bouncing = await deps.store.unreachable(told);
  const found = new Map<string, Unreachable>();
  for (const notice of notSent) {
    const who = nameIn(namedAddress(notice.recipient, checkpoint, community), lang);
    const withReason = isChatAddress(notice.recipient) || isUnreachedAddress(notice.recipient);
    found.set(notice.recipient.toLowerCase(), { who, ...(notice.error && withReason && { why: reasonIn(notice.error, lang) }) });
  }
  for (const address of bouncing) if (!found.has(address.toLowerCase())) found.set(address.toLowerCase(), { who: nameIn(namedAddress(address, checkpoint, community), lang) });
  return [...found.values()];
};

