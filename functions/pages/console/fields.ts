/**
 * Fields of console forms: named by where their value goes in the API's body (`shifts.0.leader.mobile`),
 * so that the schema's issue paths point back at them. Every field has its label and, when refused, its
 * message tied to it (aria-describedby, aria-invalid); issues no field takes are shown at the section
 * they belong to, and every one is listed at the top with a link to its field.
 */
import type { ConsoleLang } from '../../contract/console';
import { escapeHtml as escape } from '../../domain/html';
import { issueIn, WORDS, type Words } from './text';

/** What a form shows: the values of its fields (posted, or from the stored record). */
export interface Values {
  get(name: string): string;
  all(name: string): string[];
  indices(list: string): number[];
}

/**
 * What kind of refusal an issue is, where the page says it in its own words (text.ts) rather than the
 * message's: an id taken (AlreadyRegisteredError), a field left empty, a list with nothing chosen, a
 * date and time that is none.
 */
export type IssueKind = 'id-taken' | 'required' | 'choose-one' | 'date-time' | WordsKind;

/** A field in people's words that could not be read (domain/people-words.ts): its message is already Chinese, naming what was typed. */
export type WordsKind = 'duration' | 'times' | 'zone' | 'policy';

export interface Issue {
  path: string;
  /** As the schema or the use case says it (English). */
  message: string;
  kind?: IssueKind;
}

/** What zod says of an issue the contract gives no message of its own. */
const GENERIC = 'Invalid input';

const kindOf = (issue: SchemaIssue): IssueKind | undefined => {
  if (issue.message !== GENERIC) return undefined;
  if (issue.code === 'too_small' && issue.minimum === 1) return issue.origin === 'array' ? 'choose-one' : 'required';
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return 'date-time';
  return undefined;
};

/** A zod issue, as much of it as a form reads. */
export interface SchemaIssue {
  code: string;
  message: string;
  minimum?: unknown;
  origin?: unknown;
  format?: unknown;
}

/**
 * A schema's issue at the form's field. Where the contract says nothing of its own (zod's generic
 * message), its kind is told by its code — a value too short to be there at all (an empty field, a list
 * with nothing chosen), an instant that is none —, never by its text; any other says what the contract says.
 */
export const schemaIssue = (issue: SchemaIssue, path: string): Issue => {
  const kind = kindOf(issue);
  return { path, message: issue.message, ...(kind && { kind }) };
};

export const idOf = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The issues of a refused form, handed out to the fields that render them, once each. */
export class FieldErrors {
  private readonly taken = new Set<number>();
  /** Where each issue was shown: its field's id, and the field's label. */
  private readonly shownAt = new Map<number, { id: string; label: string }>();
  constructor(
    readonly issues: readonly Issue[],
    private readonly lang: ConsoleLang,
  ) {}

  get any(): boolean {
    return this.issues.length > 0;
  }

  /** The messages at exactly this field. */
  at(name: string, label: string): string[] {
    return this.issues.flatMap((issue, index) => {
      if (issue.path !== name || this.taken.has(index)) return [];
      this.taken.add(index);
      this.shownAt.set(index, { id: idOf(name), label });
      return [issueIn(this.lang, issue)];
    });
  }

  /** What no field under this prefix took (a list that is too long, a rule over several fields), shown at the section. */
  under(prefix: string, sectionId: string, label: string): string[] {
    return this.issues.flatMap((issue, index) => {
      if (this.taken.has(index) || !(prefix === '' || issue.path === prefix || issue.path.startsWith(`${prefix}.`))) return [];
      this.taken.add(index);
      this.shownAt.set(index, { id: sectionId, label });
      return [issueIn(this.lang, issue)];
    });
  }

  /** Every issue with a link to where it is shown: at the top of the page, after the form is rendered. */
  summary(): string {
    if (!this.any) return '';
    const words = WORDS[this.lang];
    const items = this.issues.map((issue, index) => {
      const at = this.shownAt.get(index);
      const text = `${at ? `${escape(at.label)}: ` : ''}${escape(issueIn(this.lang, issue))}`;
      return `<li>${at ? `<a href="#${at.id}">${text}</a>` : text}</li>`;
    });
    return `<div class="flash bad" role="alert" id="error-summary"><p><b>${words.fix}</b></p><ul>${items.join('')}</ul></div>`;
  }
}

export interface Form {
  values: Values;
  errors: FieldErrors;
  words: Words;
  lang: ConsoleLang;
}

/** A page's form: its values and its issues, in the page's language. */
export const pageForm = (lang: ConsoleLang, page: { values: Values; issues: readonly Issue[] }): Form => ({ values: page.values, errors: new FieldErrors(page.issues, lang), words: WORDS[lang], lang });

const errorSpan = (id: string, messages: string[]) => `<span class="error" id="e-${id}">${messages.map(escape).join('；')}</span>`;

interface InputOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'time' | 'number' | 'password' | 'date' | 'datetime-local' | 'url';
  hint?: string;
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'decimal';
  maxlength?: number;
  /** Inside a table row: the label is read by screen readers, the column header seen. */
  inRow?: string;
  value?: string;
  size?: number;
  /** The id of a datalist the field offers (the common zones by name). */
  list?: string;
}

/** One input with its label, hint and errors. */
export const input = (form: Form, options: InputOptions): string => {
  const id = idOf(options.name);
  const messages = form.errors.at(options.name, options.label);
  const value = options.value ?? form.values.get(options.name);
  const described = [messages.length > 0 && `e-${id}`, options.hint && `h-${id}`].filter(Boolean).join(' ');
  const control =
    `<input id="${id}" name="${escape(options.name)}" type="${options.type ?? 'text'}" value="${escape(value)}"` +
    `${options.required ? ' required' : ''}${options.placeholder ? ` placeholder="${escape(options.placeholder)}"` : ''}` +
    `${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ' autocomplete="off"'}${options.inputmode ? ` inputmode="${options.inputmode}"` : ''}` +
    `${options.maxlength ? ` maxlength="${options.maxlength}"` : ''}${options.size ? ` size="${options.size}"` : ''}${options.list ? ` list="${escape(options.list)}"` : ''}` +
    `${described ? ` aria-describedby="${described}"` : ''}${messages.length > 0 ? ' aria-invalid="true"' : ''}>`;
  const hint = options.hint ? `<span class="hint" id="h-${id}">${escape(options.hint)}</span>` : '';
  if (options.inRow !== undefined) return `<td data-label="${escape(options.inRow)}"${messages.length ? ' class="faulty"' : ''}><label class="vh" for="${id}">${escape(options.label)}</label>${control}${hint}${errorSpan(id, messages)}</td>`;
  return `<div class="field"><label for="${id}">${escape(options.label)}</label>${control}${hint}${errorSpan(id, messages)}</div>`;
};

/** A choice of a few values, with its label and errors. */
export const select = (form: Form, options: { name: string; label: string; choices: readonly (readonly [string, string])[]; inRow?: string; hint?: string; value?: string }): string => {
  const id = idOf(options.name);
  const messages = form.errors.at(options.name, options.label);
  const value = options.value ?? form.values.get(options.name);
  const choices = options.choices.map(([choice, text]) => `<option value="${escape(choice)}"${choice === value ? ' selected' : ''}>${escape(text)}</option>`).join('');
  const described = [messages.length > 0 && `e-${id}`, options.hint && `h-${id}`].filter(Boolean).join(' ');
  const control = `<select id="${id}" name="${escape(options.name)}"${described ? ` aria-describedby="${described}"` : ''}${messages.length > 0 ? ' aria-invalid="true"' : ''}>${choices}</select>`;
  const hint = options.hint ? `<span class="hint" id="h-${id}">${escape(options.hint)}</span>` : '';
  if (options.inRow !== undefined) return `<td data-label="${escape(options.inRow)}"${messages.length ? ' class="faulty"' : ''}><label class="vh" for="${id}">${escape(options.label)}</label>${control}${hint}${errorSpan(id, messages)}</td>`;
  return `<div class="field"><label for="${id}">${escape(options.label)}</label>${control}${hint}${errorSpan(id, messages)}</div>`;
};

/** Checkboxes of one name (a level's roles), as a group with its legend. */
export const checkboxes = (form: Form, options: { name: string; legend: string; choices: readonly (readonly [string, string])[] }): string => {
  const id = idOf(options.name);
  const messages = form.errors.at(options.name, options.legend);
  const checked = new Set(form.values.all(options.name));
  const boxes = options.choices
    .map(([choice, text], index) => `<label><input type="checkbox" id="${id}-${index}" name="${escape(options.name)}" value="${escape(choice)}"${checked.has(choice) ? ' checked' : ''}> ${escape(text)}</label>`)
    .join('');
  return `<div role="group" aria-labelledby="${id}-legend" id="${id}"${messages.length ? ' aria-describedby="e-' + id + '"' : ''}><span id="${id}-legend" class="vh">${escape(options.legend)}</span><div class="checks">${boxes}</div>${errorSpan(id, messages)}</div>`;
};

/** The messages no field of a section took, at the section's end. */
export const sectionErrors = (form: Form, prefix: string, sectionId: string, label: string): string => {
  const messages = form.errors.under(prefix, sectionId, label);
  return messages.length > 0 ? `<p class="error" role="alert">${messages.map(escape).join('；')}</p>` : '';
};

/** A table of rows of fields (contacts, shifts, channels, closures): one row per index, the column names above. */
export const rowsTable = (input: { caption: string; columns: string[]; rows: string[] }): string =>
  `<div class="scroll"><table class="rows"><caption class="vh">${escape(input.caption)}</caption><thead><tr>${input.columns.map((column) => `<th scope="col">${escape(column)}</th>`).join('')}</tr></thead>` +
  `<tbody>${input.rows.map((row) => `<tr>${row}</tr>`).join('')}</tbody></table></div>`;

/** The rows a list shows: those with values, and on a fresh page (not a refused one) some empty ones to fill in. */
export const rowIndices = (values: Values, list: string, blank: number): number[] => {
  const present = values.indices(list);
  const next = present.length > 0 ? present[present.length - 1]! + 1 : 0;
  return [...present, ...Array.from({ length: blank }, (_, i) => next + i)];
};
