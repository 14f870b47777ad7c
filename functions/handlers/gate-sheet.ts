import { visibleTo } from '../domain/operators';
import { gateCard, qrSvg, SHEET_CSS } from '../pages/gate-sheet';
import { htmlPage } from '../pages/page';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import { printableFormUrl } from '../runtime/links';
import { byRouteKey } from '../runtime/route';
import { scopedRouteHandler } from '../runtime/scoped-route';

const qr = scopedRouteHandler(routes.qrCode, async ({ path, baseUrl, actor }) => {
  const checkpoint = visibleTo(actor, await dynamoStore().checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  return { status: 200, contentType: 'image/svg+xml', headers: { 'cache-control': 'no-store' }, text: qrSvg(await printableFormUrl(checkpoint, baseUrl)) };
});

const sheet = scopedRouteHandler(routes.gateSheet, async ({ path, baseUrl, actor }) => {
  const store = dynamoStore();
  const community = visibleTo(actor, await store.community(path.communityId), `community ${path.communityId}`);
  const cards = await Promise.all(
    (await store.checkpointsOf(path.communityId)).map(async (checkpoint) => gateCard(community.name, { checkpointId: checkpoint.checkpointId, name: checkpoint.name, formUrl: await printableFormUrl(checkpoint, baseUrl) })),
  );
  return { status: 200, contentType: 'text/html; charset=utf-8', headers: { 'cache-control': 'no-store' }, text: htmlPage(`${community.name} 卡点二维码`, cards.join(''), { css: SHEET_CSS }) };
});

export const handler = byRouteKey({ [routes.qrCode.key]: qr, [routes.gateSheet.key]: sheet });
