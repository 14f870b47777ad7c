/**
 * A checkpoint's page: its state, pause and resume, its gate sheet and a new code, and its form — name,
 * schedule, grace, contacts, the shift roster, the escalation policy, group chats and closures — which
 * saves as one PUT, or comes back with each error at its field.
 */
import { escapeHtml as escape } from '../../domain/html';
import type { Community, EscalationPolicySpec } from '../../domain/model';
import type { CheckpointView } from '../../domain/registry';
import { timesOfCron, zoneInWords } from '../../domain/people-words';
import { formatLocal } from '../../domain/time';
import { langOf, listIn } from '../../domain/words';
import { csrfField, flash, consolePage, type ConsoleView } from './frame';
import { input, pageForm, rowIndices, rowsTable, sectionErrors, select, type Form, type Issue, type Values } from './fields';
import { channelsSection, contactsSection, policySection, spanInWords, type ShownChannel } from './sections';
import { WORDS, type Words } from './text';

const STATUS_WORD = { up: 'statusUp', new: 'statusNew', late: 'statusLate', missed: 'statusMissed', paused: 'statusPaused' } as const;

export const statusChip = (words: Words, status: CheckpointView['status']): string => `<span class="chip s-${status}">${words[STATUS_WORD[status]]}</span>`;

export const scheduleInWords = (schedule: CheckpointView['schedule'], words: Words, lang: 'zh' | 'en'): string => {
  if ('every' in schedule) return lang === 'zh' ? `每 ${spanInWords(schedule.every, lang)}` : `every ${spanInWords(schedule.every, lang)}`;
  const times = timesOfCron(schedule.cron);
  return times ? words.dailyAt.replace('{times}', listIn(times, langOf(lang))) : `${words.cron}: ${schedule.cron}`;
};

const EVERY = ['PT30M', 'PT1H', 'PT2H', 'PT3H', 'PT4H', 'PT6H', 'PT8H', 'PT12H', 'P1D'];

export const whenLocal = (iso: string | null, zone: string, words: Words): string => (iso ? formatLocal(new Date(iso), zone) : words.never);

/** The next deadline: none while paused (said so), else its local time. */
export const nextDeadlineOf = (checkpoint: Pick<CheckpointView, 'status' | 'nextDeadline' | 'timezone'>, words: Words): string =>
  checkpoint.status === 'paused' ? words.pausedState : checkpoint.nextDeadline ? formatLocal(new Date(checkpoint.nextDeadline), checkpoint.timezone) : '—';

export interface CheckpointPageInput {
  checkpoint: CheckpointView;
  community: Pick<Community, 'communityId' | 'name'> | undefined;
  /** The form's values: the stored checkpoint's, or the refused form's. */
  values: Values;
  issues: readonly Issue[];
  /** The policy in force: the checkpoint's own, else its community's, else the default. */
  inForce: EscalationPolicySpec;
  communityHasPolicy: boolean;
  channels: readonly ShownChannel[];
  saved?: 'saved' | 'created' | 'paused' | 'resumed';
}

/**
 * The schedule: an interval, the times of day, or (advanced) a cron. Only the chosen one's field shows
 * (CONSOLE_CSS, `.when`): the page has no script, so the choice is read by `:has()`.
 */
const scheduleSection = (form: Form): string => {
  const { words, lang } = form;
  const current = form.values.get('schedule.every');
  const choices = [...new Set([...EVERY, ...(current ? [current] : [])])].map((every) => [every, scheduleInWords({ every }, words, lang)] as const);
  const chosen = form.values.get('schedule.kind') || 'every';
  const kind = (value: string, text: string) =>
    `<label><input type="radio" name="schedule.kind" value="${value}" id="f-schedule-kind-${value}"${chosen === value ? ' checked' : ''}> ${escape(text)}</label>`;
  return (
    `<fieldset id="s-schedule"><legend>${words.schedule}</legend>` +
    `<div class="checks" role="radiogroup" aria-label="${escape(words.schedule)}">${kind('every', words.scheduleEvery)}${kind('times', words.scheduleTimes)}${kind('cron', words.scheduleCron)}</div>` +
    `<div class="when when-every">${select(form, { name: 'schedule.every', label: words.scheduleEvery, choices })}</div>` +
    `<div class="when when-times">${input(form, { name: 'schedule.times', label: words.times, hint: words.timesHint, placeholder: lang === 'en' ? '08:00, 12:00, 18:00' : '08:00、12:00、18:00' })}</div>` +
    `<div class="when when-cron">${input(form, { name: 'schedule.cron', label: words.cron, hint: words.cronHint, placeholder: '0 8 * * 1-5' })}</div>` +
    sectionErrors(form, 'schedule', 's-schedule', words.schedule) +
    input(form, { name: 'grace', label: words.grace, hint: words.graceHint, size: 10 }) +
    `</fieldset>`
  );
};

const shiftsSection = (form: Form): string => {
  const { words } = form;
  const rows = rowIndices(form.values, 'shifts', form.errors.any ? 0 : 2).map((i) => {
    const label = (what: string) => `${words.shifts} ${i + 1} · ${what}`;
    return (
      input(form, { name: `shifts.${i}.from`, label: label(words.from), inRow: words.from, type: 'time' }) +
      input(form, { name: `shifts.${i}.to`, label: label(words.to), inRow: words.to, type: 'time' }) +
      input(form, { name: `shifts.${i}.leader.name`, label: label(words.leaderName), inRow: words.leaderName, maxlength: 100 }) +
      input(form, { name: `shifts.${i}.leader.mobile`, label: label(words.leaderMobile), inRow: words.leaderMobile, type: 'tel', inputmode: 'tel' }) +
      input(form, { name: `shifts.${i}.leader.email`, label: label(words.leaderEmail), inRow: words.leaderEmail, type: 'email', inputmode: 'email' })
    );
  });
  return (
    `<fieldset id="s-shifts"><legend>${words.shifts}</legend><p class="hint">${words.shiftsHint}</p>` +
    rowsTable({ caption: words.shifts, columns: [words.from, words.to, words.leaderName, words.leaderMobile, words.leaderEmail], rows }) +
    sectionErrors(form, 'shifts', 's-shifts', words.shifts) +
    `</fieldset>`
  );
};

const closuresSection = (form: Form): string => {
  const { words } = form;
  const rows = rowIndices(form.values, 'closures', form.errors.any ? 0 : 1).map((i) => {
    const label = (what: string) => `${words.closures} ${i + 1} · ${what}`;
    return (
      select(form, { name: `closures.${i}.kind`, label: label(words.kind), inRow: words.kind, choices: [['daily', words.closureDaily], ['once', words.closureOnce]] }) +
      input(form, { name: `closures.${i}.from`, label: label(words.from), inRow: words.from, placeholder: '22:00 / 2026-02-01T08:00' }) +
      input(form, { name: `closures.${i}.to`, label: label(words.to), inRow: words.to, placeholder: '06:00 / 2026-02-01T12:00' }) +
      input(form, { name: `closures.${i}.reason`, label: label(words.reason), inRow: words.reason, maxlength: 200 })
    );
  });
  return (
    `<fieldset id="s-closures"><legend>${words.closures}</legend><p class="hint">${words.closuresHint}</p>` +
    rowsTable({ caption: words.closures, columns: [words.kind, words.from, words.to, words.reason], rows }) +
    sectionErrors(form, 'closures', 's-closures', words.closures) +
    `</fieldset>`
  );
};

/** The checkpoint's form fields, as its own page and the new checkpoint's page show them. */
export const checkpointFormFields = (form: Form, page: Pick<CheckpointPageInput, 'communityHasPolicy' | 'inForce' | 'channels'>): string => {
  const { words } = form;
  return (
    input(form, { name: 'name', label: words.name, required: true, maxlength: 100 }) +
    scheduleSection(form) +
    contactsSection(form, { withRole: false }) +
    shiftsSection(form) +
    policySection(form, { inherit: page.communityHasPolicy ? words.policyInherit : words.policyInheritDefault, custom: words.policyCustom, inForce: page.inForce }) +
    channelsSection(form, page.channels) +
    closuresSection(form) +
    sectionErrors(form, '', 's-form', words.checkpointForm)
  );
};

export const checkpointPage = (view: ConsoleView, page: CheckpointPageInput): string => {
  const words = WORDS[view.lang];
  const { checkpoint } = page;
  const id = encodeURIComponent(checkpoint.checkpointId);
  const form = pageForm(view.lang, page);
  const communityLink = page.community ? `<a href="/admin/communities/${encodeURIComponent(page.community.communityId)}">${escape(page.community.name)}</a>` : escape(checkpoint.communityId);
  const sheet = `/admin/communities/${encodeURIComponent(checkpoint.communityId)}/sheet?checkpointId=${id}`;

  // The pause's reason first: the form's last section would otherwise take its error as the form's own.
  const reason = checkpoint.active ? input(form, { name: 'pausedReason', label: words.pausedReason, maxlength: 200, hint: words.pausedReasonHint }) : '';
  const fields = checkpointFormFields(form, page);
  const saved = page.saved === 'created' ? flash(`${words.createdCheckpoint} <a href="${escape(sheet)}">${words.gateSheet}</a>`) : page.saved && flash(words[page.saved]);

  const body =
    `<p class="muted"><a href="/admin">${words.communities}</a> › ${communityLink}</p>` +
    `<h1>${escape(checkpoint.name)} <span class="muted mono">${escape(checkpoint.checkpointId)}</span></h1>` +
    (saved || '') +
    form.errors.summary() +
    `<div class="card"><p>${words.status}: ${statusChip(words, checkpoint.status)}${checkpoint.pausedReason ? ` <span id="paused-reason">${words.pausedBecause}: ${escape(checkpoint.pausedReason)}</span>` : ''} · ${words.lastReading}: ${escape(whenLocal(checkpoint.lastReadingAt, checkpoint.timezone, words))} · ${words.nextDeadline}: ${escape(nextDeadlineOf(checkpoint, words))}</p>` +
    `<p>${words.schedule}: ${escape(scheduleInWords(checkpoint.schedule, words, view.lang))} · ${view.lang === 'zh' ? '宽限' : 'grace'} ${escape(spanInWords(checkpoint.grace, view.lang))} · ${escape(view.lang === 'en' ? checkpoint.timezone : zoneInWords(checkpoint.timezone))}</p>` +
    `<form method="post" action="/admin/checkpoints/${id}/active" class="pause" novalidate>${csrfField(view)}<input type="hidden" name="active" value="${checkpoint.active ? 'false' : 'true'}">${reason}` +
    `<button type="submit" class="${checkpoint.active ? 'secondary' : ''}" aria-describedby="pause-hint">${checkpoint.active ? words.pause : words.resume}</button></form>` +
    `<div class="actions"><a href="${escape(sheet)}">${words.gateSheet}</a>` +
    `<form method="post" action="/admin/checkpoints/${id}/rotate-token">${csrfField(view)}<button type="submit" class="danger" aria-describedby="rotate-hint">${words.rotate}</button></form></div>` +
    `<p class="hint" id="pause-hint">${checkpoint.active ? words.pauseHint : ''}</p><p class="hint" id="rotate-hint">${words.rotateHint}</p></div>` +
    `<h2>${words.checkpointForm}</h2>` +
    `<form method="post" action="/admin/checkpoints/${id}" id="s-form" novalidate>${csrfField(view)}${fields}<div class="actions"><button type="submit">${words.save}</button></div></form>`;
  return consolePage(view, { title: checkpoint.name, section: 'communities', body });
};
