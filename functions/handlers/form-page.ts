import { randomUUID } from 'node:crypto';
import { FORM_WORKER } from '../pages/form-client';
import { formDonePage, formManifest, formPage } from '../pages/form';
import { readerLang } from '../runtime/page-lang';
import { routes } from '../routes';
import { byRouteKey, routeHandler } from '../runtime/route';

const HTML = 'text/html; charset=utf-8';
const PAGE_HEADERS: Record<string, string> = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * The form page. Public: it is the same for anyone; the token stays in the browser (the URL fragment) —
 * but for a phone without JavaScript, opened with `?t=`, whose page carries the token: no cache keeps that.
 */
const page = routeHandler(routes.formPage, async ({ path, query }) => ({
  status: 200,
  contentType: HTML,
  headers: { ...PAGE_HEADERS, 'cache-control': query.t ? 'no-store' : 'no-cache' },
  text: formPage({ checkpointId: path.checkpointId, submissionId: randomUUID(), ...(query.t && { noScriptToken: query.t }) }),
}));

const worker = routeHandler(routes.formWorker, async () => ({
  status: 200,
  contentType: 'text/javascript; charset=utf-8',
  headers: { 'cache-control': 'no-cache', 'service-worker-allowed': '/f/' },
  text: FORM_WORKER,
}));

const manifest = routeHandler(routes.formManifest, async ({ path }) => ({
  status: 200,
  contentType: 'application/manifest+json',
  text: JSON.stringify(formManifest(path.checkpointId)),
}));

const done = routeHandler(routes.formDone, async ({ path, query, cookies }) => ({
  status: 200,
  contentType: HTML,
  headers: PAGE_HEADERS,
  text: formDonePage({
    checkpointId: path.checkpointId,
    replayed: query.replayed === '1',
    lang: readerLang(cookies),
    ...(query.at && { receivedAt: query.at }),
    ...(query.next && { nextDeadline: query.next }),
    ...(query.told === '1' && { told: true }),
  }),
}));

/** One function for the form's four routes, each validated by its own entry of the route table. */
export const handler = byRouteKey({
  [routes.formPage.key]: page,
  [routes.formWorker.key]: worker,
  [routes.formManifest.key]: manifest,
  [routes.formDone.key]: done,
});
