/**
 * The spreadsheet page: the template; an upload checked (writing nothing) or applied (all rows or none);
 * what it did, and every error at its cell — the faulty rows shown as the spreadsheet has them, each
 * faulty cell marked with its message — with the faulty-cells copy to download; and the export.
 * A file checked without errors is carried in the form (a hidden field, when it fits the upload's
 * cap), so that “导入” then imports the very file that was checked without choosing it again.
 */
import type { ImportResult } from '../../domain/checkpoint-import';
import { columnLetter, columnPositions, SHEET_TITLES, type Sheet, type SheetError } from '../../domain/checkpoint-sheet';
import { MAX_UPLOAD_BYTES } from '../../contract/schemas';
import { escapeHtml as escape } from '../../domain/html';
import { consolePage, csrfField, flash, type ConsoleView } from './frame';
import { messageIn, WORDS, type Words } from './text';

/** At most this many faulty rows are drawn as a table; the list above names every error. */
const MAX_ROWS_SHOWN = 200;

export interface ImportOutcome {
  result: ImportResult;
  sheets: readonly Sheet[];
  fileName: string;
  applied: boolean;
  /** The communities the file's rows are in: their gate sheets are the next step. */
  communityIds?: readonly string[];
  /** The file as uploaded, to carry to “导入” once checked. */
  file?: CheckedFile;
}

/** A checked file as the form carries it: its name, type and bytes. */
export interface CheckedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** The form fields that carry a checked file (handlers/console-import.ts reads them back). */
export const CHECKED_FIELDS = { bytes: 'checked', name: 'checkedName', type: 'checkedType' } as const;

/** Room the rest of the multipart form takes beside the carried file (the CSRF token, the names, the boundaries). */
const FORM_ROOM = 16 * 1024;

/** The checked file, when it fits the upload's cap as base64 in a field (a file of about 3.4 MB at most). */
const carried = (outcome: ImportOutcome | undefined): CheckedFile | undefined => {
  const file = outcome && !outcome.applied && outcome.result.errors.length === 0 ? outcome.file : undefined;
  return file && Math.ceil(file.bytes.length / 3) * 4 + FORM_ROOM <= MAX_UPLOAD_BYTES ? file : undefined;
};

const uploadForm = (view: ConsoleView, words: Words, checked: CheckedFile | undefined): string =>
  `<form method="post" action="/admin/import" enctype="multipart/form-data" class="card" aria-labelledby="upload-h">${csrfField(view)}` +
  `<h2 id="upload-h">${words.upload}</h2><p class="hint" id="upload-hint">${words.uploadHint}</p>` +
  (checked
    ? `<input type="hidden" name="${CHECKED_FIELDS.bytes}" value="${checked.bytes.toString('base64')}"><input type="hidden" name="${CHECKED_FIELDS.name}" value="${escape(checked.name)}">` +
      `<input type="hidden" name="${CHECKED_FIELDS.type}" value="${escape(checked.type)}"><p class="flash ok" id="checked-file">${escape(words.checkedFile.replace('{name}', checked.name))}</p>`
    : '') +
  `<div class="field"><label for="f-file">${words.file}</label><input id="f-file" name="file" type="file"${checked ? '' : ' required'} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="upload-hint"></div>` +
  `<div class="actions"><button type="submit" name="action" value="check">${words.check}</button><button type="submit" name="action" value="apply" class="secondary">${words.apply}</button>` +
  `<button type="submit" name="action" value="faulty-cells" class="secondary">${words.faultyCells}</button></div></form>`;

/** Where an error is, as the spreadsheet program names it (`C7`), when its column is found. */
const addressOf = (sheet: Sheet | undefined, error: SheetError): string => {
  const index = sheet ? columnPositions(sheet).columns.get(error.column) : undefined;
  return index === undefined ? `${error.row}` : `${columnLetter(index)}${error.row}`;
};

/** The error's column as the file heads it (`报告周期`, or `schedule` in a file headed so); the field name when the file has no such column. */
const headerAt = (sheet: Sheet | undefined, error: SheetError): string => {
  if (!sheet) return error.column;
  const { headerRow, columns } = columnPositions(sheet);
  const index = columns.get(error.column);
  return (index !== undefined && sheet.rows[headerRow - 1]?.[index]?.trim()) || error.column;
};

/** A sheet's faulty rows as the spreadsheet has them, each faulty cell marked with its messages. */
const faultyRows = (view: ConsoleView, sheet: Sheet, errors: readonly SheetError[]): string => {
  const words = WORDS[view.lang];
  const { headerRow, columns } = columnPositions(sheet);
  const header = sheet.rows[headerRow - 1] ?? [];
  const width = Math.max(header.length, ...errors.map((error) => sheet.rows[error.row - 1]?.length ?? 0));
  const byRow = new Map<number, SheetError[]>();
  for (const error of errors) byRow.set(error.row, [...(byRow.get(error.row) ?? []), error]);
  const rowNumbers = [...byRow.keys()].sort((a, b) => a - b).slice(0, MAX_ROWS_SHOWN);
  const heads = Array.from({ length: width }, (_, i) => `<th scope="col">${columnLetter(i)} <span class="muted">${escape(header[i] ?? '')}</span></th>`).join('');
  const rows = rowNumbers.map((row) => {
    const rowErrors = byRow.get(row)!;
    const cells = sheet.rows[row - 1] ?? [];
    const elsewhere = rowErrors.filter((error) => !columns.has(error.column));
    const tds = Array.from({ length: width }, (_, i) => {
      const here = rowErrors.filter((error) => columns.get(error.column) === i);
      const label = `${columnLetter(i)}${row} ${header[i] ?? ''}`;
      if (here.length === 0) return `<td data-label="${escape(label)}">${escape(cells[i] ?? '')}</td>`;
      return `<td data-label="${escape(label)}" class="faulty" data-cell="${columnLetter(i)}${row}">${escape(cells[i] ?? '')}<span class="error">${here.map((error) => escape(messageIn(view.lang, error.message))).join('；')}</span></td>`;
    }).join('');
    const rowHead = `<th scope="row" data-label="${words.row}">${row}${elsewhere.length ? `<span class="error">${elsewhere.map((error) => escape(`${headerAt(sheet, error)}: ${messageIn(view.lang, error.message)}`)).join('；')}</span>` : ''}</th>`;
    return `<tr data-row="${row}">${rowHead}${tds}</tr>`;
  });
  return (
    `<div class="scroll"><table class="sheet" data-sheet="${sheet.name}"><caption>${escape(SHEET_TITLES[sheet.name])}</caption>` +
    `<thead><tr><th scope="col">${words.row}</th>${heads}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
};

/** Straight to the gate sheets of the file's communities (a few; else their list), and the board. */
const nextSteps = (communityIds: readonly string[], words: Words): string => {
  const sheets =
    communityIds.length > 0 && communityIds.length <= 12
      ? communityIds.map((id) => `<li><a href="/admin/communities/${encodeURIComponent(id)}/sheet">${words.gateSheets} · ${escape(id)}</a></li>`).join('')
      : `<li><a href="/admin">${words.communities}</a></li>`;
  return `<ul class="next">${sheets}<li><a href="/board">${words.board}</a></li></ul>`;
};

const outcomeSection = (view: ConsoleView, outcome: ImportOutcome): string => {
  const words = WORDS[view.lang];
  const { result } = outcome;
  const counts =
    `<ul class="counts" aria-label="${words.rows}"><li>${words.rows}: <b>${result.rows}</b></li><li>${words.created}: <b>${result.created}</b></li>` +
    `<li>${words.updated}: <b>${result.updated}</b></li><li>${words.unchanged}: <b>${result.unchanged}</b></li></ul>`;
  if (result.errors.length === 0) {
    return (
      `<section class="card" aria-labelledby="result-h"><h2 id="result-h">${escape(outcome.fileName)}</h2>` +
      flash(result.applied ? words.applied : words.checkedOk) +
      counts +
      (result.applied ? `<p>${words.nextSteps}</p>${nextSteps(outcome.communityIds ?? [], words)}` : '') +
      `</section>`
    );
  }
  const sheetOf = (name: string) => outcome.sheets.find((sheet) => sheet.name === name);
  const list = result.errors
    .map((error) => `<li><b>${escape(SHEET_TITLES[error.sheet])} ${escape(addressOf(sheetOf(error.sheet), error))}</b> ${escape(headerAt(sheetOf(error.sheet), error))}${view.lang === 'zh' ? '：' : ': '}${escape(messageIn(view.lang, error.message))}</li>`)
    .join('');
  const tables = [...new Set(result.errors.map((error) => error.sheet))]
    .map((name) => {
      const sheet = sheetOf(name);
      return sheet ? faultyRows(view, sheet, result.errors.filter((error) => error.sheet === name)) : '';
    })
    .join('');
  return (
    `<section class="card" aria-labelledby="result-h"><h2 id="result-h">${escape(outcome.fileName)}</h2>` +
    flash(words.hasErrors.replace('{n}', String(result.errors.length)), 'bad') +
    counts +
    `<h3>${words.errorsAt}</h3><ul id="import-errors">${list}</ul>${tables}</section>`
  );
};

export const importPage = (view: ConsoleView, outcome?: ImportOutcome, refused?: string): string => {
  const words = WORDS[view.lang];
  const body =
    `<h1>${words.import}</h1>` +
    (refused ? flash(escape(refused), 'bad') : '') +
    (outcome ? outcomeSection(view, outcome) : '') +
    uploadForm(view, words, carried(outcome)) +
    `<section class="card" aria-labelledby="template-h"><h2 id="template-h">${words.template}</h2><p class="hint">${words.templateHint}</p>` +
    `<p class="actions"><a href="/admin/import/template?format=xlsx">xlsx</a> · <a href="/admin/import/template?format=csv">CSV</a></p></section>` +
    `<section class="card" aria-labelledby="export-h"><h2 id="export-h">${words.export}</h2><p class="hint">${words.exportHint}</p>` +
    `<p class="actions"><a href="/admin/export?format=xlsx">xlsx</a> · <a href="/admin/export?format=csv">CSV</a></p></section>`;
  return consolePage(view, { title: words.import, section: 'import', body });
};
