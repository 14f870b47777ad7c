import { NotFoundError } from '../domain/errors';
import { peopleTold } from '../domain/escalation';
import { feverAckPortOf } from '../domain/fever/acknowledge';
import { ackPurpose, checkLink } from '../domain/links';
import { langOfCommunity } from '../domain/words';
import { linkRefusedPage } from '../pages/ack';
import { feverAckPage } from '../pages/fever-ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDynamoStore } from '../runtime/deps';
import { readerLang } from '../runtime/page-lang';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/**
 * GET (and HEAD) of a fever alert's link: the alert, its cases and the handling form; changes nothing
 * (mail scanners open links). The link is signed for a fever alert (`ack-fever`): an escalation's link
 * opens nothing here, nor this one an escalation's page.
 */
export const handler = routeHandler(routes.feverPage, async ({ path, query, now, cookies }) => {
  const check = checkLink(await linkKeys(), ackPurpose('fever'), path.alertId, query, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check, readerLang(cookies)) };
  const view = await feverAckPortOf(escalationDynamoStore(), () => now).alert(path.alertId);
  if (!view || view.alert.cause !== 'fever') throw new NotFoundError('no such fever alert');
  const { alert, checkpoint, community } = view;
  // The reader's switch when they made one, else the language their notice came in.
  const lang = readerLang(cookies, langOfCommunity(community));
  return {
    status: 200,
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    text: feverAckPage({ alert, checkpoint, community, link: query, action: `/fever/${encodeURIComponent(path.alertId)}`, lang, people: peopleTold(alert, checkpoint, community, now).map((person) => person.name) }),
  };
});
