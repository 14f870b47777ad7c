/**
 * Files ⇄ sheets, from the statements: CSV in UTF-8 with or without a BOM and in GB18030
 * (what Chinese Excel saves), xlsx and CSV of the same content giving the same result, the template
 * (Chinese headers with field names, an example row, sheets for shifts and contacts), cells starting
 * with = + - @ neutralised on export and read back unchanged, and the copy with the faulty cells marked.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  exportCheckpoints,
  FAULT_FILL,
  faultyCellsCopy,
  formatOf,
  readSheets,
  templateFile,
  writeXlsx,
  XLSX_TYPE,
} from '../../functions/adapters/spreadsheet';
import { importCheckpointSheets, type ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';

const CSV = [
  '卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,宽限时间 grace,时区 timezone,组长姓名 leaderName,组长手机 leaderMobile,组长邮箱 leaderEmail',
  'yuyue-1,yuyue,幸福家园东门卡点,PT2H,PT15M,Asia/Shanghai,张三,13800138000,zhang@example.org',
  'yuyue-2,yuyue,"阳光花园南门卡点, 北侧","0 8,12,18 * * *",,Asia/Shanghai,李四,,li@example.org',
].join('\r\n');

const loaded = async (bytes: Uint8Array) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
};

describe('a CSV upload', () => {
  const utf8 = Buffer.from(CSV, 'utf8');
  const expected = importCheckpointSheets([{ name: 'checkpoints', rows: CSV.split('\r\n').map((line) => parse(line)[0] as string[]) }]);

  it('is read in UTF-8 without a BOM', async () => {
    expect(importCheckpointSheets(await readSheets(utf8, 'csv'))).toEqual(expected);
    expect(expected.errors).toEqual([]);
    expect(expected.registrations.map(({ input }) => [input.name, input.schedule])).toEqual([
      ['幸福家园东门卡点', { every: 'PT2H' }],
      ['阳光花园南门卡点, 北侧', { cron: '0 8,12,18 * * *' }],
    ]);
  });

  it('is read in UTF-8 with a BOM, the BOM not part of the first header', async () => {
    const sheets = await readSheets(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'csv');

    expect(sheets[0]!.rows[0]![0]).toBe('卡点编号 checkpointId');
    expect(importCheckpointSheets(sheets)).toEqual(expected);
  });

  it('is read in GB18030, as Chinese Excel saves "CSV (逗号分隔)"', async () => {
    const gb = iconv.encode(CSV, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow(); // not UTF-8, so the decoder has to tell

    const sheets = await readSheets(gb, 'csv');

    expect(sheets[0]!.rows[1]).toEqual(['yuyue-1', 'yuyue', '幸福家园东门卡点', 'PT2H', 'PT15M', 'Asia/Shanghai', '张三', '13800138000', 'zhang@example.org']);
    expect(importCheckpointSheets(sheets)).toEqual(expected);
  });

  it('gives the same result as an xlsx of the same cells', async () => {
    const csvSheets = await readSheets(utf8, 'csv');
    const xlsx = await writeXlsx(csvSheets);

    expect(importCheckpointSheets(await readSheets(xlsx, 'xlsx'))).toEqual(importCheckpointSheets(csvSheets));
  });

  it('keeps blank lines as rows, so errors name the row a spreadsheet shows', async () => {
    const lines = CSV.split('\r\n');
    const withBlank = [lines[0], '', lines[1], lines[2]!.replace('PT2H', '').replace('0 8,12,18 * * *', 'never')].join('\n');

    const { errors } = importCheckpointSheets(await readSheets(Buffer.from(withBlank), 'csv'));

    expect(errors).toEqual([{ sheet: 'checkpoints', row: 4, column: 'schedule', message: expect.any(String) }]);
  });

  it('that is not a CSV is refused as a validation error', async () => {
    await expect(readSheets(Buffer.from('a,"b\nc'), 'csv')).rejects.toMatchObject({ status: 400 });
  });
});

describe('an xlsx upload', () => {
  it('gives cells as the text a person typed: numbers, times, dates, rich text, links, formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('Sheet1');
    worksheet.addRow(['number', 'time', 'date', 'formula', 'link', 'rich', 'bool', 'text']);
    const row = worksheet.addRow([
      13800138000,
      new Date(Date.UTC(1899, 11, 30, 8, 0, 0) - 1), // a day fraction, a hair under 08:00
      new Date(Date.UTC(2026, 2, 1)),
      { formula: 'A2&""', result: '13800138000' },
      { text: 'li@example.org', hyperlink: 'mailto:li@example.org' },
      { richText: [{ text: '幸福' }, { text: '家园', font: { bold: true } }] },
      false,
      ' PT2H ',
    ]);
    row.getCell(2).numFmt = 'h:mm';
    row.getCell(3).numFmt = 'yyyy"年"m"月"d"日"';

    const [sheet] = await readSheets(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');

    expect(sheet).toEqual({ name: 'checkpoints', rows: [expect.any(Array), ['13800138000', '08:00', '2026-03-01', '13800138000', 'li@example.org', '幸福家园', 'FALSE', ' PT2H ']] });
  });

  it('finds its sheets by either part of their titles, and takes a lone "Sheet1" for the checkpoints', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['checkpointId']);
    workbook.addWorksheet('说明').addRow(['these are notes']);
    workbook.addWorksheet('联系人').addRow(['checkpointId', 'name']);
    workbook.addWorksheet('Shifts').addRow(['checkpointId', 'from']);

    const sheets = await readSheets(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');

    expect(sheets.map((sheet) => [sheet.name, sheet.rows[0]])).toEqual([
      ['checkpoints', ['checkpointId']],
      ['shifts', ['checkpointId', 'from']],
      ['contacts', ['checkpointId', 'name']],
    ]);
  });

  it('that is not an xlsx is refused as a validation error', async () => {
    await expect(readSheets(Buffer.from('PK\u0003\u0004 not really'), 'xlsx')).rejects.toMatchObject({ status: 400 });
  });

  it('is told from a CSV by its content type, else by its bytes', () => {
    expect(formatOf(XLSX_TYPE, Buffer.from('a'))).toBe('xlsx');
    expect(formatOf('text/csv; charset=gb18030', Buffer.from('a'))).toBe('csv');
    expect(formatOf('application/octet-stream', Buffer.from('PK\u0003\u0004'))).toBe('xlsx');
    expect(formatOf(undefined, Buffer.from('a,b'))).toBe('csv');
    expect(formatOf('application/vnd.ms-excel', Buffer.from('a,b'))).toBe('csv'); // a .csv, as Windows browsers with Office label it
    expect(formatOf('application/vnd.ms-excel', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBeUndefined(); // a real .xls: not read
    expect(formatOf('application/pdf', Buffer.from('a'))).toBeUndefined();
  });
});

describe('the template', () => {
  it('has Chinese headers, an example row, and sheets for shifts and contacts', async () => {
    const workbook = await loaded(await templateFile('xlsx'));

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(['卡点', '班次', '联系人']);
    for (const worksheet of workbook.worksheets) {
      const header = worksheet.getRow(1).values as unknown[];
      for (const text of header.slice(1)) expect(text).toMatch(/^\p{Script=Han}[\p{Script=Han}\d]*$/u);
      expect(worksheet.rowCount).toBeGreaterThan(1); // an example row
      expect(worksheet.getRow(1).font?.bold).toBe(true);
      expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(worksheet.columns.every((column) => (column.width ?? 0) >= 10)).toBe(true);
    }
    expect(workbook.worksheets[0]!.getCell('A1').note).toEqual(expect.anything()); // what goes in the column
    expect(workbook.worksheets[0]!.getCell('A2').note).toEqual(expect.anything()); // "replace or delete the example"
  });

  it('imports as it is: the example is a valid checkpoint (of a community named example, which no county has)', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const { registrations, errors } = importCheckpointSheets(await readSheets(await templateFile(format), format));
      expect(errors).toEqual([]);
      expect(registrations.map(({ communityId }) => communityId)).toEqual(['example']);
    }
  });

  it('as CSV is UTF-8 with a BOM, one checkpoint a row with its leader', async () => {
    const csv = await templateFile('csv');

    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header] = parse(csv, { bom: true }) as string[][];
    expect(header).toEqual(expect.arrayContaining(['卡点编号', '社区编号', '报告周期', '宽限时间', '时区', '组长姓名', '组长手机', '组长邮箱']));
  });
});

describe('formula injection', () => {
  const risky: ExportedCheckpoint = {
    checkpointId: 'gate-1',
    input: {
      name: '=HYPERLINK("http://evil.example","点我")',
      communityId: 'c',
      schedule: { cron: '-1 * * * *' },
      grace: 'PT15M',
      active: true,
      contacts: [
        { name: "@SUM(1+1)", mobile: '+8613800138000', role: 'leader' },
        { name: "'=already quoted", email: '+tag@example.org', role: 'leader' },
      ],
    },
  };

  it('neutralises cells starting with = + - @ in a CSV export with a leading apostrophe', async () => {
    const rows = parse(await exportCheckpoints([risky], 'csv'), { bom: true }) as string[][];
    const cells = rows.flat().filter((cell) => cell !== '');

    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining([`'=HYPERLINK("http://evil.example","点我")`, "'-1 * * * *", "'@SUM(1+1)", "'+8613800138000", "''=already quoted", "'+tag@example.org"]));
  });

  it('neutralises them in an xlsx export too, writing no formula', async () => {
    const workbook = await loaded(await exportCheckpoints([risky], 'xlsx'));
    const values: unknown[] = [];
    workbook.eachSheet((worksheet) => worksheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value))));

    expect(values.every((value) => typeof value === 'string' && !/^[=+\-@\t\r]/.test(value))).toBe(true);
  });

  it('reads the apostrophe back off, so the import is what was exported', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const { registrations, errors } = importCheckpointSheets(await readSheets(await exportCheckpoints([risky], format), format));
      expect(errors).toEqual([]);
      expect(registrations[0]!.input).toEqual(risky.input);
    }
  });

  it('leaves an apostrophe a person typed before ordinary text', async () => {
    const [sheet] = await readSheets(Buffer.from("name,other\n'Tis,'=1\n"), 'csv');

    expect(sheet!.rows[1]).toEqual(["'Tis", '=1']);
  });
});

describe('the copy with the faulty cells marked', () => {
  const faultyCsv = [
    'checkpointId,communityId,name,schedule,leaderName,leaderEmail',
    'a,yuyue,东门,PT2H,张三,zhang@example.org',
    'b,yuyue,南门,PT10S,李四,li@example.org',
    'c,yuyue,西门,PT2H,王五,not-an-address',
    'd,yuyue,,PT2H,赵六,zhao@example.org',
  ].join('\n');

  const marks = async (copy: Uint8Array) => {
    const workbook = await loaded(copy);
    const found: { sheet: string; address: string; note: string }[] = [];
    workbook.eachSheet((worksheet) =>
      worksheet.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) => {
          const fill = cell.fill as ExcelJS.FillPattern | undefined;
          if (fill?.fgColor?.argb === FAULT_FILL) found.push({ sheet: worksheet.name, address: cell.address, note: typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((run) => run.text).join('') });
        }),
      ),
    );
    return found;
  };

  it('fills each faulty cell of a CSV red, with its message as the note', async () => {
    const bytes = Buffer.from(faultyCsv);
    const { errors } = importCheckpointSheets(await readSheets(bytes, 'csv'));
    expect(errors.map(({ row, column }) => `${column}@${row}`)).toEqual(['schedule@3', 'leaderEmail@4', 'name@5']);

    const found = await marks(await faultyCellsCopy(bytes, 'csv', errors));

    expect(found).toEqual([
      { sheet: '卡点', address: 'D3', note: errors[0]!.message },
      { sheet: '卡点', address: 'F4', note: errors[1]!.message },
      { sheet: '卡点', address: 'C5', note: errors[2]!.message },
    ]);
  });

  it('marks an uploaded xlsx in place, on the sheet each error is on, keeping its other cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const gates = workbook.addWorksheet('卡点');
    for (const line of faultyCsv.split('\n').slice(0, 3)) gates.addRow(line.split(','));
    const shifts = workbook.addWorksheet('班次');
    shifts.addRow(['leaderName', 'checkpointId', 'from', 'to']);
    shifts.addRow(['白班', 'zz', '08:00', '20:00']);
    const upload = Buffer.from(await workbook.xlsx.writeBuffer());
    const { errors } = importCheckpointSheets(await readSheets(upload, 'xlsx'));

    const copy = await faultyCellsCopy(upload, 'xlsx', errors);

    expect(await marks(copy)).toEqual([
      { sheet: '卡点', address: 'D3', note: expect.stringContaining('30秒') },
      { sheet: '班次', address: 'B2', note: expect.stringContaining('zz') },
    ]);
    expect(await readSheets(copy, 'xlsx')).toEqual(await readSheets(upload, 'xlsx'));
  });

  it('notes a missing column on the header row', async () => {
    const bytes = Buffer.from('checkpointId,communityId,name\na,yuyue,东门\n');
    const { errors } = importCheckpointSheets(await readSheets(bytes, 'csv'));

    expect(await marks(await faultyCellsCopy(bytes, 'csv', errors))).toEqual([{ sheet: '卡点', address: 'A1', note: expect.stringContaining('schedule') }]);
  });
});
