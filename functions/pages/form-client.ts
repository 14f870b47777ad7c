/**
 * The form page's script, as text: it runs in the browser, so it is plain ES2017 without imports.
 * It reads the token from the URL fragment (never sent to a server), validates against the JSON Schema
 * generated from the same zod schema the server uses, and keeps every submission in a local queue
 * until the server has it: offline, on 5xx or 429 it waits and retries with backoff, and when the
 * browser comes back online. A 4xx other than 429 is shown to the user and not retried. The server is
 * idempotent by submissionId, so a retry never stores a reading twice.
 */
export const FORM_CLIENT = String.raw`
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('cw-config').textContent);
  var id = cfg.checkpointId;
  var T = cfg.text;
  var store = window.localStorage;
  var keyToken = 'cw:token:' + id, keyQueue = 'cw:queue:' + id, keyStatus = 'cw:status:' + id;
  var lang = store.getItem('cw:lang') || 'zh';
  var form = document.getElementById('reading');
  var $ = function (sel) { return document.querySelector(sel); };

  var fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) store.setItem(keyToken, fragment.get('token'));
  var token = store.getItem(keyToken);

  function t(key) { return (T[lang] && T[lang][key]) || T.zh[key] || key; }
  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); });
    $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
    $('#lang').setAttribute('lang', lang === 'zh' ? 'en' : 'zh-CN');
    renderStatus(); renderQueue();
  }
  $('#lang').addEventListener('click', function () { lang = lang === 'zh' ? 'en' : 'zh'; store.setItem('cw:lang', lang); applyLanguage(); });

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
  function loadStatus() {
    if (!token) { $('#no-token').hidden = false; return; }
    fetch('/f/' + encodeURIComponent(id) + '/status', { headers: { authorization: 'Bearer ' + token } })
      .then(function (r) { if (r.status === 401 || r.status === 403) { $('#no-token').hidden = false; } return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { store.setItem(keyStatus, JSON.stringify(s)); renderStatus(); } })
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
    Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (el) {
      var name = el.getAttribute('data-field');
      var value = fieldValue(el);
      var prop = schema.properties[name];
      if (value === undefined && schema.required.indexOf(name) >= 0) errors[name] = t('err.required');
      else { var e = checkValue(name, prop, value); if (e) errors[name] = e; }
      if (value !== undefined) body[name] = value;
    });
    var cases = [];
    var caseSchema = schema.properties.feverCases.items;
    Array.prototype.forEach.call(document.querySelectorAll('.fever-case'), function (row, i) {
      var c = {};
      Array.prototype.forEach.call(row.querySelectorAll('[data-case]'), function (el) {
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
    var hottest = Math.max.apply(null, cases.map(function (c) { return c.tempC || 0; }).concat([0]));
    if (body.maxTempC !== undefined && body.maxTempC < hottest && !errors.maxTempC) errors.maxTempC = t('err.hottest');
    return { body: body, errors: errors };
  }

  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll('.error'), function (el) { el.textContent = ''; });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
    var first = null;
    Object.keys(errors).forEach(function (key) {
      var slot = document.getElementById('err-' + key.replace(/\./g, '-'));
      var input = document.getElementById('f-' + key.replace(/\./g, '-'));
      if (slot) slot.textContent = errors[key];
      if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
    });
    if (first) first.focus();
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
  function applyLanguageTo(root) { Array.prototype.forEach.call(root.querySelectorAll('[data-t]'), function (el) { el.textContent = t(el.getAttribute('data-t')); }); }
  $('#f-feverCount').addEventListener('input', syncCases);

  // ---- the queue ----
  function queue() { return JSON.parse(store.getItem(keyQueue) || '[]'); }
  function saveQueue(q) { store.setItem(keyQueue, JSON.stringify(q)); renderQueue(); }
  function renderQueue() {
    var n = queue().length;
    $('#waiting').hidden = n === 0;
    $('#waiting-count').textContent = String(n);
  }
  function say(kind, text) { var el = $('#result'); el.className = 'result ' + kind; el.textContent = text; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  var flushing = false, retryTimer = null, failures = 0;
  function scheduleRetry() {
    clearTimeout(retryTimer);
    var delay = Math.min(300000, 2000 * Math.pow(2, failures)) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(flush, delay);
  }
  function flush() {
    if (flushing || !token) return;
    var q = queue();
    if (q.length === 0) return;
    flushing = true;
    var item = q[0];
    fetch('/checkpoints/' + encodeURIComponent(id) + '/readings', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify(item.body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (answer) { return { status: r.status, answer: answer }; });
    }).then(function (res) {
      flushing = false;
      if (res.status === 201 || res.status === 200) {
        failures = 0;
        saveQueue(queue().filter(function (x) { return x.body.submissionId !== item.body.submissionId; }));
        var s = JSON.parse(store.getItem(keyStatus) || 'null') || { name: id };
        s.lastReadingAt = res.answer.receivedAt; s.nextDeadline = res.answer.nextDeadline;
        store.setItem(keyStatus, JSON.stringify(s)); renderStatus();
        say('ok', t('sent') + ' ' + clock(res.answer.receivedAt));
        flush();
      } else if (res.status === 429 || res.status >= 500) {
        failures += 1; scheduleRetry();
      } else {
        saveQueue(queue().filter(function (x) { return x.body.submissionId !== item.body.submissionId; }));
        var msg = res.answer && res.answer.error ? res.answer.error.message : String(res.status);
        say('bad', t('refused') + ' ' + msg);
        if (res.answer && res.answer.error && res.answer.error.issues) {
          var errs = {}; res.answer.error.issues.forEach(function (i) { errs[i.path] = i.message; }); showErrors(errs);
        }
        flush();
      }
    }).catch(function () { flushing = false; failures += 1; say('wait', t('offline')); scheduleRetry(); });
  }
  window.addEventListener('online', function () { failures = 0; flush(); });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var read = readForm();
    if (!showErrors(read.errors)) { say('bad', t('fix')); return; }
    if (!token) { $('#no-token').hidden = false; return; }
    read.body.submissionId = uuid();
    saveQueue(queue().concat([{ body: read.body, at: new Date().toISOString() }]));
    form.reset(); syncCases();
    say('wait', t('sending'));
    flush();
  });

  // ---- offline: keep this page; let staff add it to the home screen ----
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/f/sw.js', { scope: '/f/' }).catch(function () {});
  }
  if (window.caches) caches.open('cw-form-v1').then(function (c) { return c.add(location.pathname); }).catch(function () {});

  document.body.classList.add('js');
  applyLanguage(); syncCases(); loadStatus(); renderQueue(); flush();
})();
`;

/** The service worker: the form opens from its cache when there is no network. */
export const FORM_WORKER = String.raw`
var CACHE = 'cw-form-v1';
self.addEventListener('install', function (e) { self.skipWaiting(); });
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.pathname.indexOf('/f/') !== 0 || /\/status$/.test(url.pathname)) return;
  e.respondWith(
    fetch(req).then(function (res) {
      if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); }); }
      return res;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || new Response('offline', { status: 503 }); });
    })
  );
});
`;
