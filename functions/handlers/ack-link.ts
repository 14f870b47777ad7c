import { ValidationError } from '../domain/errors';
import { acknowledge, addressLabel, isActive, isChatAddress } from '../domain/escalation';
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
export const handler = routeHandler(routes.ackLink, async ({ path, body, now, baseUrl }) => {
  const check = checkLink(await linkKeys(), 'ack', path.escalationId, body, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check) };
  const deps = escalationDeps(baseUrl);
  const fromGroup = isChatAddress(body.r);
  if (fromGroup && !body.by) throw new ValidationError('say who is acknowledging', [{ path: 'by', message: 'the name of the person acknowledging' }]);
  let via: { address: string; label: string } | undefined;
  if (fromGroup) {
    const escalation = await deps.store.escalation(path.escalationId);
    const [checkpoint, community] = escalation ? await Promise.all([deps.store.checkpoint(escalation.checkpointId), deps.store.community(escalation.communityId)]) : [undefined, undefined];
    via = { address: body.r, label: addressLabel(body.r, checkpoint, community) };
  }
  const by = fromGroup ? body.by! : body.r;
  // Recorded as who the link's holder says they are: the recipient a mail link names, or the name given in a group.
  const { escalation, changed } = await acknowledge(deps, path.escalationId, by, via, { kind: 'link', name: by });
  const zone = (await deps.store.checkpoint(escalation.checkpointId))?.timezone ?? DEFAULT_TIMEZONE;
  const ended = !isActive(escalation);
  return {
    status: ended ? 409 : 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store' },
    text: ackDonePage({ escalation, by, changed, zone }),
  };
});
