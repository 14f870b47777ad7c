/**
 * Spreadsheet import and export through the real handlers on DynamoDB Local (docs/imports.md): a dry
 * run writes nothing; an apply with any faulty row writes nothing and names the cell; a fixed file is
 * applied, and applied again is all unchanged; export → import is unchanged; every encoding and both
 * formats of the same content give the same answer; the stored channels and closures survive an
 * import; an operator key imports and exports within its communities only; the body's own cap (413)
 * and types (415), and the import's limits (413, in Chinese first, nothing written; the unit tests of
 * each are test/imports/limits.test.ts); the faulty-cells copy, the template and the summary as xlsx.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCheckpoints, FAULT_FILL, readSheets, XLSX_TYPE } from '../../functions/adapters/spreadsheet';
import { CheckpointBody, MAX_UPLOAD_BYTES, SPREADSHEET_UPLOAD_TYPES } from '../../functions/contract/schemas';
import { CSV_COLUMNS } from '../../functions/domain/summary';
import type { ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { handler as exportHandler } from '../../functions/handlers/export-checkpoints';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as getSummary } from '../../functions/handlers/get-summary';
import { handler as importHandler } from '../../functions/handlers/import-checkpoints';
import { handler as templateHandler } from '../../functions/handlers/import-template';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as consoleImport } from '../../functions/handlers/console-import';
import { fakeContext, startGateway } from '../../local/gateway';
import { freePort } from '../../local/ports';
import { ADMIN_KEY } from '../helpers/table';
import { brotliDecompressSync } from 'node:zlib';
import { call as consoleCall, signIn } from '../helpers/console';
import { registerCommunity } from '../helpers/county';
import { httpEvent, invoke, type Answer } from '../helpers/events';
import { useFreshTable } from '../helpers/table';
import { EMPTY_ZIP, SHEET_PART, sheetXml, workbookParts, zipOf } from '../imports/zip-files';

interface FileAnswer extends Answer {
  /** The body's bytes, base64 undone. */
  bytes: Buffer;
  isBase64Encoded: boolean;
}

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

/** A call as API Gateway makes it: a file body base64-encoded (binary), or as text when it is UTF-8 text. */
const call = async (
  handler: Handler,
  input: { routeKey: string; query?: Record<string, string>; file?: Buffer; type?: string; asText?: boolean; key?: string },
): Promise<FileAnswer> => {
  const event = httpEvent({
    routeKey: input.routeKey,
    ...(input.query && { query: input.query }),
    ...(input.key ? { token: input.key } : { admin: true }),
    ...(input.type && { headers: { 'content-type': input.type } }),
  });
  if (input.file) Object.assign(event, input.asText ? { body: input.file.toString('utf8'), isBase64Encoded: false } : { body: input.file.toString('base64'), isBase64Encoded: true });
  const result = (await handler(event, fakeContext('test'))) as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
  const bytes = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, headers: result.headers ?? {}, text: bytes.toString('utf8'), json, bytes, isBase64Encoded: result.isBase64Encoded === true };
};

const CSV = 'text/csv';
const upload = (file: Buffer, options: { dryRun?: boolean; type?: string; key?: string; asText?: boolean } = {}) =>
  call(importHandler, {
    routeKey: 'POST /imports/checkpoints',
    query: { dryRun: String(options.dryRun ?? true) },
    file,
    type: options.type ?? CSV,
    ...(options.key && { key: options.key }),
    ...(options.asText && { asText: true }),
  });
const exported = (query: Record<string, string>, key?: string) => call(exportHandler, { routeKey: 'GET /exports/checkpoints', query, ...(key && { key }) });
const checkpointOf = (checkpointId: string) => invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId }, admin: true });

/** A checkpoint as a file carries it: the body as the API's schema returns it. */
const row = (checkpointId: string, communityId: string, body: Partial<CheckpointBody> = {}): ExportedCheckpoint => ({
  checkpointId,
  input: CheckpointBody.parse({
    name: `${checkpointId} 卡点`,
    communityId,
    schedule: { every: 'PT2H' },
    contacts: [
      { name: '张三', mobile: '13800138000', email: `zhang.${checkpointId}@example.org`, role: 'leader' },
      { name: '李四', mobile: '13900139000', role: 'leader' },
    ],
    shifts: [
      { from: '08:00', to: '20:00', leader: { name: '张三', mobile: '13800138000' } },
      { from: '20:00', to: '08:00', leader: { name: '李四', mobile: '13900139000' } },
    ],
    ...body,
  }),
});

const csvOf = async (rows: ExportedCheckpoint[]) => exportCheckpoints(rows, 'csv');

beforeAll(async () => {
  await useFreshTable();
  for (const communityId of ['imp-a', 'imp-b', 'imp-c', 'imp-d', 'imp-e']) await registerCommunity(communityId);
});

describe('importing a file', () => {
  const rows = [row('imp-a-1', 'imp-a'), row('imp-a-2', 'imp-a', { schedule: { cron: '0 8,12,18 * * *' }, escalation: { levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }], repeatEvery: 'PT1H', maxRepeats: 3 } }), row('imp-a-3', 'imp-a', { active: false })];

  it('checks a file in a dry run (the default) and writes nothing', async () => {
    const answer = await call(importHandler, { routeKey: 'POST /imports/checkpoints', file: await csvOf(rows), type: CSV });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, applied: false, errors: [] });
    expect((await checkpointOf('imp-a-1')).status).toBe(404);
  });

  it('applies nothing when one row is faulty, and says at which cells (the sheet and the store alike)', async () => {
    const file = (await csvOf([...rows, row('imp-a-4', 'nowhere')])).toString('utf8').replace('13900139000', '1390013900');
    const answer = await upload(Buffer.from(file), { dryRun: false });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ rows: 4, applied: false });
    expect(answer.json.errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'contact2Mobile', message: expect.any(String) },
      { sheet: 'checkpoints', row: 5, column: 'communityId', message: expect.stringContaining('no community has the id nowhere') },
    ]);
    for (const checkpointId of ['imp-a-1', 'imp-a-2', 'imp-a-3']) expect((await checkpointOf(checkpointId)).status).toBe(404);
  });

  it('applies the fixed file: every checkpoint created, with its form token, deadline and pause as a PUT gives them', async () => {
    const answer = await upload(await csvOf(rows), { dryRun: false });
    expect(answer.json).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, applied: true, errors: [] });
    const [first, second, paused] = await Promise.all(['imp-a-1', 'imp-a-2', 'imp-a-3'].map(checkpointOf));
    expect(first!.json).toMatchObject({ name: 'imp-a-1 卡点', timezone: 'Asia/Shanghai', status: 'new', nextDeadline: expect.any(String), contacts: rows[0]!.input.contacts, shifts: rows[0]!.input.shifts });
    expect(second!.json).toMatchObject({ schedule: { cron: '0 8,12,18 * * *' }, escalation: rows[1]!.input.escalation });
    expect(paused!.json).toMatchObject({ active: false, status: 'paused', nextDeadline: null });
  });

  it('applied again, changes nothing: every row unchanged, nothing written', async () => {
    const before = (await checkpointOf('imp-a-1')).json.updatedAt;
    const answer = await upload(await csvOf(rows), { dryRun: false });
    expect(answer.json).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, applied: true, errors: [] });
    expect((await checkpointOf('imp-a-1')).json.updatedAt).toBe(before);
  });

  it('counts a changed row as updated, and resumes a checkpoint the file says is active', async () => {
    const changed = [row('imp-a-1', 'imp-a', { name: '改名卡点' }), rows[1]!, row('imp-a-3', 'imp-a')];
    expect((await upload(await csvOf(changed))).json).toMatchObject({ created: 0, updated: 2, unchanged: 1, applied: false });
    expect((await upload(await csvOf(changed), { dryRun: false })).json).toMatchObject({ created: 0, updated: 2, unchanged: 1, applied: true });
    expect((await checkpointOf('imp-a-1')).json.name).toBe('改名卡点');
    expect((await checkpointOf('imp-a-3')).json).toMatchObject({ active: true, status: 'new' });
  });

  it('keeps what the sheets do not carry: the stored channels (their URL and secret) and closures', async () => {
    const body = {
      ...row('imp-b-1', 'imp-b').input,
      channels: [{ id: 'group', kind: 'wecom', name: '卡点群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=kept-key' }],
      closures: [{ daily: { from: '22:00', to: '06:00' } }],
    };
    const put = await invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'imp-b-1' }, admin: true, body });
    expect(put.status, put.text).toBe(201);
    const file = await csvOf([row('imp-b-1', 'imp-b')]);
    expect((await upload(file)).json).toMatchObject({ unchanged: 1 });
    expect((await upload(await csvOf([row('imp-b-1', 'imp-b', { name: '新名字' })]), { dryRun: false })).json).toMatchObject({ updated: 1, applied: true });
    const after = (await checkpointOf('imp-b-1')).json;
    expect(after).toMatchObject({ name: '新名字', closures: body.closures, channels: [{ id: 'group', kind: 'wecom', name: '卡点群', host: 'qyapi.weixin.qq.com', secretSet: false }] });
  });

  it('refuses a zone that is not the community’s, and a checkpoint id already used in the file, at their cells', async () => {
    const berlin = { ...row('imp-c-1', 'imp-c'), timezone: 'Europe/Berlin' };
    const text = (await csvOf([berlin, row('imp-c-2', 'imp-c')])).toString('utf8').replace('imp-c-2,', 'imp-c-1,');
    const answer = await upload(Buffer.from(text), { dryRun: false });
    expect(answer.json.errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'timezone', message: expect.stringContaining('is in Asia/Shanghai') },
      { sheet: 'checkpoints', row: 3, column: 'checkpointId', message: 'checkpoint imp-c-1 is already in row 2' },
    ]);
    expect((await checkpointOf('imp-c-1')).status).toBe(404);
  });
});

describe('the same content in every encoding and format', () => {
  const rows = [row('imp-d-1', 'imp-d', { name: '东门卡点' }), row('imp-d-2', 'imp-d', { name: '西门卡点', grace: 'PT30M' })];

  it('gives the same answer as CSV in UTF-8, UTF-8 with a BOM, GB18030, and as xlsx', async () => {
    const withBom = await csvOf(rows);
    const text = withBom.toString('utf8').replace(/^\uFEFF/, '');
    expect(withBom[0]).toBe(0xef);
    const files: [string, Buffer, { type?: string; asText?: boolean }][] = [
      ['UTF-8, as text', Buffer.from(text, 'utf8'), { asText: true }],
      ['UTF-8 with a BOM', withBom, {}],
      ['GB18030 (what Chinese Excel saves)', iconv.encode(text, 'gb18030'), {}],
      ['GB18030 as application/vnd.ms-excel (a browser on Windows)', iconv.encode(text, 'gb18030'), { type: 'application/vnd.ms-excel' }],
      ['xlsx', await exportCheckpoints(rows, 'xlsx'), { type: XLSX_TYPE }],
      ['xlsx as application/octet-stream', await exportCheckpoints(rows, 'xlsx'), { type: 'application/octet-stream' }],
    ];
    expect(iconv.encode(text, 'gb18030').equals(Buffer.from(text, 'utf8'))).toBe(false);
    const answers = await Promise.all(files.map(([, file, options]) => upload(file, options)));
    for (const [index, answer] of answers.entries()) expect(answer.json, files[index]![0]).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0, applied: false, errors: [] });
    // Applied from one, every other is then unchanged.
    expect((await upload(files[2]![1], { dryRun: false })).json).toMatchObject({ created: 2, applied: true });
    for (const [name, file, options] of files) expect((await upload(file, options)).json, name).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
  });
});

describe('exporting', () => {
  it('gives everything the import takes: export → import is unchanged, as xlsx and as CSV', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const answer = await exported({ format, communityId: 'imp-a' });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers['content-disposition']).toBe(`attachment; filename="checkpoints-imp-a.${format}"`);
      expect(answer.isBase64Encoded).toBe(format === 'xlsx');
      const imported = await upload(answer.bytes, { type: answer.headers['content-type'], dryRun: false });
      expect(imported.json, format).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, applied: true, errors: [] });
    }
  });

  it('exports the county without a community: every checkpoint, community by community', async () => {
    const answer = await exported({ format: 'csv' });
    const [sheet] = await readSheets(answer.bytes, 'csv');
    const ids = sheet!.rows.slice(1).map((cells) => cells[0]);
    expect(ids).toEqual(expect.arrayContaining(['imp-a-1', 'imp-b-1', 'imp-d-2']));
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('an operator key', () => {
  let key: string;
  beforeAll(async () => {
    const issued = await invoke(createOperatorKey, { routeKey: 'POST /operator-keys', admin: true, body: { name: 'E 社区书记', communityIds: ['imp-e'] } });
    key = issued.json.key;
  });

  it('imports into its communities only: a row of another community, or a checkpoint stored in one, is an error at its cell', async () => {
    const file = await csvOf([row('imp-e-1', 'imp-e'), row('imp-e-2', 'imp-b'), row('imp-b-1', 'imp-e')]);
    const answer = await upload(file, { key, dryRun: false });
    expect(answer.json.errors).toEqual([
      { sheet: 'checkpoints', row: 3, column: 'communityId', message: 'community imp-b is not in the communities of this operator key' },
      { sheet: 'checkpoints', row: 4, column: 'checkpointId', message: 'checkpoint imp-b-1 is not in the communities of this operator key' },
    ]);
    expect((await checkpointOf('imp-e-1')).status).toBe(404);
    expect((await upload(await csvOf([row('imp-e-1', 'imp-e')]), { key, dryRun: false })).json).toMatchObject({ created: 1, applied: true });
  });

  it('exports its communities only, and is refused another’s', async () => {
    const answer = await exported({ format: 'csv' }, key);
    const [sheet] = await readSheets(answer.bytes, 'csv');
    expect(sheet!.rows.slice(1).map((cells) => cells[0])).toEqual(['imp-e-1']);
    expect((await exported({ format: 'csv', communityId: 'imp-a' }, key)).status).toBe(403);
  });
});

describe('the body', () => {
  it('is refused over the route’s own cap with 413, and is read up to it', async () => {
    expect(MAX_UPLOAD_BYTES).toBeGreaterThan(4.4 * 1024 * 1024);
    expect(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4).toBeLessThan(6 * 1024 * 1024);
    const big = await upload(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a'));
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
    // At the cap, the file is read: 1,000 checkpoints (the most a file may hold) with notes in five
    // ignored columns, the last note as long as the cap leaves, each within 1,000 characters.
    const head = '卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,备注1,备注2,备注3,备注4,备注5\r\n';
    const line = (i: number, note: string) => `cap-${i},imp-a,门${i},PT2H,${note},${note},${note},${note},${note}\r\n`;
    // The rest of the cap in blank lines (rows, not checkpoints) and a character more in the last note.
    const note = 'x'.repeat(Math.floor((MAX_UPLOAD_BYTES - head.length) / 1000 / 5) - 6);
    const rows = Array.from({ length: 1000 }, (_, i) => line(i, note)).join('');
    const rest = MAX_UPLOAD_BYTES - Buffer.byteLength(head + rows);
    const atCap = Buffer.from(head + rows.replace(/\r\n$/, rest % 2 ? 'x\r\n' : '\r\n') + '\r\n'.repeat(Math.floor(rest / 2)));
    expect(atCap.byteLength).toBe(MAX_UPLOAD_BYTES);
    const read = await upload(atCap);
    expect(read.status, read.text.slice(0, 300)).toBe(200);
    expect(read.json).toMatchObject({ rows: 1000, created: 1000, errors: [] });
  });

  it('is refused with 413 when it holds more than the import takes — 1,001 checkpoints, a zip bomb — naming the limit in Chinese first, and nothing is written', async () => {
    const many = await upload(await csvOf(Array.from({ length: 1001 }, (_, i) => row(`many-${i}`, 'imp-a'))), { dryRun: false });
    expect(many.status).toBe(413);
    expect(many.json.error.code).toBe('payload_too_large');
    expect(many.json.error.message).toMatch(/^文件有 1,001 个卡点，一次最多导入 1,000 个/);
    expect(many.json.error.message).toContain('the file has 1,001 checkpoints');
    expect((await checkpointOf('many-0')).status).toBe(404);

    const [head, tail] = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>@</t></is></c></row>').split('@') as [string, string];
    const bomb = await zipOf({ ...(await workbookParts()), [SHEET_PART]: { head, body: 'a'.repeat(1024), times: 300 * 1024, tail } });
    for (const route of ['POST /imports/checkpoints', 'POST /imports/checkpoints/faulty-cells']) {
      const answer = await call(importHandler, { routeKey: route, query: { dryRun: 'false' }, file: bomb, type: XLSX_TYPE });
      expect(answer.status, route).toBe(413);
      expect(answer.json.error.message).toMatch(/^xlsx 解压后超过 32 MB/);
    }
  });

  it('repeats a long header by its first 40 characters: a 1,000-character header gives a short answer', async () => {
    const answer = await upload(Buffer.from(`卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,${'未'.repeat(1000)}\r\nimp-e-1,imp-e,门,PT2H,x\r\n`));
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toEqual([{ sheet: 'checkpoints', row: 1, column: `${'未'.repeat(40)}…`, message: expect.stringContaining(`"${'未'.repeat(40)}…"`) }]);
    expect(answer.bytes.byteLength).toBeLessThan(1000);
  });

  it('is refused with 415 when it is not a spreadsheet type, or an .xls', async () => {
    const csv = await csvOf([row('imp-x', 'imp-a')]);
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'image/png']) {
      const answer = await upload(csv, { type });
      expect(answer.status, type).toBe(415);
      expect(answer.json.error.code).toBe('unsupported_media_type');
    }
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await upload(xls, { type: 'application/octet-stream' })).status).toBe(415);
    expect(SPREADSHEET_UPLOAD_TYPES).toContain(XLSX_TYPE);
  });

  it('is a 400 when it is missing, or not the format it claims', async () => {
    expect((await call(importHandler, { routeKey: 'POST /imports/checkpoints', type: CSV })).status).toBe(400);
    const notXlsx = await upload(Buffer.from('PK\u0003\u0004 not really a zip'), { type: XLSX_TYPE });
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.json.error.message).toContain('xlsx');
  });

  it('needs the admin key (or an operator key) before anything else', async () => {
    const event = httpEvent({ routeKey: 'POST /imports/checkpoints', headers: { 'content-type': 'application/json' }, rawBody: 'x'.repeat(10) });
    const answer = (await importHandler(event, fakeContext('test'))) as { statusCode: number };
    expect(answer.statusCode).toBe(401);
  });
});

describe('the console’s import', () => {
  it('refuses a file over a limit with a 413 page that names it in the console’s language, and writes nothing', async () => {
    const session = (await signIn(ADMIN_KEY))!;
    const file = await csvOf(Array.from({ length: 1001 }, (_, i) => row(`console-${i}`, 'imp-a')));
    const boundary = '----limits-test';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${session.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\napply\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gates.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await consoleCall(consoleImport, { routeKey: 'POST /admin/import', cookies: session.cookies, multipart: { body, type: `multipart/form-data; boundary=${boundary}` } });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('文件有 1,001 个卡点，一次最多导入 1,000 个：请按社区拆成几个文件分批导入。未写入任何内容。');
    expect(answer.text).not.toContain('the file has');
    expect((await checkpointOf('console-0')).status).toBe(404);
  });
});

describe('bytes on the wire', () => {
  it('leaves a binary answer as it is whatever the client accepts, and compresses a CSV one', async () => {
    const accepting = async (format: string) => {
      const event = httpEvent({ routeKey: 'GET /exports/checkpoints', query: { format, communityId: 'imp-a' }, admin: true, headers: { 'accept-encoding': 'br, gzip' } });
      return (await exportHandler(event, fakeContext('test'))) as { headers: Record<string, string>; body: string; isBase64Encoded?: boolean };
    };
    const xlsx = await accepting('xlsx');
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(xlsx.headers['content-encoding']).toBeUndefined();
    expect(Buffer.from(xlsx.body, 'base64').subarray(0, 2).toString()).toBe('PK');
    const csv = await accepting('csv');
    expect(csv.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(Buffer.from(csv.body, 'base64')).toString('utf8')).toMatch(/^\uFEFF卡点编号,/);
  });

  it('crosses the local gateway as API Gateway passes it: a binary upload base64-encoded, a binary answer as its bytes', async () => {
    const gateway = await startGateway({ port: await freePort() });
    try {
      const exported = await fetch(`${gateway.url}/exports/checkpoints?format=xlsx&communityId=imp-a`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'accept-encoding': 'br' } });
      expect(exported.status).toBe(200);
      const bytes = Buffer.from(await exported.arrayBuffer());
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      const imported = await fetch(`${gateway.url}/imports/checkpoints?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': XLSX_TYPE }, body: new Uint8Array(bytes) });
      expect(await imported.json()).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, applied: false, errors: [] });
      const gb18030 = iconv.encode((await csvOf([row('imp-a-1', 'imp-a', { name: '改名卡点' })])).toString('utf8').replace(/^\uFEFF/, ''), 'gb18030');
      const asCsv = await fetch(`${gateway.url}/imports/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' }, body: new Uint8Array(gb18030) });
      expect(await asCsv.json()).toMatchObject({ rows: 1, errors: [] });
    } finally {
      await gateway.close();
    }
  });
});

describe('the faulty-cells copy', () => {
  it('is the uploaded file as xlsx with each faulty cell filled and noted, and writes nothing', async () => {
    const file = (await csvOf([row('imp-f-1', 'imp-a'), row('imp-f-2', 'nowhere')])).toString('utf8').replace('zhang.imp-f-1@example.org', 'not-an-address');
    const answer = await call(importHandler, { routeKey: 'POST /imports/checkpoints/faulty-cells', file: Buffer.from(file), type: CSV });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    expect(answer.headers['content-type']).toBe(XLSX_TYPE);
    expect(answer.isBase64Encoded).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (rowNumber: number, heading: string) => sheet.getCell(rowNumber, header.indexOf(heading) + 1);
    expect((cell(2, '组长邮箱').fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FAULT_FILL);
    expect(String(cell(3, '社区编号').note)).toContain('no community has the id nowhere');
    expect((cell(2, '卡点名称').fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe(FAULT_FILL);
    expect((await checkpointOf('imp-f-1')).status).toBe(404);
  });

  it('of a zip with nothing in it is a workbook whose checkpoints sheet says there is none, as the dry run does', async () => {
    const dryRun = await upload(EMPTY_ZIP, { type: XLSX_TYPE });
    expect(dryRun.json.errors).toEqual([{ sheet: 'checkpoints', row: 1, column: '', message: 'there is no checkpoints sheet' }]);
    const answer = await call(importHandler, { routeKey: 'POST /imports/checkpoints/faulty-cells', file: EMPTY_ZIP, type: XLSX_TYPE });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as never);
    expect(String(workbook.worksheets[0]!.getCell('A1').note)).toContain('there is no checkpoints sheet');
  });
});

describe('the template', () => {
  it.each(['xlsx', 'csv'] as const)('is a %s attachment whose example row the import refuses at its community (which does not exist)', async (format) => {
    const answer = await call(templateHandler, { routeKey: 'GET /imports/checkpoints/template', query: { format } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="checkpoints-template.${format}"`);
    const sheets = await readSheets(answer.bytes, format);
    expect(sheets.map((sheet) => sheet.name)).toEqual(format === 'xlsx' ? ['checkpoints', 'shifts', 'contacts'] : ['checkpoints']);
    const imported = await upload(answer.bytes, { type: answer.headers['content-type'] });
    expect(imported.json.errors).toEqual([{ sheet: 'checkpoints', row: 2, column: 'communityId', message: expect.stringContaining('no community has the id example') }]);
  });
});

describe('the summary as xlsx', () => {
  it('is the CSV’s rows in a workbook: the same header, one row per checkpoint', async () => {
    const date = new Date().toISOString().slice(0, 10);
    expect((await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date }, admin: true })).status).toBeLessThan(300);
    const summary = async (format: string) => {
      const event = httpEvent({ routeKey: 'GET /summaries/{date}', pathParameters: { date }, query: { format, communityId: 'imp-a' }, admin: true });
      const result = (await getSummary(event, fakeContext('test'))) as { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded?: boolean };
      return { ...result, bytes: Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') };
    };
    const [xlsx, csv] = [await summary('xlsx'), await summary('csv')];
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="checkpoint-watch-${date}-imp-a.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const csvRows = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows.map((cells) => cells[0])).toEqual(csvRows.map((line) => line.split(',')[0]));
    expect(rows.slice(1).map((cells) => cells[0]).sort()).toEqual(['imp-a-1', 'imp-a-2', 'imp-a-3']);
  });
});
