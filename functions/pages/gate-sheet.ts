/**
 * Gate sheets: one A4 card per checkpoint with the QR code of its form URL and the instructions in
 * Chinese, for the API's sheet (GET /communities/{id}/sheet) and the console's alike.
 */
import { create as encodeQr } from 'qrcode/lib/core/qrcode.js';
import { render as renderQrSvg } from 'qrcode/lib/renderer/svg-tag.js';
import { escapeHtml as escape } from '../domain/html';
import type { Lang } from '../domain/words';

export const qrSvg = (url: string): string => renderQrSvg(encodeQr(url, { errorCorrectionLevel: 'M' }), { margin: 2 });

export const SHEET_CSS =
  '@page{size:A4;margin:15mm}body{font-family:"PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#000}' +
  '.card{height:260mm;box-sizing:border-box;padding:10mm;text-align:center;page-break-after:always;break-after:page}' +
  '.card h1{font-size:28pt;margin:0 0 4mm}.card h2{font-size:16pt;font-weight:400;margin:0 0 8mm}.qr{display:block}.qr svg{width:120mm;height:120mm}' +
  '.steps{font-size:15pt;text-align:left;display:inline-block;margin-top:6mm}.small{font-size:9pt;color:#333}';

export interface GateCard {
  checkpointId: string;
  name: string;
  formUrl: string;
}

const CARD_WORDS = {
  'zh-CN': {
    title: '卡点上报二维码',
    steps: ['用手机扫描二维码，打开上报页面。', '每个时段按时填写检测人数、进出人数和发热人数，点击“提交”。', '没有网络时照常提交，页面会保存并在恢复网络后自动发送。'],
    keep: '请勿外传此码',
    open: '打开上报页面',
  },
  en: {
    title: 'Checkpoint reporting QR code',
    steps: ['Scan the QR code with a phone to open the report page.', 'In each slot, fill in the people screened, entries, exits and fevers, and press “Send”.', 'With no network, send as usual: the page keeps the report and sends it once the network is back.'],
    keep: 'Do not share this code',
    open: 'Open the report page',
  },
} as const;

/** A card in one language: Chinese for the gate's staff unless the console's reader chose English. */
export const gateCard = (communityName: string, card: GateCard, lang: Lang = 'zh-CN'): string => {
  const words = CARD_WORDS[lang];
  return (
    `<section class="card"><h1>${escape(card.name)}</h1><h2>${escape(communityName)} · ${words.title}</h2><a class="qr" href="${escape(card.formUrl)}" title="${words.open}" aria-label="${words.open}">${qrSvg(card.formUrl)}</a>` +
    `<ol class="steps">${words.steps.map((step) => `<li>${step}</li>`).join('')}</ol>` +
    `<p class="small">${words.keep}</p></section>`
  );
};
