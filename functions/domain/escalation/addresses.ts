/**
 * The addresses notices are kept under besides e-mail. A channel's `chat:` address names where the
 * channel is registered and its id, so that it can be found again as it is registered now (an outbox
 * retry, a resolution told to everyone told); an `unreached:` address stands for someone a level names
 * and cannot reach. Re-exported from recipients.ts.
 */
import { channelLabel } from '../channels';
import type { Channel, Checkpoint, Community } from '../model';
import type { Named } from '../words';

const CHAT = 'chat:';

/** A channel's address: where it is registered and its id. */
export const chatAddress = (owner: 'community' | 'checkpoint', ownerId: string, channelId: string): string => `${CHAT}${owner}/${ownerId}/${channelId}`;

export const isChatAddress = (address: string): boolean => address.startsWith(CHAT);

/** The channel a chat address names, among the checkpoint's and community's channels as they are now. */
export const channelAt = (address: string, checkpoint: Checkpoint | undefined, community: Community | undefined): Channel | undefined => {
  const [owner, ownerId, channelId] = address.slice(CHAT.length).split('/');
  if (owner === 'checkpoint' && checkpoint && checkpoint.checkpointId === ownerId) return checkpoint.channels?.find((channel) => channel.id === channelId);
  if (owner === 'community' && community && community.communityId === ownerId) return community.channels?.find((channel) => channel.id === channelId);
  return undefined;
};

/** Where a chat address's channel is registered, to read it. */
export const ownerOf = (address: string): { owner: 'community' | 'checkpoint'; ownerId: string } | undefined => {
  const [owner, ownerId] = address.slice(CHAT.length).split('/');
  return isChatAddress(address) && (owner === 'community' || owner === 'checkpoint') && ownerId ? { owner, ownerId } : undefined;
};

const UNREACHED = 'unreached:';

/**
 * The address a level notice is recorded under when the level names someone it cannot reach: a person
 * with no e-mail when no group hears the level, or a channel that is not registered. Recorded failed,
 * it is named to the next level as not told.
 */
export const unreachedAddress = (who: string): string => `${UNREACHED}${who}`;

export const isUnreachedAddress = (address: string): boolean => address.startsWith(UNREACHED);

/** How an address is named to people: the channel's label ("指挥部群 (WeCom)"), who could not be reached, or the address itself. */
export const addressLabel = (address: string, checkpoint: Checkpoint | undefined, community: Community | undefined): string => {
  if (isUnreachedAddress(address)) return address.slice(UNREACHED.length);
  if (!isChatAddress(address)) return address;
  const channel = channelAt(address, checkpoint, community);
  return channel ? channelLabel(channel) : address.slice(address.lastIndexOf('/') + 1);
};

/**
 * Whom an address stands for, as people know them: the registered person with that e-mail (by role
 * and name), the group a chat address names (by its name and service), or the address as it is.
 */
export const namedAddress = (address: string, checkpoint: Checkpoint | undefined, community: Community | undefined): Named => {
  if (isUnreachedAddress(address)) return { other: address.slice(UNREACHED.length) };
  if (isChatAddress(address)) {
    const channel = channelAt(address, checkpoint, community);
    return channel ? { group: channel.name ?? channel.id, kind: channel.kind } : { other: address.slice(address.lastIndexOf('/') + 1) };
  }
  const email = address.toLowerCase();
  const contact = [...(checkpoint?.contacts ?? []), ...(community?.contacts ?? [])].find((c) => c.email?.toLowerCase() === email);
  if (contact) return { person: contact.name, role: contact.role };
  const onDuty = (checkpoint?.shifts ?? []).find((shift) => shift.leader.email?.toLowerCase() === email);
  return onDuty ? { person: onDuty.leader.name, role: 'onDuty' } : { other: address };
};
