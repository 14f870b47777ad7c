import { faultyCellsCopy, formatOf, readSheets, XLSX_TYPE, type SpreadsheetFormat } from '../adapters/spreadsheet';
import { importCheckpoints } from '../domain/checkpoint-import';
import { importCheckpointSheets } from '../domain/checkpoint-sheet';
import { UnsupportedMediaTypeError } from '../domain/errors';
import { withErrorsListed } from '../domain/import-limits';
import type { Actor } from '../domain/operators';
import { routes } from '../routes';
import { linkKeys } from '../runtime/admin-key';
import { channelRules } from '../runtime/config';
import { dynamoStore } from '../runtime/deps';
import type { UploadedFile } from '../runtime/http/types';
import { byRouteKey } from '../runtime/route';
import { scopedRouteHandler } from '../runtime/scoped-route';

/** CSV or xlsx, by the content type, or by the bytes for the generic types (an .xls, an OLE2 file, is neither). */
const formatOfUpload = (file: UploadedFile): SpreadsheetFormat => {
  const format = formatOf(file.mediaType, file.bytes);
  if (!format) throw new UnsupportedMediaTypeError('send a CSV (text/csv) or an xlsx workbook; an .xls file must be saved as xlsx or CSV first');
  return format;
};

/** The file read and every row checked, against the store too; written only when `dryRun` is false and no row has an error. */
const checked = async (file: UploadedFile, actor: Actor, now: Date, dryRun: boolean) => {
  const format = formatOfUpload(file);
  const sheet = importCheckpointSheets(await readSheets(file.bytes, format));
  const result = await importCheckpoints(dynamoStore(), { sheet, actor, dryRun, now, keys: linkKeys, channelRules: channelRules() });
  return { format, result };
};

export const handler = byRouteKey({
  [routes.importCheckpoints.key]: scopedRouteHandler(routes.importCheckpoints, async ({ query, file, actor, now }) => {
    const { result } = await checked(file, actor, now, query.dryRun === 'true');
    return { status: 200, json: withErrorsListed(result) };
  }),
  [routes.importFaultyCells.key]: scopedRouteHandler(routes.importFaultyCells, async ({ file, actor, now }) => {
    const { format, result } = await checked(file, actor, now, true);
    return {
      status: 200,
      contentType: XLSX_TYPE,
      headers: { 'content-disposition': 'attachment; filename="checkpoints-faulty-cells.xlsx"', 'cache-control': 'no-store' },
      bytes: await faultyCellsCopy(file.bytes, format, result.errors),
    };
  }),
});
