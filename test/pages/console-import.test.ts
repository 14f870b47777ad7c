/**
 * Issue 18 §4 on the console's spreadsheet page: after 检查, 导入 imports the file that was checked (the
 * page carries it in the form, within the upload's cap), and each error names its column as the file
 * heads it, in Chinese with a value that would work. Chromium drives the whole of it in
 * test/browser/console.test.ts; this is the page alone.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../functions/contract/schemas';
import type { ImportResult } from '../../functions/domain/checkpoint-import';
import { importCheckpointSheets, type Sheet } from '../../functions/domain/checkpoint-sheet';
import { COUNTY_ADMIN } from '../../functions/domain/operators';
import { importPage } from '../../functions/pages/console/import';

const view = { lang: 'zh' as const, actor: COUNTY_ADMIN, csrf: 'token', path: '/admin/import' };
const checked: ImportResult = { rows: 1, created: 1, updated: 0, unchanged: 0, applied: false, errors: [] };
const file = { name: '东门.csv', type: 'text/csv', bytes: Buffer.from('卡点编号,社区编号,卡点名称,报告周期\r\ng1,yuyue,东门,2小时\r\n') };

const formOf = (html: string) => html.slice(html.indexOf('action="/admin/import"'), html.indexOf('</form>', html.indexOf('action="/admin/import"')));

describe('the spreadsheet page after a check', () => {
  it('carries the checked file in the upload form, so that 导入 alone sends it', () => {
    const html = formOf(importPage(view, { result: checked, sheets: [], fileName: file.name, applied: false, file }));
    expect(html).toContain(`<input type="hidden" name="checked" value="${file.bytes.toString('base64')}">`);
    expect(html).toContain('<input type="hidden" name="checkedName" value="东门.csv">');
    expect(html).toMatch(/<input id="f-file" name="file" type="file" accept=/);
    expect(html).toContain('已检查：东门.csv');
  });

  it('carries nothing before a check, after an import, when the file has errors, or when it would not fit the upload', () => {
    const withErrors = { ...checked, errors: [{ sheet: 'checkpoints' as const, row: 2, column: 'schedule', message: 'x' }] };
    const big = { ...file, bytes: Buffer.alloc(Math.ceil((MAX_UPLOAD_BYTES * 3) / 4)) };
    for (const html of [
      importPage(view),
      importPage(view, { result: { ...checked, applied: true }, sheets: [], fileName: file.name, applied: true, file }),
      importPage(view, { result: withErrors, sheets: [], fileName: file.name, applied: false, file }),
      importPage(view, { result: checked, sheets: [], fileName: file.name, applied: false, file: big }),
    ]) {
      expect(formOf(html)).not.toContain('name="checked"');
      expect(formOf(html)).toMatch(/<input id="f-file" name="file" type="file" required/);
    }
  });
});

describe('an error on the spreadsheet page', () => {
  it('names the cell and the column as the file heads it, and says in Chinese what would work', () => {
    const sheets: Sheet[] = [{ name: 'checkpoints', rows: [['卡点编号', '社区编号', '卡点名称', '报告周期'], ['g1', 'yuyue', '东门', '2小']] }];
    const { errors } = importCheckpointSheets(sheets);
    const html = importPage(view, { result: { ...checked, created: 0, errors }, sheets, fileName: file.name, applied: false });
    const item = /<ul id="import-errors"><li>(.*?)<\/li>/.exec(html)![1]!;
    expect(item).toMatch(/^<b>卡点 D2<\/b> 报告周期：“2小”不是报告周期：写间隔如 2小时/);
  });
});
