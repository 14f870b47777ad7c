import { NotFoundError } from '../domain/errors';
import { checkLink } from '../domain/links';
import { ackPage, linkRefusedPage } from '../pages/ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDynamoStore } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/** GET (and HEAD) of an acknowledge link: shows the situation and a button; changes nothing. */
export const handler = routeHandler(routes.ackPage, async ({ path, query, now }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, query, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check) };
  const store = escalationDynamoStore();
  const escalation = await store.escalation(path.escalationId);
  if (!escalation) throw new NotFoundError('no such escalation');
  const checkpoint = await store.checkpoint(escalation.checkpointId);
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    text: ackPage({ escalation, checkpoint, link: query, action: `/ack/${encodeURIComponent(path.escalationId)}`, now }),
  };
});
