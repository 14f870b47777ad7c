/**
 * The form page's script, as text: it runs in the browser, so it is plain ES2017 without imports.
 * It reads the token from the URL fragment (never sent to a server), validates against the JSON Schema
 * generated from the same zod schema the server uses, and keeps every reading in a queue in the
 * browser's storage until the server has accepted it. What each answer means is the server's contract:
 * 201/200 accepted (the receipt goes to the outbox); no network, 408, 425, 429 and 5xx are transient
 * (retried with backoff, never before Retry-After); 401/403 mean the gate sheet has a new code (the
 * queue waits for the new link); 400 puts the reading back into the fields with the server's errors;
 * 409 means its submissionId was used for another reading. A refused reading stays in the outbox,
 * figures visible, until it is sent again as a new reading or removed by hand: nothing is dropped
 * silently. The server is idempotent by submissionId, so a retry never stores a reading twice.
 */
import { RULES_CLIENT } from './form-rules';

/** What the phone downloads: the comments and indentation are for the reader of this file, not the phone. */
/** A line ending in ; { or , runs on into the next unchanged (no automatic semicolon is at stake), so it is joined to it; blank lines go. */
const compact = (script: string): string =>
  script.replace(/^[ \t]*\/\/.*\n/gm, '').replace(/^[ \t]+/gm, '').replace(/\n\n+/g, '\n').replace(/([;{,])\n/g, '$1');

export const FORM_CLIENT = compact(String.raw`
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('cw-config').textContent);
  var id = cfg.checkpointId;
  var T = cfg.text;
  var store = window.localStorage;
  var keyToken = 'cw:token:' + id, keyQueue = 'cw:queue:' + id, keyStatus = 'cw:status:' + id, keyDone = 'cw:done:' + id;
  // The switch is remembered here and in the cookie every page reads (cw_lang), so the board and the console follow it.
  var lang = store.getItem('cw:lang') || (document.cookie.match(/(?:^|; )cw_lang=(en|zh)/) || [])[1] || 'zh';
  var form = document.getElementById('reading');
  var $ = function (sel) { return document.querySelector(sel); };
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  var token = store.getItem(keyToken);
  // A new link (the gate sheet reprinted after a rotation) may arrive on load or, in the same tab, as a new fragment.
  function takeToken() {
    var fresh = new URLSearchParams(location.hash.slice(1)).get('token');
    if (!fresh || fresh === token) return false;
    store.setItem(keyToken, token = fresh);
    blocked = false; $('#new-code').hidden = true; $('#no-token').hidden = true;
    return true;
  }

  // The Chinese of what the page shows is in the page itself, not again in the config (form.ts, pageText).
  each(document.querySelectorAll('[data-t]'), function (el) { T.zh[el.getAttribute('data-t')] = el.textContent; });
  function t(key) { return (T[lang] && T[lang][key]) || T.zh[key] || key; }
  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    each(document.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); });
    $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
    $('#lang').setAttribute('lang', lang === 'zh' ? 'en' : 'zh-CN');
    renderStatus(); renderQueue();
    // The fields' messages the form gave (a rule's, a bound's) and what it said of them, said again in this language.
    if (judged) { var r = readForm(); showErrors(r.errors, r.warnings, 1); say(judged === 'fix' ? 'bad' : 'wait', t(judged)); }
  }
  $('#lang').addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh'; store.setItem('cw:lang', lang);
    document.cookie = 'cw_lang=' + lang + '; Path=/; SameSite=Lax; Max-Age=31536000';
    applyLanguage();
  });

  // Times in the checkpoint's own zone, whatever the phone is set to.
  function clock(iso) {
    if (!iso) return '—';
    var s = JSON.parse(store.getItem(keyStatus) || 'null');
    var options = { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };
    if (s && s.timezone) options.timeZone = s.timezone;
    try { return new Intl.DateTimeFormat('zh-CN', options).format(new Date(iso)).replace(/\//g, '-'); } catch (e) { return iso.slice(5, 16).replace('T', ' '); }
  }

  function renderStatus() {
    var s = JSON.parse(store.getItem(keyStatus) || 'null');
    $('#cp-name').textContent = s ? s.name : id;
    $('#cp-slot').textContent = s && s.slot ? clock(s.slot.start) + ' – ' + clock(s.slot.end).slice(-5) : '—';
    $('#cp-last').textContent = s ? clock(s.lastReadingAt) : '—';
  }
  function refusedToken() { blocked = true; $('#new-code').hidden = false; }
  function loadStatus() {
    if (!token) { $('#no-token').hidden = false; return; }
    fetch('/f/' + encodeURIComponent(id) + '/status', { headers: { authorization: 'Bearer ' + token } })
      .then(function (r) { if (r.status === 401 || r.status === 403) refusedToken(); return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { store.setItem(keyStatus, JSON.stringify(s)); renderStatus(); renderQueue(); } })
      .catch(function () {});
  }

  // ---- validation, from the JSON Schema of the reading ----
  var schema = cfg.schema;
  function checkValue(name, prop, value) {
    if (value === undefined || value === '') return null;
    var type = prop.type;
    if (type === 'integer' || type === 'number') {
      if (typeof value !== 'number' || isNaN(value)) return t('err.number');
      if (type === 'integer' && Math.floor(value) !== value) return t('err.integer');
      if (prop.minimum !== undefined && value < prop.minimum) return t('err.min') + ' ' + prop.minimum;
      if (prop.maximum !== undefined && value > prop.maximum) return t('err.max') + ' ' + prop.maximum;
    }
    if (type === 'string') {
      if (prop.minLength !== undefined && value.length < prop.minLength) return t('err.required');
      if (prop.maxLength !== undefined && value.length > prop.maxLength) return t('err.long') + ' ' + prop.maxLength;
      if (prop.enum && prop.enum.indexOf(value) < 0) return t('err.choice');
    }
    return null;
  }

  function fieldValue(el) {
    var v = el.value.trim();
    if (v === '') return undefined;
    return el.getAttribute('data-kind') === 'number' ? Number(v) : v;
  }

  function readForm() {
    var body = {}, errors = {};
    each(form.querySelectorAll('[data-field]'), function (el) {
      var name = el.getAttribute('data-field');
      var value = fieldValue(el);
      var prop = schema.properties[name];
      if (value === undefined && schema.required.indexOf(name) >= 0) errors[name] = t('err.required');
      else { var e = checkValue(name, prop, value); if (e) errors[name] = e; }
      if (value !== undefined) body[name] = value;
    });
    var cases = [];
    var caseSchema = schema.properties.feverCases.items;
    each(document.querySelectorAll('.fever-case'), function (row, i) {
      var c = {};
      each(row.querySelectorAll('[data-case]'), function (el) {
        var name = el.getAttribute('data-case');
        var value = el.type === 'radio' ? (el.checked ? el.value : undefined) : fieldValue(el);
        if (value === undefined) return;
        c[name] = value;
      });
      Object.keys(caseSchema.properties).forEach(function (name) {
        var key = 'feverCases.' + i + '.' + name;
        if (c[name] === undefined && caseSchema.required.indexOf(name) >= 0) errors[key] = t('err.required');
        else { var e = checkValue(name, caseSchema.properties[name], c[name]); if (e) errors[key] = e; }
      });
      cases.push(c);
    });
    if ((body.feverCount || 0) > 0) body.feverCases = cases;
    return { body: body, errors: errors, warnings: judge(body, errors) };
  }

  // ---- the reading rules (the server's own table): refused at their field, or only warned ----
  ${RULES_CLIENT}
  // Refusals go into errors (the first at a field stands), warnings are returned.
  function judge(body, errors) {
    var warnings = {};
    rulesBroken(cfg.rules, body).forEach(function (rule) {
      var into = rule[0] ? errors : warnings;
      if (!into[rule[1]]) into[rule[1]] = rule[lang === 'en' ? 5 : 4];
    });
    return warnings;
  }

  function showErrors(errors, warnings, quiet) {
    each(form.querySelectorAll('.error'), function (el) { el.textContent = ''; el.classList.remove('warn'); });
    each(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
    Object.keys(warnings || {}).forEach(function (key) {
      var slot = document.getElementById('err-' + key);
      if (slot && !errors[key]) { slot.textContent = warnings[key]; slot.classList.add('warn'); }
    });
    var first = null;
    Object.keys(errors).forEach(function (key) {
      var slot = document.getElementById('err-' + key.replace(/\./g, '-'));
      var input = document.getElementById('f-' + key.replace(/\./g, '-'));
      if (slot) slot.textContent = errors[key];
      if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
    });
    if (first && !quiet) first.focus();
    return Object.keys(errors).length === 0;
  }

  // ---- fever cases follow feverCount ----
  var caseTemplate = document.getElementById('case-template').innerHTML;
  function syncCases() {
    var n = Math.max(0, Math.min(20, Math.floor(Number($('#f-feverCount').value) || 0)));
    var box = $('#fever-cases');
    while (box.children.length < n) {
      var i = box.children.length;
      var div = document.createElement('div');
      div.className = 'fever-case';
      div.innerHTML = caseTemplate.replace(/__i__/g, String(i)).replace(/__n__/g, String(i + 1));
      box.appendChild(div);
    }
    while (box.children.length > n) box.removeChild(box.lastChild);
    applyLanguageTo(box);
  }
  function applyLanguageTo(root) { each(root.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); }); }
  $('#f-feverCount').addEventListener('input', syncCases);

  // ---- the queue and its outbox ----
  // Queue items: { body, at, refused?: { status, why, issues? } }; only those not refused are sent.
  function queue() { return JSON.parse(store.getItem(keyQueue) || '[]'); }
  function saveQueue(q) { store.setItem(keyQueue, JSON.stringify(q)); renderQueue(); }
  function without(sid) { return queue().filter(function (x) { return x.body.submissionId !== sid; }); }
  function update(sid, change) { saveQueue(queue().map(function (x) { if (x.body.submissionId === sid) change(x); return x; })); }
  function done() { return JSON.parse(store.getItem(keyDone) || '[]'); }

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function figures(b) {
    return [b.officer, t('screened') + ' ' + b.screened, t('entries') + ' ' + b.entries, t('exits') + ' ' + b.exits, t('feverCount') + ' ' + b.feverCount]
      .concat(b.maxTempC === undefined ? [] : [b.maxTempC + ' °C']).join(' · ');
  }
  function button(key, fn) { var b = el('button', '', t(key)); b.type = 'button'; b.addEventListener('click', fn); return b; }
  function renderQueue() {
    var q = queue(), list = $('#outbox-list'), d = done();
    var n = q.filter(function (x) { return !x.refused; }).length;
    $('#waiting').hidden = n === 0;
    $('#waiting-count').textContent = String(n);
    list.textContent = '';
    q.forEach(function (x) {
      var li = el('li', x.refused ? 'ob-bad' : 'ob-wait');
      li.appendChild(el('b', '', x.refused ? t('refused') : t('waiting')));
      li.appendChild(document.createTextNode(' ' + clock(x.at) + (x.refused || x.why ? ' — ' + (x.refused ? x.refused.why : t(x.why)) : '')));
      li.appendChild(el('div', '', figures(x.body)));
      if (x.refused) {
        li.appendChild(button('edit', function () { restore(x); }));
        li.appendChild(button('remove', function () { if (confirm(t('removeSure'))) saveQueue(without(x.body.submissionId)); }));
      }
      list.appendChild(li);
    });
    d.forEach(function (x) {
      var li = el('li', 'ob-ok');
      li.appendChild(el('b', '', t('sent')));
      li.appendChild(document.createTextNode(' ' + clock(x.receivedAt)));
      li.appendChild(el('div', '', figures(x.body)));
      list.appendChild(li);
    });
    $('#outbox').hidden = q.length + d.length === 0;
  }
  function say(kind, text) { var e = $('#result'); e.className = 'result ' + kind; e.textContent = text; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // A refused reading back in the fields; it stays in the outbox until its corrected copy is queued.
  // judged: what the form said of the fields it marked ('fix' or 'check'), while they stand; 0 otherwise.
  var editing = null, confirmed = null, judged = 0;
  function restore(item) {
    var b = item.body;
    form.reset();
    each(form.querySelectorAll('[data-field]'), function (e) { var v = b[e.getAttribute('data-field')]; e.value = v === undefined ? '' : v; });
    syncCases();
    each(document.querySelectorAll('.fever-case'), function (row, i) {
      var c = (b.feverCases || [])[i] || {};
      each(row.querySelectorAll('[data-case]'), function (e) {
        var v = c[e.getAttribute('data-case')];
        if (e.type === 'radio') e.checked = e.value === v; else e.value = v === undefined ? '' : v;
      });
    });
    editing = b.submissionId; judged = 0;
    var errs = {};
    (item.refused.issues || []).forEach(function (i) { errs[i.path] = i.message; });
    showErrors(errs);
    say('bad', t('refused') + ': ' + item.refused.why);
  }
  function formEmpty() {
    return Array.prototype.every.call(form.querySelectorAll('[data-field]'), function (e) { return e.value.trim() === ''; });
  }

  function accepted(item, receipt) {
    saveQueue(without(item.body.submissionId));
    var b = item.body;
    var kept = [{ receivedAt: receipt.receivedAt, body: { officer: b.officer, screened: b.screened, entries: b.entries, exits: b.exits, feverCount: b.feverCount, maxTempC: b.maxTempC } }];
    store.setItem(keyDone, JSON.stringify(kept.concat(done()).slice(0, 5)));
    var s = JSON.parse(store.getItem(keyStatus) || 'null') || { name: id };
    s.lastReadingAt = receipt.receivedAt; s.nextDeadline = receipt.nextDeadline;
    store.setItem(keyStatus, JSON.stringify(s));
    renderStatus(); renderQueue();
    say('ok', t('sent') + ' ' + clock(receipt.receivedAt) + (receipt.feverAlert ? ' ' + t('told') : ''));
  }

  // Retry-After in seconds or as an HTTP date; 0 when the answer has none.
  function retryAfter(r) {
    var v = r.headers.get('retry-after');
    if (!v) return 0;
    var ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - Date.now();
    return ms > 0 ? ms : 0;
  }
  var flushing = false, blocked = false, retryTimer = null, failures = 0, notBefore = 0;
  function later(ms) { clearTimeout(retryTimer); retryTimer = setTimeout(flush, ms); }
  // Never before the server's Retry-After, then spread out so phones that waited together do not come back together.
  function retry(sid, why, afterMs) {
    update(sid, function (x) { x.why = why; });
    failures += 1;
    var ms = afterMs ? afterMs * (1 + Math.random() / 5) : Math.min(300000, 2000 * Math.pow(2, failures - 1)) * (0.5 + Math.random() / 2);
    notBefore = Date.now() + ms;
    later(ms);
  }
  function flush() {
    if (flushing || blocked || !token) return;
    if (Date.now() < notBefore) return later(notBefore - Date.now());
    // A reading with fever goes first: the community waits on it.
    var q = queue().filter(function (x) { return !x.refused; }), item = q.filter(function (x) { return x.body.feverCount; })[0] || q[0];
    if (!item) return;
    flushing = true;
    var sid = item.body.submissionId;
    fetch('/checkpoints/' + encodeURIComponent(id) + '/readings', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify(item.body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) { return { status: r.status, answer: answer, after: retryAfter(r) }; });
    }, function () { return { status: 0 }; }).then(function (res) {
      flushing = false;
      var s = res.status, error = (res.answer && res.answer.error) || {};
      if (s === 201 || s === 200) { failures = 0; accepted(item, res.answer); return flush(); }
      if (s === 0) { say('wait', t(item.body.feverCount ? 'first' : 'offline')); return retry(sid, 'offline', 0); }
      if (s === 401 || s === 403) return refusedToken();
      if (s === 408 || s === 425 || s === 429 || s >= 500) { say('wait', t('busy')); return retry(sid, 'busy', res.after); }
      var issues = error.issues || [];
      var why = s === 409 ? t('conflict') : issues.map(function (i) { return i.path + ': ' + i.message; }).join('; ') || error.message || String(s);
      update(sid, function (x) { x.refused = { status: s, why: why, issues: issues }; delete x.why; });
      if (s === 400 && formEmpty() && !editing) restore(queue().filter(function (x) { return x.body.submissionId === sid; })[0]);
      else say('bad', t('refused') + ': ' + why);
      flush();
    });
  }
  window.addEventListener('online', function () { failures = 0; flush(); });
  window.addEventListener('hashchange', function () { if (takeToken()) { loadStatus(); flush(); } });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var read = readForm();
    judged = 'fix';
    if (!showErrors(read.errors, read.warnings)) { say('bad', t('fix')); return; }
    // Unlikely figures are sent only when sent again unchanged: the second press says they are right.
    var typed = JSON.stringify(read.body);
    judged = 'check';
    if (Object.keys(read.warnings).length && confirmed !== typed) { confirmed = typed; return say('wait', t('check')); }
    confirmed = null; judged = 0;
    if (!token) { $('#no-token').hidden = false; return; }
    read.body.submissionId = uuid();
    saveQueue((editing ? without(editing) : queue()).concat([{ body: read.body, at: new Date().toISOString() }]));
    editing = null;
    form.reset(); syncCases();
    say('wait', t('sending'));
    flush();
  });

  // ---- offline: keep this page and the queue; let staff add it to the home screen ----
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/f/sw.js', { scope: '/f/' }).catch(function () {});
  }
  if (window.caches) caches.open('cw-form-v1').then(function (c) { return c.add(location.pathname); }).catch(function () {});
  // Without it the browser may evict the queue under storage pressure, and with it readings not yet sent.
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then(function (yes) { return yes || navigator.storage.persist(); }).catch(function () {});
  }

  document.body.classList.add('js');
  takeToken();
  applyLanguage(); syncCases(); loadStatus(); flush();
})();
`);

/**
 * The service worker: the form opens from its cache when there is no network. It leaves a URL with a
 * query alone: `?t=` is a page that carries its token (no-store), which no cache keeps.
 */
/**
 * The worker goes out as it is (under 1 KB, it is not compressed: runtime/compression.ts), so the spaces
 * around its punctuation go too; it has no string or regular expression with a space in it.
 */
const tight = (script: string): string => compact(script).replace(/\s*([=(){},;:|!<>?]+)\s*/g, '$1');

export const FORM_WORKER = tight(String.raw`
var CACHE = 'cw-form-v1';
self.addEventListener('install', function (e) { self.skipWaiting(); });
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.pathname.indexOf('/f/') !== 0 || /\/status$/.test(url.pathname) || url.search) return;
  e.respondWith(
    fetch(req).then(function (res) {
      if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); }); }
      return res;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || new Response('offline', { status: 503 }); });
    })
  );
});
`);
