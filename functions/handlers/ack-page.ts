import { NotFoundError } from '../domain/errors';
import { isChatAddress, namedAddress, peopleTold } from '../domain/escalation';
import { langOfCommunity, nameIn } from '../domain/words';
import { readerLang } from '../runtime/page-lang';
import { checkLink } from '../domain/links';
import { ackPage, linkRefusedPage } from '../pages/ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/**
 * GET (and HEAD) of an acknowledge link: shows the situation and a button; changes nothing. A link
 * posted in a group names the group, not a person: its page asks who is acknowledging, offering the
 * people told so far.
 */
export const handler = routeHandler(routes.ackPage, async ({ path, query, now, cookies }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, query, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check, readerLang(cookies)) };
  const store = escalationDynamoStore();
  const escalation = await store.escalation(path.escalationId);
  // A fever alert is handled from its own page (fever-page.ts), never acknowledged here.
  if (!escalation || escalation.cause === 'fever') throw new NotFoundError('no such escalation');
  const [checkpoint, community] = await Promise.all([store.checkpoint(escalation.checkpointId), store.community(escalation.communityId)]);
  // The reader's switch when they made one, else the language their notice came in.
  const lang = readerLang(cookies, langOfCommunity(community));
  const group =
    isChatAddress(query.r) && checkpoint
      ? { label: nameIn(namedAddress(query.r, checkpoint, community), lang), people: peopleTold(escalation, checkpoint, community, now).map((person) => person.name) }
      : undefined;
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    text: ackPage({
      escalation: { ...escalation, ...(escalation.acknowledgedBy && { acknowledgedBy: nameIn(namedAddress(escalation.acknowledgedBy, checkpoint, community), lang) }) },
      checkpoint,
      link: query, action: `/ack/${encodeURIComponent(path.escalationId)}`, now, lang, ...(group && { group }) }),
  };
});
