import { CSV_TYPE, templateFile, XLSX_TYPE } from '../adapters/spreadsheet';
import { routes } from '../routes';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** The same file for everyone (the example row names community `example`, which does not exist). */
export const handler = scopedRouteHandler(routes.importTemplate, async ({ query }) => {
  const file = await templateFile(query.format);
  const attachment = { 'content-disposition': `attachment; filename="checkpoints-template.${query.format}"` };
  // CSV as text (UTF-8 with its BOM), so that it is compressed on the wire; xlsx is a zip already.
  return query.format === 'csv' ? { status: 200, contentType: CSV_TYPE, headers: attachment, text: file.toString('utf8') } : { status: 200, contentType: XLSX_TYPE, headers: attachment, bytes: file };
});
