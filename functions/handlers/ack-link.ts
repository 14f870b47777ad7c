import { ValidationError } from '../domain/errors';
import { acknowledge, isActive, isChatAddress, namedAddress } from '../domain/escalation';
import { langOfCommunity, nameIn } from '../domain/words';
import { readerLang } from '../runtime/page-lang';
import { checkLink } from '../domain/links';
import { DEFAULT_TIMEZONE } from '../domain/time';
import { ackDonePage, linkRefusedPage } from '../pages/ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDeps } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/**
 * POST from the acknowledge page: the signed link's recipient acknowledges — or, from a group's link,
 * the person the page asked for, via that group. Idempotent; the page says what happened — and an
 * escalation that had already ended is a 409: nothing was acknowledged.
 */
export const handler = routeHandler(routes.ackLink, async ({ path, body, now, baseUrl, cookies }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, body, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check, readerLang(cookies)) };
  const deps = escalationDeps(baseUrl);
  const fromGroup = isChatAddress(body.r);
  if (fromGroup && !body.by) throw new ValidationError('say who is acknowledging', [{ path: 'by', message: 'the name of the person acknowledging' }]);
  let via: { address: string; label: string } | undefined;
  if (fromGroup) {
    const escalation = await deps.store.escalation(path.escalationId);
    const [checkpoint, community] = escalation ? await Promise.all([deps.store.checkpoint(escalation.checkpointId), deps.store.community(escalation.communityId)]) : [undefined, undefined];
    // Kept with the escalation and told in its community's notices: in the community's language.
    via = { address: body.r, label: nameIn(namedAddress(body.r, checkpoint, community), langOfCommunity(community)) };
  }
  const by = fromGroup ? body.by! : body.r;
  // Recorded as who the link's holder says they are: the recipient a mail link names, or the name given in a group.
  const { escalation, changed } = await acknowledge(deps, path.escalationId, by, via, { kind: 'link', name: by });
  const [checkpoint, community] = await Promise.all([deps.store.checkpoint(escalation.checkpointId), deps.store.community(escalation.communityId)]);
  const zone = checkpoint?.timezone ?? DEFAULT_TIMEZONE;
  const lang = readerLang(cookies, langOfCommunity(community));
  const named = (address: string) => nameIn(namedAddress(address, checkpoint, community), lang);
  const ended = !isActive(escalation);
  return {
    status: ended ? 409 : 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store' },
    // Whoever acknowledged is named as registered (a mail link's recipient is an address).
    text: ackDonePage({ escalation: { ...escalation, ...(escalation.acknowledgedBy && { acknowledgedBy: named(escalation.acknowledgedBy) }) }, by: named(by), changed, zone, lang }),
  };
});
