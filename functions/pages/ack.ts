/**
 * The pages an acknowledge link opens. GET only shows the situation and a button: mail scanners fetch
 * links, and must not acknowledge anything. The button POSTs the signed fields back. In one language:
 * the reader's switch when remembered, else the community's.
 */
import type { Checkpoint, Escalation } from '../domain/model';
import { formatLocal } from '../domain/time';
import type { SignedLink } from '../domain/links';
import { escapeHtml as escape } from '../domain/html';
import { duration, levelName, type Lang } from '../domain/words';
import { ACK_WORDS, type AckWords } from '../domain/words/ack';
import { htmlPage } from './page';

/** `group`: the link was posted in a group chat; the page asks which of its people is acknowledging. */
export const ackPage = (input: {
  escalation: Escalation;
  checkpoint: Checkpoint | undefined;
  link: SignedLink;
  action: string;
  now: Date;
  lang: Lang;
  group?: { label: string; people: string[] };
}): string => {
  const { escalation, checkpoint, link, group, lang } = input;
  const words = ACK_WORDS[lang];
  const name = escape(checkpoint?.name ?? escalation.checkpointId);
  const zone = checkpoint?.timezone ?? 'Asia/Shanghai';
  const overdue = duration(input.now.getTime() - Date.parse(escalation.missedDeadline), lang);
  const hidden = (['r', 'exp', 'kid', 'sig'] as const).map((field) => `<input type="hidden" name="${field}" value="${escape(String(link[field]))}">`).join('');
  const state =
    escalation.status === 'open'
      ? group
        ? askWho(input.action, hidden, group, words)
        : `<form method="post" action="${escape(input.action)}">${hidden}<button type="submit">${words.acknowledge}</button></form>`
      : `<p><b>${statusOf(escalation, zone, words)}</b></p>`;
  return htmlPage(
    words.title(checkpoint?.name ?? escalation.checkpointId),
    `<h1>${words.heading}</h1><p>${words.missed(name, escape(formatLocal(new Date(escalation.missedDeadline), zone)), escape(overdue), levelName(escalation.level, lang))}</p>` + state,
    { lang },
  );
};

/** One button per person told, and a field for anyone else: each form posts one `by`. */
const askWho = (action: string, hidden: string, group: { label: string; people: string[] }, words: AckWords): string =>
  `<p>${words.fromGroup(escape(group.label))}</p>` +
  (group.people.length > 0
    ? `<form method="post" action="${escape(action)}">${hidden}` +
      group.people.map((name) => `<p><button type="submit" name="by" value="${escape(name)}">${escape(words.acknowledges(name))}</button></p>`).join('') +
      `</form>`
    : '') +
  `<form method="post" action="${escape(action)}">${hidden}<p><label>${words.someoneElse}<br><input name="by" required maxlength="100" autocomplete="name"></label></p>` +
  `<p><button type="submit">${words.acknowledge}</button></p></form>`;

/**
 * What pressing the button did, said as it is: acknowledged now; acknowledged before (by this recipient,
 * or by whom and when); or nothing, because the escalation had already ended (resolved, unresolved or paused).
 */
export const ackDonePage = (input: { escalation: Escalation; by: string; changed: boolean; zone: string; lang: Lang }): string => {
  const { escalation, by, changed, zone, lang } = input;
  const words = ACK_WORDS[lang];
  if (changed) return htmlPage(words.doneTitle, words.done, { lang });
  if (escalation.status === 'acknowledged') {
    return escalation.acknowledgedBy?.toLowerCase() === by.toLowerCase()
      ? htmlPage(words.alreadyTitle, words.already(when(escalation.acknowledgedAt, zone)), { lang })
      : htmlPage(words.byOtherTitle, words.byOther(statusOf(escalation, zone, words)), { lang });
  }
  return htmlPage(words.endedTitle, words.ended(statusOf(escalation, zone, words)), { lang });
};

export const linkRefusedPage = (reason: 'expired' | 'invalid', lang: Lang): string => {
  const words = ACK_WORDS[lang];
  return htmlPage(words.refusedTitle, reason === 'expired' ? words.expired : words.invalid, { lang });
};

const when = (instant: string | undefined, zone: string): string => (instant ? escape(formatLocal(new Date(instant), zone)) : '');

const acknowledged = (e: Escalation, zone: string, words: AckWords): string =>
  e.acknowledgedBy ? words.acknowledgedBy(escape(words.actor(e.acknowledgedBy, e.acknowledgedVia)), e.acknowledgedVia && escape(e.acknowledgedVia), when(e.acknowledgedAt, zone)) : '';

const statusOf = (e: Escalation, zone: string, words: AckWords): string =>
  (e.status === 'acknowledged'
    ? acknowledged(e, zone, words)
    : e.status === 'resolved'
      ? words.resolved(when(e.resolvedByReadingAt ?? e.resolvedAt, zone)) + acknowledged(e, zone, words)
      : e.status === 'paused'
        ? words.paused(when(e.closedAt, zone), e.pausedBy && escape(words.actor(e.pausedBy))) + acknowledged(e, zone, words)
        : words.unresolved(when(e.closedAt, zone)) + acknowledged(e, zone, words)
  ).trim();
