/**
 * The console's import: the uploaded spreadsheet checked (writing nothing) or applied (all rows or
 * none) by the API's own use case, within the pass's communities, and shown as a page with every error
 * at its cell; or the file back with its faulty cells marked. Without a file chosen, the file the page
 * last checked is used, as the page carries it (pages/console/import.ts).
 */
import { faultyCellsCopy, formatOf, readSheets, XLSX_TYPE } from '../adapters/spreadsheet';
import { consoleRoutes } from '../console-routes';
import { importCheckpoints } from '../domain/checkpoint-import';
import { importCheckpointSheets } from '../domain/checkpoint-sheet';
import { ValidationError } from '../domain/errors';
import { ImportLimitError, withErrorsListed } from '../domain/import-limits';
import { CHECKED_FIELDS, importPage, type CheckedFile } from '../pages/console/import';
import { WORDS } from '../pages/console/text';
import { linkKeys } from '../runtime/admin-key';
import { channelRules } from '../runtime/config';
import { consoleRouteHandler } from '../runtime/console';
import { pageReply, viewOfSession } from '../runtime/console-views';
import { dynamoStore } from '../runtime/deps';

const ACTIONS = ['check', 'apply', 'faulty-cells'] as const;

export const handler = consoleRouteHandler(consoleRoutes.consoleImport, async ({ session, form, upload, now }) => {
  const view = viewOfSession(session);
  const action = form.get('action');
  if (!(ACTIONS as readonly string[]).includes(action)) throw new ValidationError('the form is not valid', [{ path: 'action', message: 'check, apply or faulty-cells' }]);
  const refused = (message: string, status = 400) => pageReply(importPage(view, undefined, message), status);
  const words = WORDS[view.lang];
  const file = upload ?? checkedFile(form);
  if (!file) return refused(words.chooseFile);
  const format = formatOf(file.type.toLowerCase(), file.bytes);
  if (!format) return refused(words.notSpreadsheet);
  let sheets;
  try {
    sheets = await readSheets(file.bytes, format);
  } catch (error) {
    if (error instanceof ImportLimitError) return refused(`${session.lang === 'zh' ? error.zh : error.en}${session.lang === 'zh' ? '。未写入任何内容。' : '. Nothing was written.'}`, error.status);
    // What the reader could not parse, in the page's words; in English with the parser's own detail.
    if (error instanceof ValidationError) {
      const said = words.unreadable.replace('{format}', format === 'csv' ? 'CSV' : 'xlsx');
      return refused(view.lang === 'zh' ? said : `${said} (${error.issues.map((issue) => issue.message).join('; ') || error.message})`);
    }
    throw error;
  }
  const sheet = importCheckpointSheets(sheets);
  const result = await importCheckpoints(dynamoStore(), { sheet, actor: session.actor, dryRun: action !== 'apply', now, keys: linkKeys, channelRules: channelRules() });
  if (action === 'faulty-cells') {
    return {
      status: 200,
      contentType: XLSX_TYPE,
      headers: { 'content-disposition': 'attachment; filename="checkpoints-faulty-cells.xlsx"' },
      bytes: await faultyCellsCopy(file.bytes, format, result.errors),
    };
  }
  const communityIds = [...new Set(sheet.registrations.map((registration) => registration.communityId))];
  return pageReply(importPage(view, { result: withErrorsListed(result), sheets, fileName: file.name || 'upload', applied: result.applied, communityIds, file }));
});

/** The file the page checked, as its form carries it back; undefined when it carries none. */
const checkedFile = (form: { get(name: string): string }): CheckedFile | undefined => {
  const bytes = Buffer.from(form.get(CHECKED_FIELDS.bytes), 'base64');
  return bytes.length > 0 ? { name: form.get(CHECKED_FIELDS.name), type: form.get(CHECKED_FIELDS.type), bytes } : undefined;
};
