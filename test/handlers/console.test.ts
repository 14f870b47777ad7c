/**
 * The operators' console through its real handlers on DynamoDB Local: signing in (admin and operator
 * keys), the pass and its CSRF token, a foreign origin refused, an operator kept to its communities,
 * forms refused at their fields with nothing saved, saves, pauses, rotation, acknowledgement and the
 * import with its errors at their cells.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as consolePages } from '../../functions/handlers/console';
import { handler as consoleAck } from '../../functions/handlers/console-ack';
import { handler as consoleFiles } from '../../functions/handlers/console-files';
import { handler as consoleImport } from '../../functions/handlers/console-import';
import { handler as consoleSave } from '../../functions/handlers/console-save';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as board } from '../../functions/handlers/board';
import { fakeContext } from '../../local/gateway';
import { call, freshCounty, operatorKey, page, post, signIn as signInWith, type Session } from '../helpers/console';
import { makeWorld } from '../helpers/escalation';
import { httpEvent, invoke } from '../helpers/events';
import { ADMIN_KEY } from '../helpers/table';

const signIn = async (key: string): Promise<Session> => {
  const session = await signInWith(key);
  expect(session, `signing in with ${key.slice(0, 6)}…`).toBeDefined();
  return session!;
};

const stored = async (checkpointId: string) => (await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId }, admin: true })).json;

/** The checkpoint page's form as a browser would post it: every field with its value. */
const formOf = (html: string, action: string): [string, string][] => {
  const form = html.slice(html.indexOf(`action="${action}"`));
  const fields: [string, string][] = [];
  const body = form.slice(0, form.indexOf('</form>'));
  for (const match of body.matchAll(/<input ([^>]*)>/g)) {
    const attrs = match[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs)?.[1];
    if ((type === 'checkbox' || type === 'radio') && !attrs.includes(' checked')) continue;
    fields.push([name.replace(/&amp;/g, '&'), (/value="([^"]*)"/.exec(attrs)?.[1] ?? (type === 'checkbox' ? 'on' : '')).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')]);
  }
  for (const match of body.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(match[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(match[2]!)?.[1] ?? '';
    fields.push([match[1]!, selected]);
  }
  return fields;
};
const withField = (fields: [string, string][], name: string, value: string): [string, string][] =>
  fields.some(([key]) => key === name) ? fields.map(([key, v]) => [key, key === name ? value : v]) : [...fields, [name, value]];

let admin: Session;
let operator: Session;
let outsider: Session;

beforeAll(async () => {
  await freshCounty();
  admin = await signIn(ADMIN_KEY);
  operator = await signIn(await operatorKey('yuyue社区书记', ['yuyue']));
  outsider = await signIn(await operatorKey('beimen社区书记', ['beimen']));
});

describe('signing in', () => {
  it('shows the sign-in page without a pass, and refuses a wrong key', async () => {
    const home = await call(consolePages, { routeKey: 'GET /admin' });
    expect(home.status).toBe(200);
    expect(home.text).toContain('action="/admin/sign-in"');
    const deep = await call(consolePages, { routeKey: 'GET /admin/checkpoints/{checkpointId}', path: { checkpointId: 'yuyue-1' } });
    expect(deep.status).toBe(401);
    expect(deep.text).toContain('name="next" value="/admin/checkpoints/yuyue-1"');
    const wrong = await call(consolePages, { routeKey: 'POST /admin/sign-in', form: [['key', 'not-the-key-0123456789']] });
    expect(wrong.status).toBe(401);
    expect(wrong.cookies).toEqual([]);
  });

  it('sets HttpOnly, SameSite=Strict passes for the console and the board, and the board opens with its own', async () => {
    const signed = await call(consolePages, { routeKey: 'POST /admin/sign-in', form: [['key', ADMIN_KEY], ['next', '/admin/escalations']] });
    expect(signed.headers.location).toBe('/admin/escalations');
    const [consolePass, boardPass] = signed.cookies;
    expect(consolePass).toMatch(/^cw_admin=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    expect(boardPass).toMatch(/^cw_board=[^;]+; Path=\/board; HttpOnly; SameSite=Strict/);
    const shown = (await board({ ...httpEvent({ routeKey: 'GET /board' }), cookies: [boardPass!.split(';')[0]!] }, fakeContext('test'))) as { body: string };
    expect(shown.body).toContain('yuyue-1');
    // A board pass opens no console, nor the other way round.
    const crossed = await call(consolePages, { routeKey: 'GET /admin', cookies: [`cw_admin=${boardPass!.split(';')[0]!.slice('cw_board='.length)}`] });
    expect(crossed.text).toContain('action="/admin/sign-in"');
  });

  it('refuses a sign-in posted from another site', async () => {
    const forged = await call(consolePages, { routeKey: 'POST /admin/sign-in', form: [['key', ADMIN_KEY]], origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.cookies).toEqual([]);
  });
});

describe('what a pass sees', () => {
  it('lists the county for the admin and its own communities for an operator, every answer no-store under a strict CSP', async () => {
    const county = await page(admin, 'GET /admin');
    expect(county.text).toContain('/admin/communities/yuyue');
    expect(county.text).toContain('/admin/communities/beimen');
    expect(county.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(county.headers['content-security-policy']).toContain("form-action 'self'");
    expect(county.headers['cache-control']).toBe('no-store');
    const own = await page(operator, 'GET /admin');
    expect(own.text).toContain('/admin/communities/yuyue');
    expect(own.text).not.toContain('/admin/communities/beimen');
  });

  it("refuses an operator another community's pages with 403 and shows none of it", async () => {
    for (const [routeKey, path] of [
      ['GET /admin/communities/{communityId}', { communityId: 'yuyue' }],
      ['GET /admin/checkpoints/{checkpointId}', { checkpointId: 'yuyue-1' }],
      ['GET /admin/communities/{communityId}/sheet', { communityId: 'yuyue' }],
    ] as const) {
      const refused = await page(outsider, routeKey, path);
      expect(refused.status, routeKey).toBe(403);
      expect(refused.text).not.toContain('yuyue-1 卡点');
    }
    const save = await post(outsider, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'false']], { checkpointId: 'yuyue-1' });
    expect(save.status).toBe(403);
    expect((await stored('yuyue-1')).active).toBe(true);
  });
});

describe('forms', () => {
  it('refuses a POST from another origin, or without the CSRF token of the pass, with 403 and nothing saved', async () => {
    const pause = (input: { origin?: string | null; csrf?: string; referer?: string }) =>
      call(consoleSave, { routeKey: 'POST /admin/checkpoints/{checkpointId}/active', path: { checkpointId: 'yuyue-1' }, cookies: operator.cookies, form: [['csrf', input.csrf ?? operator.csrf], ['active', 'false']], origin: input.origin });
    expect((await pause({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await pause({ origin: 'null' })).status).toBe(403);
    expect((await pause({ csrf: 'forged' })).status).toBe(403);
    expect((await pause({ csrf: admin.csrf })).status).toBe(403);
    expect((await stored('yuyue-1')).active).toBe(true);
  });

  it('shows every error of a checkpoint form at its field and saves nothing; a valid one is saved whole', async () => {
    const shown = await page(operator, 'GET /admin/checkpoints/{checkpointId}', { checkpointId: 'yuyue-1' });
    expect(shown.status).toBe(200);
    let fields = formOf(shown.text, '/admin/checkpoints/yuyue-1');
    fields = withField(fields, 'shifts.0.from', '25:00');
    fields = withField(fields, 'shifts.0.to', '06:00');
    fields = withField(fields, 'shifts.0.leader.name', '夜班组长');
    fields = withField(fields, 'shifts.1.from', '06:00');
    fields = withField(fields, 'shifts.1.to', '22:00');
    fields = withField(fields, 'shifts.1.leader.name', '白班组长');
    fields = withField(fields, 'shifts.1.leader.mobile', '123');
    const refused = await call(consoleSave, { routeKey: 'POST /admin/checkpoints/{checkpointId}', path: { checkpointId: 'yuyue-1' }, cookies: operator.cookies, form: fields });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="f-shifts-0-from"[^>]*aria-invalid="true"/);
    expect(refused.text).toMatch(/id="e-f-shifts-0-from">[^<]*08:00/);
    expect(refused.text).toMatch(/id="f-shifts-1-leader-mobile"[^>]*aria-invalid="true"/);
    // The second row's name was fine: the form keeps what was typed.
    expect(refused.text).toContain('value="白班组长"');
    expect((await stored('yuyue-1')).shifts).toBeUndefined();

    fields = withField(withField(fields, 'shifts.0.from', '22:00'), 'shifts.1.leader.mobile', '13800138001');
    fields = withField(fields, 'shifts.0.leader.mobile', '13800138002');
    fields = withField(fields, 'escalation.mode', 'custom');
    fields = withField(fields, 'escalation.levels.1.after', '45');
    const saved = await call(consoleSave, { routeKey: 'POST /admin/checkpoints/{checkpointId}', path: { checkpointId: 'yuyue-1' }, cookies: operator.cookies, form: fields });
    expect(saved.status, /id="error-summary"[\s\S]*?<\/div>/.exec(saved.text)?.[0]).toBe(303);
    expect(saved.headers.location).toBe('/admin/checkpoints/yuyue-1?saved=1');
    const after = await stored('yuyue-1');
    expect(after.shifts).toEqual([
      { from: '22:00', to: '06:00', leader: { name: '夜班组长', mobile: '13800138002' } },
      { from: '06:00', to: '22:00', leader: { name: '白班组长', mobile: '13800138001' } },
    ].map((shift) => expect.objectContaining({ ...shift, leader: expect.objectContaining(shift.leader) })));
    expect(after.escalation).toEqual({ levels: [{ notify: ['onDuty'], after: 'PT0S' }, { notify: ['secretary'], after: 'PT45M' }, { notify: ['committee'], after: 'PT1H' }], repeatEvery: 'PT1H', maxRepeats: 3 });
    const again = await page(operator, 'GET /admin/checkpoints/{checkpointId}', { checkpointId: 'yuyue-1' }, { saved: '1' });
    expect(again.text).toContain('45分钟后 → 社区书记');
  });

  it('pauses and resumes, keeping the registration', async () => {
    const before = await stored('yuyue-1');
    const paused = await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'false']], { checkpointId: 'yuyue-1' });
    expect(paused.headers.location).toBe('/admin/checkpoints/yuyue-1?saved=paused');
    const after = await stored('yuyue-1');
    expect(after.status).toBe('paused');
    expect(after.shifts).toEqual(before.shifts);
    const resumed = await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'true']], { checkpointId: 'yuyue-1' });
    expect(resumed.status).toBe(303);
    expect((await stored('yuyue-1')).active).toBe(true);
  });

  it('rotates the form token and goes straight to the new gate sheet', async () => {
    const rotated = await post(operator, 'POST /admin/checkpoints/{checkpointId}/rotate-token', [], { checkpointId: 'yuyue-1' });
    expect(rotated.status).toBe(303);
    expect(rotated.headers.location).toBe('/admin/communities/yuyue/sheet?checkpointId=yuyue-1&rotated=1');
    const sheet = await page(operator, 'GET /admin/communities/{communityId}/sheet', { communityId: 'yuyue' }, { checkpointId: 'yuyue-1', rotated: '1' });
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('<svg');
    expect(sheet.text).toContain('旧码已失效');
  });

  it('refuses a community form at its fields, and saves a valid one', async () => {
    const shown = await page(operator, 'GET /admin/communities/{communityId}', { communityId: 'yuyue' });
    let fields = formOf(shown.text, '/admin/communities/yuyue');
    fields = withField(fields, 'contacts.2.name', '新联系人');
    const refused = await call(consoleSave, { routeKey: 'POST /admin/communities/{communityId}', path: { communityId: 'yuyue' }, cookies: operator.cookies, form: fields });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="f-contacts-2-email"[^>]*aria-invalid="true"/);
    fields = withField(fields, 'contacts.2.mobile', '13900139000');
    const saved = await call(consoleSave, { routeKey: 'POST /admin/communities/{communityId}', path: { communityId: 'yuyue' }, cookies: operator.cookies, form: fields });
    expect(saved.status, saved.text.slice(0, 2000)).toBe(303);
  });
});

describe('escalations', () => {
  it('lists open ones with their timeline and acknowledges one as the operator', async () => {
    const world = makeWorld();
    const escalationId = await world.openEscalation();
    const listed = await page(admin, 'GET /admin/escalations');
    expect(listed.text).toContain(`/admin/escalations/${escalationId}/ack`);
    const acked = await call(consoleAck, { routeKey: 'POST /admin/escalations/{escalationId}/ack', path: { escalationId }, cookies: admin.cookies, form: [['csrf', admin.csrf]] });
    expect(acked.status, acked.text).toBe(303);
    const after = await page(admin, 'GET /admin/escalations', undefined, { saved: 'acknowledged' });
    expect(after.text).toContain('已确认');
    expect(after.text).not.toContain(`/admin/escalations/${escalationId}/ack`);
  });
});

describe('the spreadsheet page', () => {
  const multipart = (fields: Record<string, string>, file: { name: string; type: string; content: string }) => {
    const boundary = '----console-test';
    const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n${file.content}\r\n--${boundary}--\r\n`;
    return { body: Buffer.from(parts.join('') + filePart), type: `multipart/form-data; boundary=${boundary}` };
  };
  const header = '卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,组长姓名 leaderName,组长手机 leaderMobile';

  it('shows each error at its cell and writes nothing; an apply of the fixed file writes every row', async () => {
    const csv = [header, 'sheet-1,yuyue,一号,PT2H,张三,13800138000', 'sheet-2,yuyue,二号,PT2H,李四,1380013', 'sheet-3,beimen,三号,PT2H,王五,13800138002'].join('\r\n');
    const upload = (content: string, action: string) =>
      call(consoleImport, { routeKey: 'POST /admin/import', cookies: operator.cookies, multipart: multipart({ csrf: operator.csrf, action }, { name: 'gates.csv', type: 'text/csv', content }) });
    const checked = await upload(csv, 'apply');
    expect(checked.status).toBe(200);
    expect(checked.text).toMatch(/data-cell="F3"[^>]*>1380013<span class="error">/);
    // An operator's file may name only its communities: the cell that names another.
    expect(checked.text).toMatch(/data-cell="B4"/);
    expect((await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'sheet-1' }, admin: true })).status).toBe(404);

    const copy = await upload(csv, 'faulty-cells');
    expect(copy.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(copy.text.slice(0, 2)).toBe('PK');

    const fixed = [header, 'sheet-1,yuyue,一号,PT2H,张三,13800138000', 'sheet-2,yuyue,二号,PT2H,李四,13800138001'].join('\r\n');
    const applied = await upload(fixed, 'apply');
    expect(applied.text).toContain('已导入');
    expect((await stored('sheet-2')).name).toBe('二号');
  });

  it('imports the file the page checked when 导入 is pressed without choosing it again', async () => {
    const csv = [header, 'sheet-9,yuyue,九号,08:00、12:00、18:00,张九,13800138009'].join('\r\n');
    const send = (fields: Record<string, string>, file: { name: string; type: string; content: string }) =>
      call(consoleImport, { routeKey: 'POST /admin/import', cookies: operator.cookies, multipart: multipart({ csrf: operator.csrf, ...fields }, file) });
    const checked = await send({ action: 'check' }, { name: 'nine.csv', type: 'text/csv', content: csv });
    expect(checked.text).toContain('检查通过');
    const carried = Object.fromEntries([...checked.text.matchAll(/<input type="hidden" name="(checked\w*)" value="([^"]*)">/g)].map(([, name, value]) => [name!, value!]));
    expect(Object.keys(carried)).toEqual(['checked', 'checkedName', 'checkedType']);
    expect((await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'sheet-9' }, admin: true })).status).toBe(404);

    // What a browser sends with the file input left empty: a part with no name and no bytes.
    const applied = await send({ action: 'apply', ...carried }, { name: '', type: 'application/octet-stream', content: '' });
    expect(applied.text).toContain('已导入');
    expect((await stored('sheet-9')).schedule).toEqual({ cron: '0 8,12,18 * * *' });
  });

  it('refuses a file it cannot read in the page\'s language: a PDF, a broken xlsx', async () => {
    const send = (file: { name: string; type: string; content: string }) =>
      call(consoleImport, { routeKey: 'POST /admin/import', cookies: operator.cookies, multipart: multipart({ csrf: operator.csrf, action: 'check' }, file) });
    const refusalOf = (html: string) => /<[^>]*class="flash bad"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
    for (const file of [
      { name: 'gates.pdf', type: 'application/pdf', content: '%PDF-1.4' },
      { name: 'gates.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: 'PK\u0003\u0004 not a zip' },
    ]) {
      const refused = await send(file);
      expect(refused.status, file.name).toBeGreaterThanOrEqual(400);
      const said = refusalOf(refused.text);
      expect(said, file.name).toMatch(/[\u4e00-\u9fff]/);
      // No English sentence on a Chinese page: CSV and xlsx name the formats, nothing else.
      expect(said.replace(/CSV|xlsx|\.xls\b/g, ''), file.name).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('hands out the template and an export of what the pass may see', async () => {
    const template = await call(consoleFiles, { routeKey: 'GET /admin/import/template', cookies: operator.cookies, query: { format: 'csv' } });
    expect(template.status).toBe(200);
    expect(template.headers['content-disposition']).toContain('checkpoints-template.csv');
    const exported = await call(consoleFiles, { routeKey: 'GET /admin/export', cookies: operator.cookies, query: { format: 'csv' } });
    expect(Buffer.from(exported.text, 'latin1').toString('utf8')).toContain('sheet-1');
    expect(Buffer.from(exported.text, 'latin1').toString('utf8')).not.toContain('beimen-1');
    expect((await call(consoleFiles, { routeKey: 'GET /admin/export', cookies: operator.cookies, query: { format: 'csv', communityId: 'beimen' } })).status).toBe(403);
  });
});
