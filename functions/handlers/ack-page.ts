import { NotFoundError } from '../domain/errors';
import { addressLabel, isChatAddress, peopleTold } from '../domain/escalation';
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
export const handler = routeHandler(routes.ackPage, async ({ path, query, now }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, query, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check) };
  const store = escalationDynamoStore();
  const escalation = await store.escalation(path.escalationId);
  if (!escalation) throw new NotFoundError('no such escalation');
  const checkpoint = await store.checkpoint(escalation.checkpointId);
  const community = isChatAddress(query.r) ? await store.community(escalation.communityId) : undefined;
  const group =
    isChatAddress(query.r) && checkpoint ? { label: addressLabel(query.r, checkpoint, community), people: peopleTold(escalation, checkpoint, community, now).map((person) => person.name) } : undefined;
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    text: ackPage({ escalation, checkpoint, link: query, action: `/ack/${encodeURIComponent(path.escalationId)}`, now, ...(group && { group }) }),
  };
});
