import { acknowledge } from '../domain/escalations';
import { checkLink } from '../domain/links';
import { DEFAULT_TIMEZONE } from '../domain/time';
import { ackDonePage, linkRefusedPage } from '../pages/ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDeps } from '../runtime/deps';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/**
 * POST from the acknowledge page: the signed link's recipient acknowledges. Idempotent; the page says
 * what happened — and an escalation that had already ended is a 409: nothing was acknowledged.
 */
export const handler = routeHandler(routes.ackLink, async ({ path, body, now, baseUrl }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, body, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check) };
  const deps = escalationDeps(baseUrl);
  const { escalation, changed } = await acknowledge(deps, path.escalationId, body.r);
  const zone = (await deps.store.checkpoint(escalation.checkpointId))?.timezone ?? DEFAULT_TIMEZONE;
  const ended = escalation.status === 'resolved' || escalation.status === 'unresolved';
  return {
    status: ended ? 409 : 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store' },
    text: ackDonePage({ escalation, by: body.r, changed, zone }),
  };
});
