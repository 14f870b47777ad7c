/**
 * The parts the checkpoint's and the community's forms share: contacts, the escalation policy (in plain
 * words, and as rows of levels), and group chats with their write-only credentials.
 */
import { CHANNEL_KINDS } from '../../channels/notice';
import { escapeHtml as escape } from '../../domain/html';
import { DEFAULT_FEVER_POLICY } from '../../domain/fever/rule';
import type { EscalationPolicySpec } from '../../domain/model';
import { CHANNEL_KIND, duration, langOf, listIn } from '../../domain/words';
import { durationMs } from '../../domain/time';
import { checkboxes, input, rowIndices, rowsTable, sectionErrors, select, type Form } from './fields';
import { ROLES } from './registration';
import type { Words } from './text';

const ROLE_WORD = { onDuty: 'roleOnDuty', leader: 'roleLeader', secretary: 'roleSecretary', committee: 'roleCommittee', summary: 'roleSummary' } as const;

export const roleName = (words: Words, role: string): string => (role in ROLE_WORD ? words[ROLE_WORD[role as keyof typeof ROLE_WORD]] : role);

/** A span as people say it: `30 分钟`, `1 小时 30 分钟` / `30 min`, `1 h 30 min`. */
export const spanInWords = (iso: string, lang: 'zh' | 'en'): string => duration(durationMs(iso) ?? 0, langOf(lang));

const targetInWords = (words: Words, target: string): string => (target.startsWith('channel:') ? `${words.channels} ${target.slice('channel:'.length)}` : roleName(words, target));

/** The policy as people read it: "立即 → 值班组长", "30 分钟后 → 社区书记", then the repeats. */
export const policyInWords = (policy: EscalationPolicySpec, words: Words, lang: 'zh' | 'en'): string => {
  const levels = policy.levels.map((level, i) => {
    const when = (durationMs(level.after) ?? 0) === 0 ? words.immediately : lang === 'zh' ? `${spanInWords(level.after, lang)}后` : `${spanInWords(level.after, lang)} later`;
    return `<li>${escape(when)} → ${listIn(level.notify.map((target) => escape(targetInWords(words, target))), langOf(lang))}</li>`;
  });
  const repeat = words.repeatWords.replace('{every}', spanInWords(policy.repeatEvery, lang)).replace('{n}', String(policy.maxRepeats));
  return `<ol class="policy">${levels.join('')}</ol><p class="muted">${escape(repeat)}</p>`;
};

export const contactsSection = (form: Form, options: { withRole: boolean }): string => {
  const { words } = form;
  const rows = rowIndices(form.values, 'contacts', form.errors.any ? 0 : 2).map((i) => {
    const label = (what: string) => `${words.contacts} ${i + 1} · ${what}`;
    return (
      input(form, { name: `contacts.${i}.name`, label: label(words.name), inRow: words.name, maxlength: 100 }) +
      input(form, { name: `contacts.${i}.mobile`, label: label(words.mobile), inRow: words.mobile, type: 'tel', inputmode: 'tel' }) +
      input(form, { name: `contacts.${i}.email`, label: label(words.email), inRow: words.email, type: 'email', inputmode: 'email' }) +
      (options.withRole
        ? select(form, { name: `contacts.${i}.role`, label: label(words.role), inRow: words.role, choices: (['secretary', 'committee', 'summary'] as const).map((role) => [role, roleName(words, role)] as const) })
        : '')
    );
  });
  return (
    `<fieldset id="s-contacts"><legend>${words.contacts}</legend><p class="hint">${words.contactsHint}</p>` +
    rowsTable({ caption: words.contacts, columns: [words.name, words.mobile, words.email, ...(options.withRole ? [words.role] : [])], rows }) +
    sectionErrors(form, 'contacts', 's-contacts', words.contacts) +
    `</fieldset>`
  );
};

/** The policy: in force now, in words; the choice to set one here; its levels as rows. */
export const policySection = (form: Form, options: { inherit: string; custom: string; inForce: EscalationPolicySpec }): string => {
  const { words, lang } = form;
  const custom = form.values.get('escalation.mode') === 'custom';
  const levels = rowIndices(form.values, 'escalation.levels', form.errors.any ? 0 : 1).slice(0, 10);
  const rows = levels.map((i) => {
    const label = (what: string) => `${words.level} ${i + 1} · ${what}`;
    return (
      `<td data-label="${words.level}">${i + 1}</td>` +
      input(form, { name: `escalation.levels.${i}.after`, label: label(words.after), inRow: words.after, size: 8 }) +
      `<td data-label="${words.notify}">${checkboxes(form, { name: `escalation.levels.${i}.notify`, legend: label(words.notify), choices: ROLES.map((role) => [role, roleName(words, role)] as const) })}</td>` +
      input(form, { name: `escalation.levels.${i}.others`, label: label(words.others), inRow: words.others })
    );
  });
  const mode = (value: string, text: string) =>
    `<label><input type="radio" name="escalation.mode" value="${value}"${(value === 'custom') === custom ? ' checked' : ''}> ${escape(text)}</label>`;
  return (
    `<fieldset id="s-escalation"><legend>${words.policy}</legend>` +
    `<p><b>${words.policyNow}</b></p>${policyInWords(options.inForce, words, lang)}` +
    `<div class="checks" role="radiogroup" aria-label="${escape(words.policy)}">${mode('inherit', options.inherit)}${mode('custom', options.custom)}</div>` +
    rowsTable({ caption: words.policy, columns: [words.level, words.after, words.notify, words.others], rows }) +
    `<div class="actions">${input(form, { name: 'escalation.repeatEvery', label: words.repeatEvery, size: 8 })}${input(form, { name: 'escalation.maxRepeats', label: words.maxRepeats, inputmode: 'numeric', size: 4 })}</div>` +
    sectionErrors(form, 'escalation', 's-escalation', words.policy) +
    `</fieldset>`
  );
};

/**
 * A community's fever settings: the temperature that alerts, and who is told in what order, in
 * people's words (the default shown beside it). Its repeats ride along unseen: a save keeps them.
 */
export const feverSection = (form: Form): string => {
  const { words, lang } = form;
  const hidden = (name: string) => `<input type="hidden" name="${name}" value="${escape(form.values.get(name))}">`;
  return (
    `<fieldset id="s-fever"><legend>${words.fever}</legend>` +
    input(form, { name: 'feverThresholdC', label: words.feverThreshold, hint: words.feverThresholdHint, inputmode: 'decimal', size: 6, maxlength: 6 }) +
    input(form, { name: 'feverPolicy', label: words.feverPolicy, hint: words.feverPolicyHint, maxlength: 1000 }) +
    policyInWords(DEFAULT_FEVER_POLICY, words, lang) +
    hidden('feverPolicy.repeatEvery') +
    hidden('feverPolicy.maxRepeats') +
    sectionErrors(form, 'feverPolicy', 's-fever', words.fever) +
    `</fieldset>`
  );
};

/** Group chats: the URL and secret are write-only, so a stored one shows only its host and whether a secret is set. */
/** A stored channel as the page may know it (channelView): never its URL or secret. */
export interface ShownChannel {
  id: string;
  host: string;
  secretSet: boolean;
}

export const channelsSection = (form: Form, stored: readonly ShownChannel[] | undefined): string => {
  const { words } = form;
  const storedById = new Map((stored ?? []).map((channel) => [channel.id, channel]));
  const rows = rowIndices(form.values, 'channels', form.errors.any ? 0 : 1).map((i) => {
    const label = (what: string) => `${words.channels} ${i + 1} · ${what}`;
    const existing = storedById.get(form.values.get(`channels.${i}.id`));
    const host = existing ? `${existing.host} · ${existing.secretSet ? words.secretSet : words.noSecret}` : '';
    return (
      input(form, { name: `channels.${i}.id`, label: label(words.id), inRow: words.id, size: 10 }) +
      select(form, { name: `channels.${i}.kind`, label: label(words.kind), inRow: words.kind, choices: CHANNEL_KINDS.map((kind) => [kind, CHANNEL_KIND[kind][langOf(form.lang)]] as const) }) +
      input(form, { name: `channels.${i}.name`, label: label(words.name), inRow: words.name }) +
      input(form, { name: `channels.${i}.url`, label: label(words.url), inRow: words.url, type: 'url', value: '', ...(existing && { placeholder: words.keepUrl, hint: host }) }) +
      input(form, { name: `channels.${i}.secret`, label: label(words.secret), inRow: words.secret, type: 'password', value: '', autocomplete: 'new-password' }) +
      input(form, { name: `channels.${i}.levels`, label: label(words.levels), inRow: words.levels, size: 6 }) +
      select(form, { name: `channels.${i}.summaries`, label: label(words.summaries), inRow: words.summaries, choices: [['true', words.yes], ['false', words.no]] }) +
      `<td data-label="${words.remove}"><label><input type="checkbox" name="channels.${i}.remove" id="f-channels-${i}-remove"> <span class="vh">${escape(label(words.remove))}</span><span aria-hidden="true">${words.remove}</span></label></td>`
    );
  });
  return (
    `<fieldset id="s-channels"><legend>${words.channels}</legend><p class="hint">${words.channelsHint}</p>` +
    rowsTable({ caption: words.channels, columns: [words.id, words.kind, words.name, words.url, words.secret, words.levels, words.summaries, words.remove], rows }) +
    sectionErrors(form, 'channels', 's-channels', words.channels) +
    `</fieldset>`
  );
};


