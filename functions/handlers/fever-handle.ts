import { NotFoundError } from '../domain/errors';
import { isChatAddress, namedAddress, peopleTold } from '../domain/escalation';
import { feverAckPortOf, handleFeverAlert } from '../domain/fever/acknowledge';
import { ackPurpose, checkLink } from '../domain/links';
import { langOfCommunity, nameIn } from '../domain/words';
import { linkRefusedPage } from '../pages/ack';
import { feverAckDonePage, feverAckPage, readHandlingForm } from '../pages/fever-ack';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { escalationDynamoStore } from '../runtime/deps';
import { readerLang } from '../runtime/page-lang';
import { routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';

/**
 * POST from a fever alert's page: who handled it and what was done. Recorded (handleFeverAlert: the
 * alert, its audit entry and the 【已处置】 rows in one transaction) and answered at once; a form with a
 * refused field is shown again with the refusal at it, nothing recorded. Idempotent: an alert handled
 * before is answered as it was; one that ended unhandled is a 409.
 */
export const handler = routeHandler(routes.feverHandle, async ({ path, body, now, cookies }) => {
  const check = checkLink(await linkKeys(), ackPurpose('fever'), path.alertId, body, now);
  if (check !== 'valid') return { status: 403, contentType: HTML, text: linkRefusedPage(check, readerLang(cookies)) };
  const port = feverAckPortOf(escalationDynamoStore(), () => now);
  const view = await port.alert(path.alertId);
  if (!view || view.alert.cause !== 'fever') throw new NotFoundError('no such fever alert');
  const { checkpoint, community } = view;
  const lang = readerLang(cookies, langOfCommunity(community));
  const read = readHandlingForm(body, lang);
  const link = { r: body.r, exp: body.exp, kid: body.kid, sig: body.sig };
  if ('issues' in read) {
    const values = { ...(body.by !== undefined && { by: body.by }), ...(body.action !== undefined && { action: body.action }), ...(body.note !== undefined && { note: body.note }) };
    const page = feverAckPage({ alert: view.alert, checkpoint, community, link, action: `/fever/${encodeURIComponent(path.alertId)}`, lang, values, issues: read.issues, people: peopleTold(view.alert, checkpoint, community, now).map((person) => person.name) });
    return { status: 400, contentType: HTML, headers: { 'cache-control': 'no-store' }, text: page };
  }
  // From a group's link: recorded via that group, named in the community's language (told in its notices).
  const via = isChatAddress(body.r) ? { label: nameIn(namedAddress(body.r, checkpoint, community), langOfCommunity(community)) } : undefined;
  const { alert, changed } = await handleFeverAlert(port, { alertId: path.alertId, by: read.by, ...(via && { via }), handling: read.handling, now });
  return {
    status: alert.status === 'acknowledged' ? 200 : 409,
    contentType: HTML,
    headers: { 'cache-control': 'no-store' },
    text: feverAckDonePage({ alert, changed, zone: checkpoint.timezone, lang }),
  };
});
