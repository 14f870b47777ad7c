import { create as encodeQr } from 'qrcode/lib/core/qrcode.js';
import { render as renderQrSvg } from 'qrcode/lib/renderer/svg-tag.js';
import { NotFoundError } from '../domain/errors';
import type { Checkpoint } from '../domain/model';
import { visibleTo } from '../domain/operators';
import { currentFormToken } from '../domain/registry';
import { htmlPage } from '../pages/page';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { dynamoStore } from '../runtime/deps';
import { formLinks } from '../runtime/links';
import { byRouteKey } from '../runtime/route';
import { scopedRouteHandler } from '../runtime/scoped-route';
import { escapeHtml as escape } from '../domain/html';

const qrOf = async (checkpoint: Checkpoint, baseUrl: string): Promise<{ svg: string; url: string }> => {
  const token = currentFormToken(await linkKeys(), checkpoint);
  if (!token) throw new NotFoundError(`the form token of ${checkpoint.checkpointId} cannot be printed: rotate it once (POST /checkpoints/${checkpoint.checkpointId}/rotate-token)`);
  const { formUrl } = formLinks(baseUrl, checkpoint.checkpointId, token);
  return { svg: renderQrSvg(encodeQr(formUrl, { errorCorrectionLevel: 'M' }), { margin: 2 }), url: formUrl };
};

const qr = scopedRouteHandler(routes.qrCode, async ({ path, baseUrl, actor }) => {
  const checkpoint = visibleTo(actor, await dynamoStore().checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  return { status: 200, contentType: 'image/svg+xml', headers: { 'cache-control': 'no-store' }, text: (await qrOf(checkpoint, baseUrl)).svg };
});

const SHEET_CSS =
  '@page{size:A4;margin:15mm}body{font-family:"PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#000}' +
  '.card{height:260mm;box-sizing:border-box;padding:10mm;text-align:center;page-break-after:always;break-after:page}' +
  '.card h1{font-size:28pt;margin:0 0 4mm}.card h2{font-size:16pt;font-weight:400;margin:0 0 8mm}.qr svg{width:120mm;height:120mm}' +
  '.steps{font-size:15pt;text-align:left;display:inline-block;margin-top:6mm}.small{font-size:9pt;color:#333}';

const sheet = scopedRouteHandler(routes.gateSheet, async ({ path, baseUrl, actor }) => {
  const store = dynamoStore();
  const community = visibleTo(actor, await store.community(path.communityId), `community ${path.communityId}`);
  const cards = await Promise.all(
    (await store.checkpointsOf(path.communityId)).map(async (checkpoint) => {
      const { svg } = await qrOf(checkpoint, baseUrl);
      return (
        `<section class="card"><h1>${escape(checkpoint.name)}</h1><h2>${escape(community.name)} · 卡点上报二维码</h2><div class="qr">${svg}</div>` +
        `<ol class="steps"><li>用手机扫描二维码，打开上报页面。</li><li>每个时段按时填写检测人数、进出人数和发热人数，点击“提交”。</li><li>没有网络时照常提交，页面会保存并在恢复网络后自动发送。</li></ol>` +
        `<p class="small">${escape(checkpoint.checkpointId)} · 请勿外传此码 / Do not share this code</p></section>`
      );
    }),
  );
  return { status: 200, contentType: 'text/html; charset=utf-8', headers: { 'cache-control': 'no-store' }, text: htmlPage(`${community.name} 卡点二维码`, cards.join(''), { css: SHEET_CSS }) };
});

export const handler = byRouteKey({ [routes.qrCode.key]: qr, [routes.gateSheet.key]: sheet });
