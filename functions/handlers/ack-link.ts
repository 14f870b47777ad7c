import { acknowledge } from '../domain/escalations';
import { checkLink } from '../domain/links';
import { ackDonePage, linkRefusedPage } from '../pages/ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDeps } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/** POST from the acknowledge page: the signed link's recipient acknowledges. Idempotent. */
export const handler = routeHandler(routes.ackLink, async ({ path, body, now, baseUrl }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, body, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check) };
  const { escalation } = await acknowledge(escalationDeps(baseUrl), path.escalationId, body.r);
  return { status: 200, contentType: HTML, headers: { 'cache-control': 'no-store' }, text: ackDonePage(escalation, body.r) };
});
