/**
 * The checkpoint form: one light page (no external requests), Chinese first with a switch to English,
 * usable at 360 px, every field labelled and its error tied to it. With JavaScript it validates against
 * the server's own schema and queues submissions offline; without, it is a plain form POST.
 */
import * as z from 'zod/mini';
import { ReadingBody } from '../contract/schemas';
import { READING_RULES } from '../domain/reading-rules';
import { FORM_CLIENT } from './form-client';
import { htmlPage, ICON_DATA_URL } from './page';
import { escapeHtml as escape } from '../domain/html';
import { DEFAULT_TIMEZONE, formatLocal } from '../domain/time';
import type { Lang } from '../domain/words';
import { FEVER_WORDS } from '../domain/words/fever';

export const FORM_TEXT = {
  zh: {
    title: '卡点上报', checkpoint: '卡点', slot: '当前时段', last: '上次上报', officer: '上报人', screened: '检测人数', entries: '进入人数', exits: '外出人数',
    feverCount: '发热人数', maxTempC: '最高体温 (°C)', staffOnDuty: '在岗人数', notes: '备注', feverCase: '发热人员', tempC: '体温 (°C)', direction: '方向',
    in: '进', out: '出', note: '说明', send: '提交', waiting: '待发送', sent: '已收到', told: FEVER_WORDS['zh-CN'].toldCommunity, refused: '未被接受', offline: '无网络，已保存，恢复后自动发送', first: FEVER_WORDS['zh-CN'].feverFirst, busy: '服务器繁忙，已保存，稍后自动重发',
    outbox: '发送记录', edit: '改后重新提交', remove: '移除', removeSure: '移除这条未被接受的上报？', conflict: '此编号已用于另一条上报，请核对后作为新上报提交',
    newCode: '卡点二维码已更换：请扫描新二维码或打开新链接。未发送的上报已保存，打开新链接后自动发送。',
    sending: '发送中…', fix: '请更正标红的项目', noToken: '此链接缺少上报口令，请使用卡点二维码或完整链接打开。',
    'err.required': '必填', 'err.number': '请输入数字', 'err.integer': '请输入整数', 'err.min': '不能小于', 'err.max': '不能大于', 'err.long': '过长，最多',
    'err.choice': '请选择', check: '请核对标黄项，无误请再按提交',
  },
  en: {
    title: 'Checkpoint report', checkpoint: 'Checkpoint', slot: 'Current slot', last: 'Last report', officer: 'Reported by', screened: 'People screened', entries: 'Entries', exits: 'Exits',
    feverCount: 'With fever', maxTempC: 'Highest temperature (°C)', staffOnDuty: 'Staff on duty', notes: 'Notes', feverCase: 'Fever case', tempC: 'Temperature (°C)', direction: 'Direction',
    in: 'In', out: 'Out', note: 'Note', send: 'Send', waiting: 'Waiting to send', sent: 'Received', told: FEVER_WORDS.en.toldCommunity, refused: 'Not accepted', offline: 'No network: saved, will send when back online', first: FEVER_WORDS.en.feverFirst, busy: 'Server busy: saved, will send again shortly',
    outbox: 'Outbox', edit: 'Correct and send again', remove: 'Remove', removeSure: 'Remove this refused reading?', conflict: 'This submission id was already used for another reading: check it and send it as a new reading',
    newCode: 'The gate sheet has a new code: scan the new QR code or open the new link. Readings not yet sent are kept and go out once it is open.',
    sending: 'Sending…', fix: 'Please correct the marked fields', noToken: 'This link has no form token: open the form from the gate QR code or the full link.',
    'err.required': 'Required', 'err.number': 'Enter a number', 'err.integer': 'Enter a whole number', 'err.min': 'At least', 'err.max': 'At most', 'err.long': 'Too long, at most',
    'err.choice': 'Choose one', check: 'Check the yellow; if right, Send again',
  },
} as const;

type Key = keyof (typeof FORM_TEXT)['zh'];
const zh = (key: Key) => FORM_TEXT.zh[key];

/**
 * The reading rules as the page's script reads them (form-rules.ts), the table's own words in fewer
 * bytes: [refuses, field, [left, operator, right], when ([left, operator, right]) or 0, zh, en].
 */
export const pageRules = () =>
  READING_RULES.map((rule) => [rule.importance === 'refuse', rule.field, [rule.left, rule.operator, rule.right], rule.when ? [rule.when.left, rule.when.operator, rule.when.right] : 0, rule.message.zh, rule.message.en]);

/**
 * The words the page's script needs: English all, Chinese only what the page does not show already —
 * the script reads the Chinese of every element it shows (`data-t`, outside the fever case's template)
 * from the page itself. The form's 10 KB budget (test/handlers/compression.test.ts) is why.
 */
const pageText = (markup: string) => {
  const shown = new Set([...markup.replace(/<template[\s\S]*?<\/template>/, '').matchAll(/data-t="([^"]+)"/g)].map((match) => match[1]));
  return { zh: Object.fromEntries(Object.entries(FORM_TEXT.zh).filter(([key]) => !shown.has(key))), en: FORM_TEXT.en };
};

let schemaJson: unknown;
/**
 * The reading's JSON Schema, generated from the zod schema the server validates with. The page's script
 * reads only its types, bounds, lengths, choices and required fields, so the descriptions written for
 * the OpenAPI document and the patterns and formats it does not check (the server does) stay off the phone.
 */
const OFF_THE_PHONE = new Set(['description', '$schema', 'pattern', 'format', 'additionalProperties', 'maxItems']);
/** Nor what the page has no field for: the script gives each reading its id, and the server its time. */
const NO_FIELD = new Set(['submissionId', 'observedAt']);
export const readingJsonSchema = () => {
  if (schemaJson) return schemaJson;
  const schema = JSON.parse(JSON.stringify(z.toJSONSchema(ReadingBody, { io: 'input', unrepresentable: 'any' }), (key, value) => (OFF_THE_PHONE.has(key) ? undefined : value)));
  for (const name of NO_FIELD) delete schema.properties[name];
  schema.required = schema.required.filter((name: string) => !NO_FIELD.has(name));
  return (schemaJson = schema);
};

const numberField = (name: string, key: Key, options: { min?: number; max?: number; step?: string; required?: boolean }) =>
  `<div class="field"><label for="f-${name}" data-t="${key}">${zh(key)}</label>` +
  `<input id="f-${name}" name="${name}" data-field="${name}" data-kind="number" type="number" inputmode="${options.step ? 'decimal' : 'numeric'}"` +
  `${options.min !== undefined ? ` min="${options.min}"` : ''}${options.max !== undefined ? ` max="${options.max}"` : ''}${options.step ? ` step="${options.step}"` : ''}` +
  `${options.required ? ' required' : ''} aria-describedby="err-${name}"><span class="error" id="err-${name}" role="alert"></span></div>`;

const CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111;background:#f6f7f9}' +
  'main{max-width:30rem;margin:0 auto;padding:.75rem}header{display:flex;justify-content:space-between;align-items:center;gap:.5rem}' +
  'h1{font-size:1.25rem;margin:.25rem 0}#lang{min-height:44px;min-width:64px;font-size:1rem;background:#fff;border:1px solid #555;border-radius:.4rem;color:#111}' +
  '.status{background:#fff;border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0;font-size:.95rem}.status dt{color:#444;float:left;clear:left;width:7.5rem}.status dd{margin:0 0 .2rem 7.5rem}' +
  '.field{margin:.6rem 0}label{display:block;font-weight:600;margin-bottom:.2rem}input,textarea,select{width:100%;box-sizing:border-box;font-size:1.1rem;min-height:48px;padding:.5rem;border:1px solid #555;border-radius:.4rem;background:#fff;color:#111}' +
  '[aria-invalid=true]{border:2px solid #b91c1c}.error{color:#b91c1c;font-size:.95rem;min-height:1em;display:block}.error.warn{color:#713f12}' +
  '.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem}fieldset{border:1px solid #888;border-radius:.5rem;margin:.6rem 0;padding:.25rem .75rem}' +
  '.radios{display:flex;gap:1rem}.radios label{display:flex;align-items:center;gap:.4rem;font-weight:400;min-height:44px}.radios input{width:auto;min-height:auto}' +
  'button[type=submit]{width:100%;min-height:56px;font-size:1.25rem;font-weight:700;background:#1d4ed8;color:#fff;border:0;border-radius:.5rem;margin:.75rem 0}' +
  '.result,#waiting,#no-token,#new-code{padding:.5rem .75rem;border-radius:.4rem}.result{margin:.5rem 0}.result:empty{display:none}.ok{background:#dcfce7;color:#14532d}' +
  '.bad,#no-token,#new-code{background:#fee2e2;color:#7f1d1d}.wait,#waiting{background:#fef9c3;color:#713f12}' +
  'h2{font-size:1.1rem;margin:.5rem 0}#outbox ol{list-style:none;padding:0;margin:0}#outbox li{background:#fff;border-left:6px solid #a16207;border-radius:.4rem;padding:.4rem .6rem;margin:.4rem 0}' +
  '#outbox li.ob-ok{border-color:#15803d}#outbox li.ob-bad{border-color:#b91c1c}#outbox button{min-height:44px;margin:.3rem .5rem 0 0;padding:0 .75rem;font-size:1rem;background:#fff;color:#111;border:1px solid #555;border-radius:.4rem}' +
  '.js-only{display:none}.js .js-only{display:block}';

export const formPage = (input: { checkpointId: string; submissionId: string; noScriptToken?: string }): string => {
  const id = escape(input.checkpointId);
  const caseTemplate =
    `<fieldset><legend><span data-t="feverCase">${zh('feverCase')}</span> __n__</legend>` +
    `<div class="field"><label for="f-feverCases-__i__-tempC" data-t="tempC">${zh('tempC')}</label><input id="f-feverCases-__i__-tempC" data-case="tempC" data-kind="number" type="number" inputmode="decimal" step="0.1" min="37.3" max="43" aria-describedby="err-feverCases-__i__-tempC"><span class="error" id="err-feverCases-__i__-tempC" role="alert"></span></div>` +
    `<div class="field" role="radiogroup" aria-labelledby="dir-__i__"><span id="dir-__i__" class="label" data-t="direction">${zh('direction')}</span><div class="radios">` +
    `<label><input type="radio" name="dir-__i__" value="in" data-case="direction" id="f-feverCases-__i__-direction"><span data-t="in">${zh('in')}</span></label>` +
    `<label><input type="radio" name="dir-__i__" value="out" data-case="direction"><span data-t="out">${zh('out')}</span></label></div><span class="error" id="err-feverCases-__i__-direction" role="alert"></span></div>` +
    `<div class="field"><label for="f-feverCases-__i__-note" data-t="note">${zh('note')}</label><input id="f-feverCases-__i__-note" data-case="note" maxlength="200"></div></fieldset>`;
  const markup =
    `<main><header><h1 data-t="title">${zh('title')}</h1><button type="button" id="lang" class="js-only" lang="en">English</button></header>` +
    `<dl class="status js-only"><dt data-t="checkpoint">${zh('checkpoint')}</dt><dd id="cp-name">${id}</dd><dt data-t="slot">${zh('slot')}</dt><dd id="cp-slot">—</dd><dt data-t="last">${zh('last')}</dt><dd id="cp-last">—</dd></dl>` +
    `<p id="no-token" hidden data-t="noToken">${zh('noToken')}</p>` +
    (input.noScriptToken ? '' : `<noscript><p>${zh('noToken')}</p></noscript>`) +
    `<p id="new-code" hidden role="alert" data-t="newCode">${zh('newCode')}</p>` +
    `<p id="waiting" hidden><span data-t="waiting">${zh('waiting')}</span>: <b id="waiting-count">0</b></p>` +
    `<p id="result" class="result" role="status" aria-live="polite"></p>` +
    `<form id="reading" method="post" action="/checkpoints/${id}/readings" novalidate>` +
    // Only a form posted without JavaScript needs these: the script gives each reading its own id when
    // it is sent. Without them the page is the same bytes on every request, so a repeat is a 304.
    (input.noScriptToken
      ? `<input type="hidden" name="submissionId" value="${escape(input.submissionId)}"><input type="hidden" name="formToken" value="${escape(input.noScriptToken)}">`
      : '') +
    `<div class="field"><label for="f-officer" data-t="officer">${zh('officer')}</label><input id="f-officer" name="officer" data-field="officer" maxlength="64" autocomplete="name" required aria-describedby="err-officer"><span class="error" id="err-officer" role="alert"></span></div>` +
    `<div class="grid">${numberField('screened', 'screened', { min: 0, required: true })}${numberField('feverCount', 'feverCount', { min: 0, required: true })}` +
    `${numberField('entries', 'entries', { min: 0, required: true })}${numberField('exits', 'exits', { min: 0, required: true })}</div>` +
    `<div id="fever-cases"></div><span class="error" id="err-feverCases" role="alert"></span><template id="case-template">${caseTemplate}</template>` +
    `<div class="grid">${numberField('maxTempC', 'maxTempC', { min: 34, max: 43, step: '0.1' })}${numberField('staffOnDuty', 'staffOnDuty', { min: 1, max: 100 })}</div>` +
    `<div class="field"><label for="f-notes" data-t="notes">${zh('notes')}</label><textarea id="f-notes" name="notes" data-field="notes" maxlength="1000" rows="2" aria-describedby="err-notes"></textarea><span class="error" id="err-notes" role="alert"></span></div>` +
    `<button type="submit" data-t="send">${zh('send')}</button></form>` +
    // Every reading not yet accepted (waiting, or refused and why) and the last ones accepted, with their receipt time.
    `<section id="outbox" hidden aria-labelledby="outbox-h"><h2 id="outbox-h" data-t="outbox">${zh('outbox')}</h2><ol id="outbox-list"></ol></section></main>`;
  const config = JSON.stringify({ checkpointId: input.checkpointId, schema: readingJsonSchema(), rules: pageRules(), text: pageText(markup) }).replace(/</g, '\\u003c');
  return htmlPage(
    `${zh('title')} · ${input.checkpointId}`,
    markup + `<script type="application/json" id="cw-config">${config}</script><script>${FORM_CLIENT}</script>`,
    { css: CSS, head: `<link rel="manifest" href="/f/${id}/manifest.webmanifest"><meta name="theme-color" content="#1d4ed8">` },
  );
};

export const formManifest = (checkpointId: string) => ({
  name: `卡点上报 ${checkpointId}`,
  short_name: '卡点上报',
  start_url: `/f/${encodeURIComponent(checkpointId)}`,
  scope: '/f/',
  display: 'standalone',
  background_color: '#f6f7f9',
  theme_color: '#1d4ed8',
  lang: 'zh-CN',
  icons: [{ src: ICON_DATA_URL, sizes: 'any', type: 'image/svg+xml' }],
});

/** After a form posted without JavaScript: the 303 lands here. Times in the checkpoint's zone when it is known. */
/** `told`: the reading's fevers alerted the community (its receipt's `feverAlert`). */
export const formDonePage = (input: { checkpointId: string; receivedAt?: string; slotStart?: string; nextDeadline?: string; replayed: boolean; lang: Lang; timezone?: string; told?: boolean }): string => {
  const en = input.lang === 'en';
  const zone = input.timezone ?? DEFAULT_TIMEZONE;
  const at = (iso: string) => (Number.isNaN(Date.parse(iso)) ? '' : escape(formatLocal(new Date(iso), zone)));
  const heading = en ? (input.replayed ? 'Already received' : 'Received') : input.replayed ? '此前已收到' : '已收到';
  return htmlPage(
    heading,
    `<main style="max-width:30rem;margin:0 auto;padding:.75rem"><h1>${heading}</h1>` +
      `<p>${en ? 'The report is stored.' : '上报已保存。'}</p>` +
      (input.told ? `<p><b>${FEVER_WORDS[input.lang].toldCommunity}</b></p>` : '') +
      (input.receivedAt ? `<p>${en ? 'Received' : '接收时间'}${en ? ': ' : '：'}${at(input.receivedAt)}</p>` : '') +
      (input.nextDeadline ? `<p>${en ? 'Next deadline' : '下次截止'}${en ? ': ' : '：'}${at(input.nextDeadline)}</p>` : '') +
      `<p><a href="javascript:history.back()">${en ? 'Back' : '返回'}</a></p></main>`,
    { lang: input.lang },
  );
};
