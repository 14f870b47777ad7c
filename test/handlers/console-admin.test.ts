/**
 * The console's county pages through their real handlers on DynamoDB Local: the audit trail (each
 * change with its actor, an operator's communities only, the filter checked by GET /audit's schema at
 * its fields), the operator keys (the county admin's only; a new key shown once, on a no-store page and
 * in no URL; revoked at once), and new communities and checkpoints (refused at their fields, an id
 * taken refused by the create's own condition — never overwritten, also when two forms race).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as listAudit } from '../../functions/handlers/list-audit';
import { handler as listCommunities } from '../../functions/handlers/list-communities';
import { newOperatorKeyId } from '../../functions/domain/operators';
import { freshCounty, operatorKey, page, post, signIn, type Session } from '../helpers/console';
import { registerCheckpoint } from '../helpers/county';
import { invoke } from '../helpers/events';
import { ADMIN_KEY } from '../helpers/table';

const stored = async (checkpointId: string) => invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId }, admin: true });
const communityNames = async () => ((await invoke(listCommunities, { routeKey: 'GET /communities', admin: true })).json.items as { communityId: string; name: string }[]);
const trail = async (query: Record<string, string>) => (await invoke(listAudit, { routeKey: 'GET /audit', admin: true, query })).json.items as { action: string; at: string; checkpointId?: string; operatorKey?: { keyId: string } }[];
/** An instant as a wall clock in Shanghai shows it, to the second (`2026-12-01 10:15:07`), by Intl's own reckoning. */
const inShanghai = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

const newCheckpointForm = (checkpointId: string, name: string): [string, string][] => [
  ['checkpointId', checkpointId],
  ['name', name],
  ['schedule.kind', 'every'],
  ['schedule.every', 'PT2H'],
  ['grace', '15'],
  ['contacts.0.name', '组长'],
  ['contacts.0.mobile', '13800138000'],
  ['escalation.mode', 'inherit'],
];
const newCommunityForm = (communityId: string, name: string): [string, string][] => [
  ['communityId', communityId],
  ['name', name],
  ['timezone', 'Asia/Shanghai'],
  ['contacts.0.name', '书记'],
  ['contacts.0.email', `secretary.${communityId}@example.org`],
  ['contacts.0.role', 'secretary'],
  ['escalation.mode', 'inherit'],
];

let admin: Session;
let operator: Session;
/** The operator's key (鱼岳社区书记, for yuyue). */
let yuyueKey: string;

beforeAll(async () => {
  await freshCounty();
  yuyueKey = await operatorKey('鱼岳社区书记', ['yuyue']);
  admin = (await signIn(ADMIN_KEY))!;
  operator = (await signIn(yuyueKey))!;
});

describe('the audit trail page', () => {
  it('lists a change made from the console, newest first, with its actor, its local time and the fields it changed', async () => {
    const paused = await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'false']], { checkpointId: 'yuyue-1' });
    expect(paused.status).toBe(303);
    const shown = await page(admin, 'GET /admin/audit', undefined, { communityId: 'yuyue' });
    expect(shown.status).toBe(200);
    const first = /<tbody><tr data-action="([^"]+)">([\s\S]*?)<\/tr>/.exec(shown.text)!;
    expect(first[1]).toBe('checkpoint.replaced');
    expect(first[2]).toContain('鱼岳社区书记');
    expect(first[2]).toContain('暂停/恢复');
    expect(first[2]).toContain('href="/admin/checkpoints/yuyue-1"');
    // Its time is the entry's own instant, told in the community's zone (Asia/Shanghai), to the second.
    const [newest] = await trail({ communityId: 'yuyue', limit: '1' });
    const time = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(first[2]!)!;
    expect(time[1]).toBe(newest!.at);
    expect(time[2]).toBe(inShanghai(newest!.at));
  });

  it("shows an operator its communities' entries only, and another community's as a 403", async () => {
    const own = await page(operator, 'GET /admin/audit');
    expect(own.status).toBe(200);
    expect(own.text).toContain('href="/admin/checkpoints/yuyue-1"');
    expect(own.text).not.toContain('beimen-1');
    expect(own.text).not.toContain('operator-key.created');
    expect((await page(operator, 'GET /admin/audit', undefined, { communityId: 'beimen' })).status).toBe(403);
    // The county admin sees the county's own entries too (the operator key issued above).
    expect((await page(admin, 'GET /admin/audit')).text).toContain('data-action="operator-key.created"');
  });

  it("checks the filter with GET /audit's own schema, each error at its field; a local time is the community's", async () => {
    const refused = await page(admin, 'GET /admin/audit', undefined, { from: 'yesterday', to: '2026-01-01T00:00' });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="f-fromDate"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('value="yesterday"');
    const backwards = await page(admin, 'GET /admin/audit', undefined, { from: '2026-02-01T00:00', to: '2026-01-01T00:00' });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toMatch(/id="e-f-fromDate">[^<]*开始时间不能晚于结束时间/);
    const future = await page(admin, 'GET /admin/audit', undefined, { communityId: 'yuyue', from: '2099-01-01T00:00' });
    expect(future.status).toBe(200);
    expect(future.text).toContain('这段时间没有记录');
    // An instant with its offset, as GET /audit takes it, is shown in the community's local time.
    const asApi = await page(admin, 'GET /admin/audit', undefined, { communityId: 'yuyue', from: '2026-01-01T00:00:00Z' });
    expect(asApi.text).toContain('value="2026-01-01"');
    expect(asApi.text).toContain('value="08:00"');
  });

  it('takes a date and a time as people type them, each in its own field, never 2026-12-01T08:00', async () => {
    const typed = await page(admin, 'GET /admin/audit', undefined, { communityId: 'yuyue', fromDate: '2026/1/1', fromTime: '8点', toDate: '2099年1月1日', toTime: '' });
    expect(typed.status).toBe(200);
    expect(typed.text).toMatch(/id="f-fromDate"[^>]*type="date"|type="date"[^>]*id="f-fromDate"/);
    expect(typed.text).toContain('value="2026-01-01"');
    expect(typed.text.replace(/<[^>]+>/g, ' ')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // A misspelt date is refused at its field, with nothing listed.
    const wrong = await page(admin, 'GET /admin/audit', undefined, { fromDate: '2026-13-45' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="f-fromDate"[^>]*aria-invalid="true"/);
  });

  it('links a later page back to the newest entries with its filter kept and its cursor dropped', async () => {
    const asked = { communityId: 'yuyue', fromDate: '2026-01-01', fromTime: '00:00' };
    const first = await invoke(listAudit, { routeKey: 'GET /audit', admin: true, query: { communityId: 'yuyue', from: '2026-01-01T00:00:00+08:00', limit: '1' } });
    const cursor = first.json.next as string;
    expect(cursor).toBeDefined();
    const later = await page(admin, 'GET /admin/audit', undefined, { ...asked, cursor });
    expect(later.status).toBe(200);
    const link = (text: string) => /<a href="([^"]+)">回到最新<\/a>/.exec(text)?.[1]?.replace(/&amp;/g, '&');
    expect(link(later.text)).toBe(`/admin/audit?${new URLSearchParams(asked).toString()}`);
    // The newest page itself has no way back to it.
    expect(link((await page(admin, 'GET /admin/audit', undefined, asked)).text)).toBeUndefined();
  });

  it('refuses a date or a time that does not exist at its field, 400 and never 5xx, never as another day', async () => {
    for (const [fromDate, fromTime, field] of [
      ['2026-13-45', '99:99', 'fromDate'],
      ['2026-02-30', '08:00', 'fromDate'],
      ['2026-02-01', '24:30', 'fromTime'],
    ] as const) {
      const refused = await page(admin, 'GET /admin/audit', undefined, { fromDate, fromTime });
      expect(refused.status, fromDate).toBe(400);
      expect(refused.text).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
      expect(refused.text).toContain(`value="${field === 'fromDate' ? fromDate : fromTime}"`);
    }
    const to = await page(admin, 'GET /admin/audit', undefined, { communityId: 'yuyue', toDate: '2026-02-29', toTime: '08:00' });
    expect(to.status).toBe(400);
    expect(to.text).toMatch(/id="f-toDate"[^>]*aria-invalid="true"/);
  });
});

describe('the operator keys page', () => {
  it("is the county admin's: an operator's pass gets 403 on the page and on its forms", async () => {
    expect((await page(operator, 'GET /admin/operator-keys')).status).toBe(403);
    expect((await post(operator, 'POST /admin/operator-keys', [['name', '冒名'], ['communityIds', 'beimen']])).status).toBe(403);
    expect((await page(operator, 'GET /admin')).text).not.toContain('href="/admin/operator-keys"');
    expect((await page(admin, 'GET /admin')).text).toContain('href="/admin/operator-keys"');
  });

  it("refuses an operator's pass revoking a key (403), and the key still opens the console", async () => {
    const key = await operatorKey('北门值班', ['beimen']);
    const keyId = key.slice(3, 19);
    const refused = await post(operator, 'POST /admin/operator-keys/{keyId}/revoke', [], { keyId });
    expect(refused.status).toBe(403);
    expect(await signIn(key)).toBeDefined();
    expect((await page(admin, 'GET /admin/operator-keys')).text).toContain(`data-key-id="${keyId}"`);
    expect((await trail({})).filter((entry) => entry.operatorKey?.keyId === keyId).map((entry) => entry.action)).toEqual(['operator-key.created']);
  });

  it('refuses a form at its fields, issues a key shown once on a no-store page and in no URL, and revokes it at once', async () => {
    const refused = await post(admin, 'POST /admin/operator-keys', [['keyId', newOperatorKeyId()], ['name', '']]);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="f-name"[^>]*aria-invalid="true"/);
    expect(refused.text).toMatch(/id="e-f-name">必填</);
    expect(refused.text).toMatch(/id="e-f-communityIds">请至少选一项</);
    // Only a crafted form names a community twice (the page has one checkbox each): said as that.
    const twice = await post(admin, 'POST /admin/operator-keys', [['keyId', newOperatorKeyId()], ['name', '北门社区书记'], ['communityIds', 'beimen'], ['communityIds', 'beimen']]);
    expect(twice.status).toBe(400);
    expect(twice.text).toMatch(/id="e-f-communityIds">同一社区只能选一次/);

    const issued = await post(admin, 'POST /admin/operator-keys', [['keyId', newOperatorKeyId()], ['name', '北门社区书记'], ['communityIds', 'beimen']]);
    expect(issued.status).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.headers.location).toBeUndefined();
    const key = /<output id="new-key-value"[^>]*>(op_[0-9a-f]{16}_[A-Za-z0-9_-]{43})<\/output>/.exec(issued.text)?.[1];
    expect(key).toBeDefined();
    expect(issued.text.split(key!).length - 1).toBe(1);
    const keyId = key!.slice(3, 19);
    expect(issued.text).toContain(`data-key-id="${keyId}"`);
    // Listed with who issued it; never the key again.
    const listed = await page(admin, 'GET /admin/operator-keys');
    expect(listed.text).not.toContain(key!);
    expect(/<tr data-key-id="[0-9a-f]{16}">[\s\S]*?<\/tr>/.exec(listed.text.slice(listed.text.indexOf(`data-key-id="${keyId}"`) - 20))![0]).toContain('县管理员');

    const holder = await signIn(key!);
    expect(holder).toBeDefined();
    const revoked = await post(admin, 'POST /admin/operator-keys/{keyId}/revoke', [], { keyId });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.location).toBe('/admin/operator-keys?saved=revoked');
    expect(await signIn(key!)).toBeUndefined();
    // The pass it gave is refused at its next request.
    expect((await page(holder!, 'GET /admin')).text).toContain('action="/admin/sign-in"');
    expect((await post(admin, 'POST /admin/operator-keys/{keyId}/revoke', [], { keyId })).status).toBe(404);
    expect((await trail({})).map((entry) => entry.action)).toEqual(expect.arrayContaining(['operator-key.created', 'operator-key.revoked']));
  });
});

describe('a key form sent twice', () => {
  it('issues one key: the second is a 409 page naming the key to revoke, with no second key, entry or secret shown', async () => {
    const keyId = newOperatorKeyId();
    const form: [string, string][] = [['keyId', keyId], ['name', '南门社区书记'], ['communityIds', 'beimen']];
    const first = await post(admin, 'POST /admin/operator-keys', form);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`op_${keyId}_`);
    const again = await post(admin, 'POST /admin/operator-keys', form);
    expect(again.status).toBe(409);
    expect(again.text).toContain(`撤销 ${keyId}`);
    expect(again.text).not.toMatch(/op_[0-9a-f]{16}_/);
    // The page's next form names a new key.
    expect(/name="keyId" value="([0-9a-f]{16})"/.exec(again.text)?.[1]).not.toBe(keyId);
    expect((await trail({})).filter((entry) => entry.operatorKey?.keyId === keyId).map((entry) => entry.action)).toEqual(['operator-key.created']);
  });

  it('refuses a form that names no key id (400), issuing nothing', async () => {
    const before = (await trail({})).length;
    const refused = await post(admin, 'POST /admin/operator-keys', [['name', '无编号'], ['communityIds', 'beimen']]);
    expect(refused.status).toBe(400);
    expect((await trail({})).length).toBe(before);
  });
});

describe('new communities and checkpoints', () => {
  it("are refused to an operator's pass for a community, and for another community's checkpoint", async () => {
    expect((await page(operator, 'GET /admin/new-community')).status).toBe(403);
    expect((await post(operator, 'POST /admin/communities', newCommunityForm('nanmen', '南门社区'))).status).toBe(403);
    expect((await page(operator, 'GET /admin/communities/{communityId}/new-checkpoint', { communityId: 'beimen' })).status).toBe(403);
    expect((await post(operator, 'POST /admin/communities/{communityId}/checkpoints', newCheckpointForm('beimen-9', '九号门'), { communityId: 'beimen' })).status).toBe(403);
    expect((await communityNames()).map((c) => c.communityId)).not.toContain('nanmen');
    expect((await stored('beimen-9')).status).toBe(404);
  });

  it('creates a community from its form and an id, and refuses an id taken at its field with nothing overwritten', async () => {
    const bad = await post(admin, 'POST /admin/communities', newCommunityForm('nan men', ''));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-communityId"[^>]*aria-invalid="true"/);
    expect(bad.text).toMatch(/id="f-name"[^>]*aria-invalid="true"/);
    const empty = await post(admin, 'POST /admin/communities', newCommunityForm('', '南门社区'));
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(/id="e-f-communityId">必填</);

    const created = await post(admin, 'POST /admin/communities', newCommunityForm('nanmen', '南门社区'));
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/admin/communities/nanmen?saved=created');
    expect((await page(admin, 'GET /admin/communities/{communityId}', { communityId: 'nanmen' }, { saved: 'created' })).text).toContain('已创建');
    expect((await trail({ communityId: 'nanmen' })).map((entry) => entry.action)).toEqual(['community.created']);

    const taken = await post(admin, 'POST /admin/communities', newCommunityForm('yuyue', '冒名社区'));
    expect(taken.status).toBe(409);
    expect(taken.text).toMatch(/id="e-f-communityId">[^<]*此编号已被占用/);
    expect(taken.text).toContain('value="冒名社区"');
    expect((await communityNames()).find((c) => c.communityId === 'yuyue')!.name).toBe('鱼岳社区');
  });

  it("creates a checkpoint as its community's operator, offers its gate sheet, and refuses an id taken anywhere", async () => {
    const form = await page(operator, 'GET /admin/communities/{communityId}/new-checkpoint', { communityId: 'yuyue' });
    expect(form.status).toBe(200);
    expect(form.text).toContain('action="/admin/communities/yuyue/checkpoints"');

    const wrong = await post(operator, 'POST /admin/communities/{communityId}/checkpoints', [...newCheckpointForm('yuyue-9', '九号门').filter(([name]) => name !== 'contacts.0.mobile'), ['contacts.0.mobile', '123']], { communityId: 'yuyue' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="f-contacts-0-mobile"[^>]*aria-invalid="true"/);
    expect((await stored('yuyue-9')).status).toBe(404);

    const created = await post(operator, 'POST /admin/communities/{communityId}/checkpoints', newCheckpointForm('yuyue-9', '九号门'), { communityId: 'yuyue' });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/admin/checkpoints/yuyue-9?saved=created');
    const shown = await page(operator, 'GET /admin/checkpoints/{checkpointId}', { checkpointId: 'yuyue-9' }, { saved: 'created' });
    expect(shown.text).toContain('href="/admin/communities/yuyue/sheet?checkpointId=yuyue-9"');
    expect((await stored('yuyue-9')).json).toMatchObject({ name: '九号门', communityId: 'yuyue', active: true, schedule: { every: 'PT2H' }, grace: 'PT15M' });
    expect((await trail({ communityId: 'yuyue' })).filter((entry) => entry.action === 'checkpoint.created' && entry.checkpointId === 'yuyue-9')).toHaveLength(1);

    // Another community's checkpoint id is taken too: a checkpoint id is the county's.
    const taken = await post(operator, 'POST /admin/communities/{communityId}/checkpoints', newCheckpointForm('beimen-1', '冒名卡点'), { communityId: 'yuyue' });
    expect(taken.status).toBe(409);
    expect(taken.text).toMatch(/id="e-f-checkpointId">[^<]*此编号已被占用/);
    expect((await stored('beimen-1')).json).toMatchObject({ communityId: 'beimen', name: 'beimen-1 卡点' });
  });

  it('refuses a closure at a date or a time that does not exist at its field, 400 and nothing created', async () => {
    for (const [i, from] of ['2026-13-45T99:99', '2026-02-30T08:00', '2026-02-01T24:30'].entries()) {
      const form: [string, string][] = [...newCheckpointForm(`yuyue-shut-${i}`, '闭卡门'), ['closures.0.kind', 'once'], ['closures.0.from', from], ['closures.0.to', '2026-03-05T08:00']];
      const refused = await post(admin, 'POST /admin/communities/{communityId}/checkpoints', form, { communityId: 'yuyue' });
      expect(refused.status, from).toBe(400);
      expect(refused.text).toMatch(/id="f-closures-0-from"[^>]*aria-invalid="true"/);
      expect((await stored(`yuyue-shut-${i}`)).status).toBe(404);
    }
  });

  // Whether these posts overlap on DynamoDB Local is up to the timing: a post that comes after the
  // create sees the checkpoint and is refused by createOnly before it writes. The moment of the race
  // itself — read nothing, then lose the create — is held still in test/domain/creation.test.ts.
  it('creates a checkpoint once when two forms with its id are posted at once: the other is told the id is taken', async () => {
    const answers = await Promise.all(
      ['甲', '乙', '丙'].map((name) => post(admin, 'POST /admin/communities/{communityId}/checkpoints', newCheckpointForm('yuyue-race', `${name}门`), { communityId: 'yuyue' })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409, 409]);
    const winner = ['甲', '乙', '丙'][answers.findIndex((answer) => answer.status === 303)];
    expect((await stored('yuyue-race')).json.name).toBe(`${winner}门`);
    expect((await trail({ communityId: 'yuyue' })).filter((entry) => entry.checkpointId === 'yuyue-race')).toHaveLength(1);
  });
});

describe('a pause with a reason', () => {
  it('pauses with a reason shown on the checkpoint and the community, refuses a reason too long at its field, and resuming ends it', async () => {
    await registerCheckpoint('yuyue-pause', { communityId: 'yuyue' });
    const entriesOfIt = async () => (await trail({ communityId: 'yuyue' })).filter((entry) => entry.checkpointId === 'yuyue-pause');
    expect(await entriesOfIt()).toHaveLength(1);
    const tooLong = await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'false'], ['pausedReason', '长'.repeat(201)]], { checkpointId: 'yuyue-pause' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toMatch(/id="f-pausedReason"[^>]*aria-invalid="true"/);
    expect((await stored('yuyue-pause')).json.active).toBe(true);
    // Refused, nothing written: no entry either (the one there is its registration's).
    expect((await entriesOfIt()).map((entry) => entry.action)).toEqual(['checkpoint.created']);

    const paused = await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'false'], ['pausedReason', '小区解封，卡口撤除']], { checkpointId: 'yuyue-pause' });
    expect(paused.headers.location).toBe('/admin/checkpoints/yuyue-pause?saved=paused');
    expect((await stored('yuyue-pause')).json).toMatchObject({ active: false, pausedReason: '小区解封，卡口撤除' });
    expect((await page(operator, 'GET /admin/checkpoints/{checkpointId}', { checkpointId: 'yuyue-pause' })).text).toMatch(/id="paused-reason">原因: 小区解封，卡口撤除/);
    const list = (await page(operator, 'GET /admin/communities/{communityId}', { communityId: 'yuyue' })).text;
    expect(/<tr><td data-label="名称"><a href="\/admin\/checkpoints\/yuyue-pause">[\s\S]*?<\/tr>/.exec(list)![0]).toContain('小区解封，卡口撤除');

    await post(operator, 'POST /admin/checkpoints/{checkpointId}/active', [['active', 'true']], { checkpointId: 'yuyue-pause' });
    expect((await stored('yuyue-pause')).json.pausedReason).toBeUndefined();
  });
});
