/** Escalations: open ones first, each with its timeline, and a button to acknowledge; then the recently ended. */
import { caseLine } from '../../domain/fever/content';
import { escapeHtml as escape } from '../../domain/html';
import type { Escalation, Notice } from '../../domain/model';
import { formatLocal } from '../../domain/time';
import { missedInWords, stepFailedUnreachable } from '../../domain/escalation/level-wording';
import { missesOf } from '../../domain/escalation/misses';
import { actorIn, langOf, levelName, nameIn, reasonIn, type Named } from '../../domain/words';
import { FEVER_WORDS } from '../../domain/words/fever';
import { consolePage, csrfField, flash, type ConsoleView } from './frame';
import { WORDS, type Words } from './text';

export interface ShownEscalation {
  escalation: Escalation;
  checkpointName: string;
  communityName: string;
  timezone: string;
  notices: readonly Notice[];
  /** Whom an address stands for, as registered now (a person by role and name, a group by name and service). */
  named: (address: string) => Named;
}

const STATUS_WORD = { open: 'escStatusOpen', acknowledged: 'escStatusAcknowledged', resolved: 'escStatusResolved', unresolved: 'escStatusUnresolved', paused: 'escStatusPaused' } as const;

const OUTCOME: Record<Notice['outcome'], { zh: string; en: string }> = {
  pending: { zh: '待发送', en: 'waiting to be sent' },
  sending: { zh: '发送中', en: 'sending' },
  sent: { zh: '已送达', en: 'sent' },
  deferred: { zh: '待重发', en: 'waiting to retry' },
  failed: { zh: '失败', en: 'failed' },
  skipped: { zh: '跳过', en: 'skipped' },
  grouped: { zh: '合并发送', en: 'sent grouped' },
  held: { zh: '超额，待汇总', en: 'held for the digest' },
};
const KIND: Record<Notice['kind'], { zh: string; en: string }> = {
  level: { zh: '{n}通知', en: '{n} notice' },
  acknowledgement: { zh: '确认通知', en: 'acknowledgement' },
  resolution: { zh: '恢复通知', en: 'resolution' },
  unresolved: { zh: '未结通知', en: 'unresolved' },
  paused: { zh: '暂停通知', en: 'paused' },
  summary: { zh: '日报', en: 'daily summary' },
};

/** Why a notice did not go, beside its outcome, in the page's language. */
const why = (notice: Notice, lang: 'zh' | 'en'): string =>
  notice.error && (notice.outcome === 'failed' || notice.outcome === 'deferred') ? ` <span class="muted">${escape(reasonIn(notice.error, langOf(lang)))}</span>` : '';

const timeline = (words: Words, lang: 'zh' | 'en', shown: ShownEscalation): string => {
  if (shown.notices.length === 0) return `<p class="muted">${words.noNotices}</p>`;
  const rows = [...shown.notices]
    .sort((a, b) => String(a.sentAt ?? '').localeCompare(String(b.sentAt ?? '')))
    .map((notice) => {
      const what =
        KIND[notice.kind][lang].replace('{n}', levelName(notice.level, langOf(lang))) +
        (notice.kind === 'level' && notice.repeat > 0 ? (lang === 'zh' ? `（第${notice.repeat + 1}次提醒）` : ` (reminder ${notice.repeat + 1})`) : '');
      const when = notice.sentAt ? formatLocal(new Date(notice.sentAt), shown.timezone) : '—';
      const who = nameIn(shown.named(notice.recipient), langOf(lang));
      return `<tr><td data-label="${words.when}">${escape(when)}</td><td data-label="${words.notice}">${escape(what)}</td><td data-label="${words.recipient}">${escape(who)}</td><td data-label="${words.outcome}">${OUTCOME[notice.outcome][lang]}${why(notice, lang)}</td></tr>`;
    });
  const heads = [words.when, words.notice, words.recipient, words.outcome];
  return `<div class="scroll"><table class="list"><caption class="vh">${words.timeline}</caption><thead><tr>${heads.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
};

const item = (view: ConsoleView, shown: ShownEscalation): string => {
  const words = WORDS[view.lang];
  const { escalation } = shown;
  const local = (iso: string) => formatLocal(new Date(iso), shown.timezone);
  const acknowledged = escalation.acknowledgedBy
    ? `<p>${words.acknowledgedBy}: ${escape(actorIn(escalation.acknowledgedBy, langOf(view.lang), escalation.acknowledgedVia))}${escalation.acknowledgedVia ? ` (${escape(escalation.acknowledgedVia)})` : ''} · ${escape(local(escalation.acknowledgedAt ?? escalation.openedAt))}</p>`
    : '';
  const paused =
    escalation.status === 'paused'
      ? `<p>${words.pausedBy}: ${escape(escalation.pausedBy ? actorIn(escalation.pausedBy, langOf(view.lang)) : '—')}${escalation.pausedReason ? ` (${escape(escalation.pausedReason)})` : ''} · ${escape(local(escalation.closedAt ?? escalation.openedAt))}</p>`
      : '';
  const fever = escalation.cause === 'fever';
  const lang = langOf(view.lang);
  // Levels the flow could not open (Record failure): the next level was told so; the console says so too.
  const failed = (escalation.failures ?? [])
    .map((failure) => {
      const { who, why } = stepFailedUnreachable(failure.level, failure.repeat, lang);
      return `<p class="warn">${escape(`${who}${view.lang === 'en' ? ': ' : '：'}${why}`)} · ${escape(local(failure.at))}</p>`;
    })
    .join('');
  // A fever alert is handled on its link's page, which asks what was done: the console's button acknowledges without.
  const ack =
    escalation.status === 'open' && !fever
      ? `<form method="post" action="/admin/escalations/${encodeURIComponent(escalation.escalationId)}/ack">${csrfField(view)}<button type="submit" aria-label="${escape(`${words.acknowledge}: ${shown.checkpointName}`)}">${words.acknowledge}</button></form>`
      : '';
  return (
    `<article class="card" aria-labelledby="esc-${escalation.escalationId}"><h3 id="esc-${escalation.escalationId}"><span class="chip s-${escalation.status}">${words[STATUS_WORD[escalation.status]]}</span> ` +
    `<a href="/admin/checkpoints/${encodeURIComponent(escalation.checkpointId)}">${escape(shown.checkpointName)}</a> <span class="muted">${escape(shown.communityName)}</span></h3>` +
    (fever
      ? `<p>${escape(FEVER_WORDS[lang].heading)} · ${words.openedAt}: ${escape(local(escalation.openedAt))} · ${levelName(escalation.level, lang)}</p>` +
        `<ul>${(escalation.cases ?? []).map((c) => `<li>${escape(caseLine(c, shown.timezone, lang))}</li>`).join('')}</ul>` +
        (escalation.handling && escalation.acknowledgedAt
          ? `<p>${escape(FEVER_WORDS[lang].handledStatus(actorIn(escalation.acknowledgedBy ?? '', lang, escalation.acknowledgedVia), local(escalation.acknowledgedAt), FEVER_WORDS[lang].done(escalation.handling.action, escalation.handling.note)))}</p>`
          : '')
      : `<p>${words.openedAt}: ${escape(local(escalation.openedAt))} · ${levelName(escalation.level, lang)} · ${words.missedSlots}: ${escape(missedInWords(missesOf(escalation), shown.timezone, lang))}</p>`) +
    (fever && escalation.handling ? '' : acknowledged) +
    paused +
    failed +
    ack +
    `<details${escalation.status === 'open' || escalation.status === 'acknowledged' ? ' open' : ''}><summary>${words.timeline}</summary>${timeline(words, view.lang, shown)}</details></article>`
  );
};

export const escalationsPage = (view: ConsoleView, input: { active: readonly ShownEscalation[]; ended: readonly ShownEscalation[]; acknowledged?: boolean; community?: string }): string => {
  const words = WORDS[view.lang];
  const body =
    `<h1>${words.escalations}${input.community ? ` · ${escape(input.community)}` : ''}</h1>` +
    (input.acknowledged ? flash(words.acknowledged) : '') +
    `<h2>${words.openEscalations} (${input.active.length})</h2>` +
    (input.active.length === 0 ? `<p>${words.noEscalations}</p>` : input.active.map((shown) => item(view, shown)).join('')) +
    `<h2>${words.closedEscalations}</h2>` +
    (input.ended.length === 0 ? `<p>${words.noEscalations}</p>` : input.ended.map((shown) => item(view, shown)).join(''));
  return consolePage(view, { title: words.escalations, section: 'escalations', body });
};
