/**
 * The page a fever alert's link opens. GET shows the alert — the gate, its cases (temperature,
 * direction, when, the officer's role) — and a form: who is handling it, what was done. POST records it
 * (fever/acknowledge.ts) and answers with what happened. Mail scanners fetch links: GET changes
 * nothing. Every interpolation is escaped (`html`) unless marked `raw`. In one language.
 */
import { caseLine } from '../domain/fever/content';
import { FeverHandlingBody, handlingOf, type FeverHandlingBody as Handling } from '../domain/fever/handling';
import { HANDLING_ACTIONS, type FeverHandling } from '../domain/fever/shapes';
import { escapeHtml } from '../domain/html';
import type { SignedLink } from '../domain/links';
import type { Checkpoint, Community, Escalation } from '../domain/model';
import { formatLocal } from '../domain/time';
import { actorIn, levelName, type Lang } from '../domain/words';
import { FEVER_WORDS, HANDLING_ISSUES } from '../domain/words/fever';
import { htmlPage } from './page';

/** Markup that is not escaped: the few places the page puts its own. */
class Raw {
  constructor(readonly markup: string) {}
}
const raw = (markup: string): Raw => new Raw(markup);
type Part = string | number | Raw | readonly Raw[];
/** A template that escapes every value unless it is `raw`. */
const html = (strings: TemplateStringsArray, ...values: Part[]): Raw =>
  raw(
    strings.reduce((out, text, i) => {
      if (i === 0) return text;
      const value = values[i - 1]!;
      const shown = value instanceof Raw ? value.markup : Array.isArray(value) ? value.map((v: Raw) => v.markup).join('') : escapeHtml(String(value));
      return out + shown + text;
    }, ''),
  );

export interface FeverAckPageInput {
  alert: Escalation;
  checkpoint: Checkpoint | undefined;
  community: Community | undefined;
  link: SignedLink;
  action: string;
  lang: Lang;
  /** What a refused POST sent, and why, field by field. */
  values?: Partial<Record<'by' | 'action' | 'note', string>>;
  issues?: Partial<Record<'by' | 'action' | 'note', string>>;
  /** Names to offer for who is handling it (the people the alert told). */
  people?: string[];
}

export const feverAckPage = (input: FeverAckPageInput): string => {
  const { alert, checkpoint, community, link, lang } = input;
  const words = FEVER_WORDS[lang];
  const zone = checkpoint?.timezone ?? 'Asia/Shanghai';
  const gate = checkpoint?.name ?? alert.checkpointId;
  const cases = alert.cases ?? [];
  const head = html`<h1>${words.heading}</h1><p>${raw(words.pageFound(escapeHtml(gate), escapeHtml(community?.name ?? alert.communityId), cases.length, escapeHtml(formatLocal(new Date(alert.openedAt), zone))))}</p>
<ul>${cases.map((c) => html`<li>${caseLine(c, zone, lang)}</li>`)}</ul>`;
  const body = alert.status === 'open' ? html`<p>${words.pageLevel(levelName(alert.level, lang))}</p>${form(input)}` : html`<p><b>${statusOf(alert, zone, lang)}</b></p>`;
  return htmlPage(words.pageTitle(gate), head.markup + body.markup, { lang });
};

const form = (input: FeverAckPageInput): Raw => {
  const words = FEVER_WORDS[input.lang];
  const values = input.values ?? {};
  const issues = input.issues ?? {};
  const hidden = (['r', 'exp', 'kid', 'sig'] as const).map((field) => html`<input type="hidden" name="${field}" value="${String(input.link[field])}">`);
  const error = (field: 'by' | 'action' | 'note') => (issues[field] ? html`<br><b role="alert" id="err-${field}">${issues[field]}</b>` : raw(''));
  const people = input.people?.length ? html`<datalist id="people">${input.people.map((name) => html`<option value="${name}">`)}</datalist>` : raw('');
  const choices = HANDLING_ACTIONS.map(
    (action) => html`<label><input type="radio" name="action" value="${action}" required${raw(values.action === action ? ' checked' : '')}> ${words.action[action]}</label><br>`,
  );
  return html`<form method="post" action="${input.action}">${hidden}
<p><label>${words.who}<br><input name="by" required maxlength="100" autocomplete="name" list="people" value="${values.by ?? ''}"></label>${error('by')}</p>${people}
<fieldset><legend>${words.what}</legend>${choices}${error('action')}</fieldset>
<p><label>${words.note}<br><input name="note" maxlength="100" value="${values.note ?? ''}"></label>${error('note')}</p>
<p><button type="submit">${words.submit}</button></p></form>`;
};

/** The handling form's fields, read and checked; or each refusal at its field in the reader's words. */
export const readHandlingForm = (
  fields: Record<string, unknown>,
  lang: Lang,
): { by: string; handling: FeverHandling } | { issues: Partial<Record<'by' | 'action' | 'note', string>> } => {
  const body = { by: fields.by, action: fields.action, ...(typeof fields.note === 'string' && fields.note !== '' && { note: fields.note }) };
  const parsed = FeverHandlingBody.safeParse(body);
  if (parsed.success) return { by: (parsed.data as Handling).by, handling: handlingOf(parsed.data) };
  const issues: Partial<Record<'by' | 'action' | 'note', string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'by' || field === 'action' || field === 'note') issues[field] = HANDLING_ISSUES[lang][field];
  }
  return { issues };
};

const statusOf = (alert: Escalation, zone: string, lang: Lang): string => {
  const words = FEVER_WORDS[lang];
  if (!alert.acknowledgedAt || !alert.handling) return words.endedStatus;
  return words.handledStatus(actorIn(alert.acknowledgedBy ?? '', lang, alert.acknowledgedVia), formatLocal(new Date(alert.acknowledgedAt), zone), words.done(alert.handling.action, alert.handling.note));
};

/** What the POST did: recorded now; handled before (by whom, what); or nothing, the alert had ended. */
export const feverAckDonePage = (input: { alert: Escalation; changed: boolean; zone: string; lang: Lang }): string => {
  const words = FEVER_WORDS[input.lang];
  if (input.changed) return htmlPage(words.doneTitle, words.donePage, { lang: input.lang });
  if (input.alert.status === 'acknowledged') return htmlPage(words.alreadyTitle, words.already(escapeHtml(statusOf(input.alert, input.zone, input.lang))), { lang: input.lang });
  return htmlPage(words.endedTitle, words.ended, { lang: input.lang });
};
