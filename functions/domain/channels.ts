/**
 * A community's or checkpoint's channels as registered: what a PUT keeps of the stored credentials,
 * the URL rules a channel is saved under, and how a channel is shown (never its URL or secret).
 */
import { channelUrlProblem } from '../channels/urls';
import type { ChannelInput } from './inputs';
import { ValidationError, type IssueDetail } from './errors';
import type { Channel } from './model';

export interface ChannelRules {
  /** The local stack only: http://127.0.0.1:<port>/ for every kind (the local chat receiver). */
  allowLocal: boolean;
}

/**
 * The channels a PUT registers. One listed without `url` keeps the stored channel's URL and secret (the
 * caller was never shown them); one with a `url` is taken as given, secret included.
 */
export const registeredChannels = (bodies: ChannelInput[] | undefined, stored: Channel[] | undefined, rules: ChannelRules = { allowLocal: false }): Channel[] | undefined => {
  if (bodies === undefined) return undefined;
  const issues: IssueDetail[] = [];
  const channels = bodies.map((body, index): Channel | undefined => {
    const { url, secret, ...settings } = body;
    const kept = stored?.find((channel) => channel.id === body.id && channel.kind === body.kind);
    if (url === undefined) {
      if (!kept) {
        issues.push({ path: `channels.${index}.url`, message: `give the url: no ${body.kind} channel ${body.id} is stored to keep it from` });
        return undefined;
      }
      return { ...settings, url: kept.url, ...(kept.secret !== undefined && { secret: kept.secret }) };
    }
    const problem = channelUrlProblem(body.kind, url, rules);
    if (problem) {
      issues.push({ path: `channels.${index}.url`, message: problem });
      return undefined;
    }
    return { ...settings, url, ...(secret !== undefined && { secret }) };
  });
  if (issues.length > 0) throw new ValidationError('the channels are not valid', issues);
  return channels as Channel[];
};

/** A channel as GET shows it: the kind, the host and whether a secret is set; the key stays in the URL, unshown. */
export const channelView = (channel: Channel) => ({
  id: channel.id,
  kind: channel.kind,
  ...(channel.name !== undefined && { name: channel.name }),
  host: hostOf(channel.url),
  secretSet: channel.secret !== undefined,
  ...(channel.levels !== undefined && { levels: channel.levels }),
  summaries: channel.summaries,
});

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** How a channel is named to people: "指挥部群 (WeCom)". */
export const channelLabel = (channel: Pick<Channel, 'id' | 'name' | 'kind'>): string => `${channel.name ?? channel.id} (${KIND_NAMES[channel.kind]})`;

const KIND_NAMES: Record<Channel['kind'], string> = { wecom: 'WeCom', dingtalk: 'DingTalk', feishu: 'Feishu', webhook: 'webhook' };
