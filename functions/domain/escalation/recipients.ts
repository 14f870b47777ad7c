/**
 * Who a level tells: the people its `notify` list names (roles resolved at `now`), and the channels
 * that hear of it. A recipient is an address (addresses.ts): a person's e-mail, or a channel's `chat:`
 * address. Notice claims, hourly caps and alert groups are kept per address, so they apply per
 * channel as they do per person.
 */
import { channelLabel } from '../channels';
import type { Channel, Checkpoint, Community, Escalation, Person } from '../model';
import { chatAddress, unreachedAddress } from './addresses';
import { shiftOnDuty } from './rules';

export { addressLabel, channelAt, chatAddress, isChatAddress, isUnreachedAddress, namedAddress, ownerOf, unreachedAddress } from './addresses';

/** A person a level names, with what they are in the chain: on-duty leader, leader, secretary, committee, or an address. */
export interface PersonOfLevel extends Person {
  role: string;
}

export interface Recipient {
  /** An e-mail address, or a channel's address (chatAddress). */
  address: string;
  name: string;
  role: string;
}

const withRole = (people: readonly Person[], role: string): PersonOfLevel[] => people.map(({ name, email, mobile }) => ({ name, role, ...(email && { email }), ...(mobile && { mobile }) }));

/** The people a level's `notify` list names at `now`: roles resolved, each person once. */
export const peopleOf = (notify: readonly string[], checkpoint: Checkpoint, community: Community | undefined, now: Date): PersonOfLevel[] => {
  const leaders = checkpoint.contacts.filter((contact) => contact.role === 'leader');
  const found: PersonOfLevel[] = [];
  for (const target of notify) {
    if (target === 'onDuty') {
      const shift = shiftOnDuty(checkpoint.shifts ?? [], now, checkpoint.timezone);
      found.push(...(shift ? withRole([shift.leader], 'onDuty') : withRole(leaders, 'leader')));
    } else if (target === 'leader') {
      found.push(...withRole(leaders, 'leader'));
    } else if (target === 'secretary' || target === 'committee') {
      found.push(...withRole((community?.contacts ?? []).filter((c) => c.role === target), target));
    } else if (!target.startsWith('channel:')) {
      found.push({ email: target, name: target, role: 'address' });
    }
  }
  return distinctPeople(found);
};

/** Each person once: by e-mail, else mobile, else name. */
export const distinctPeople = (people: PersonOfLevel[]): PersonOfLevel[] => {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = (person.email ?? person.mobile ?? person.name).toLowerCase();
    return !seen.has(key) && Boolean(seen.add(key));
  });
};

/** The channels of the checkpoint and its community, each with its address. */
const channelsOf = (checkpoint: Checkpoint, community: Community | undefined): { channel: Channel; address: string }[] => [
  ...(checkpoint.channels ?? []).map((channel) => ({ channel, address: chatAddress('checkpoint', checkpoint.checkpointId, channel.id) })),
  ...(community?.channels ?? []).map((channel) => ({ channel, address: chatAddress('community', community!.communityId, channel.id) })),
];

/** Someone a level names and cannot reach, and why, in words for the next level. */
export interface Unreached {
  address: string;
  why: string;
}

const NO_WAY = '无邮箱，也没有群接收本级通知 / no e-mail, and no group hears this level';
const NO_CHANNEL = '没有登记这个群 / no such channel is registered';

/**
 * Who level `level` (1-based) tells at `now`: the people it names who have an e-mail address, every
 * channel that hears of this level, and the channels it names (`channel:<id>`, the checkpoint's own
 * before its community's). Each address once. And whom it names but cannot reach: a person with no
 * e-mail when no channel hears the level (their mobile is @mentioned only in a group), a channel it
 * names that is not registered.
 */
export const audienceOf = (level: number, notify: readonly string[], checkpoint: Checkpoint, community: Community | undefined, now: Date): { recipients: Recipient[]; unreached: Unreached[] } => {
  const named = peopleOf(notify, checkpoint, community, now);
  const people = named.flatMap((person) => (person.email ? [{ address: person.email, name: person.name, role: person.role }] : []));
  const channelIds = new Set(notify.filter((target) => target.startsWith('channel:')).map((target) => target.slice('channel:'.length)));
  const channels = channelsOf(checkpoint, community);
  const told = channels.filter(({ channel }) => channel.levels === undefined || channel.levels.includes(level));
  const unreached: Unreached[] = [];
  for (const id of channelIds) {
    const first = channels.find(({ channel }) => channel.id === id);
    if (first) told.push(first);
    else unreached.push({ address: unreachedAddress(`channel:${id}`), why: NO_CHANNEL });
  }
  if (told.length === 0) {
    for (const person of named) if (!person.email) unreached.push({ address: unreachedAddress(person.mobile ? `${person.name} (${person.mobile})` : person.name), why: NO_WAY });
  }
  const found = [...people, ...told.map(({ channel, address }) => ({ address, name: channelLabel(channel), role: 'channel' }))];
  const seen = new Set<string>();
  const recipients = found.filter((recipient) => {
    const key = recipient.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { recipients, unreached };
};

export const recipientsOf = (level: number, notify: readonly string[], checkpoint: Checkpoint, community: Community | undefined, now: Date): Recipient[] =>
  audienceOf(level, notify, checkpoint, community, now).recipients;

/** The chat services' @mentions of the people of a level: mobiles where they have one, every name. */
export const mentionsOf = (people: readonly PersonOfLevel[]): { mobiles: string[]; names: string[] } => ({
  mobiles: [...new Set(people.flatMap((person) => (person.mobile ? [person.mobile] : [])))],
  names: [...new Set(people.map((person) => person.name))],
});

/** The people an acknowledgement from a group may come from: those of every level told so far (at least the first). */
export const peopleTold = (escalation: Escalation, checkpoint: Checkpoint, community: Community | undefined, now: Date): PersonOfLevel[] => {
  const levels = escalation.policy.levels.slice(0, Math.max(escalation.level, 1));
  const seen = new Set<string>();
  return levels.flatMap((level) => peopleOf(level.notify, checkpoint, community, now)).filter((person) => !seen.has(person.name) && Boolean(seen.add(person.name)));
};
