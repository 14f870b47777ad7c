/**
 * What "one language at a time" (issue 18 §2) looks for in a text as its reader sees it: in Chinese, an
 * English word outside the allow-list; in English, Chinese outside the names people gave; in either, an
 * ISO timestamp or an internal id.
 */
import { demoChannels, demoContacts, demoCounty, demoLeader } from '../../local/demo-county';

/** English a Chinese reader may meet: a unit, a file format, and the switch to English itself. */
const ZH_ALLOWED = new Set(['°C', 'CSV', 'English']);

/** The English words left in a Chinese text once the ids people typed are taken out. */
export const englishIn = (text: string, typedIds: readonly string[]): string[] => {
  let rest = text.replace(/https?:\/\/\S+/g, ' ').replace(/[\w.+-]+@[\w.-]+/g, ' ');
  for (const id of [...typedIds].sort((a, b) => b.length - a.length)) rest = rest.split(id).join(' ');
  return [...rest.matchAll(/°C|[A-Za-z][A-Za-z'’-]*/g)].map((m) => m[0]).filter((word) => !ZH_ALLOWED.has(word));
};

/** The Chinese left in an English text once the names people gave (and the switch to Chinese) are taken out. */
export const chineseIn = (text: string, names: readonly string[]): string[] => {
  let rest = text;
  for (const name of [...names, '中文'].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(' ');
  return [...rest.matchAll(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g)].map((m) => m[0]);
};

export const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b/;
export const INTERNAL_ID = /\b(chat|unreached):|\b(community|checkpoint)\/[\w-]+\/|\bop_\w+|\bid-\d+\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/;

/** The demo county's ids and names, as typed at registration. */
export const demoTyped = (chatUrl = 'http://127.0.0.1:9'): { ids: string[]; names: string[] } => {
  const county = demoCounty();
  return {
    ids: [
      ...county.flatMap((community) => [community.communityId, ...community.checkpoints.map((checkpoint) => checkpoint.checkpointId)]),
      ...demoChannels(county[0]!, 0, chatUrl).map((channel) => channel.id),
      'Asia/Shanghai',
    ],
    names: county.flatMap((community) => [
      community.name,
      ...community.checkpoints.map((checkpoint) => checkpoint.name),
      ...demoContacts(community.communityId).map((person) => person.name),
      ...community.checkpoints.map((checkpoint) => demoLeader(checkpoint.checkpointId).name),
      ...demoChannels(community, 0, chatUrl).map((channel) => channel.name),
    ]),
  };
};
