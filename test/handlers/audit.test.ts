/**
 * The audit trail, through the real handlers on DynamoDB Local: each kind of change appears once with
 * who made it (the admin, an operator key by its name, the holder of a signed link); a write that
 * fails — its condition, or DynamoDB itself — leaves no entry, and a PUT that changes nothing writes
 * none; no secret reaches an entry; GET /audit narrows by time and community and pages; an operator key
 * sees its own communities' entries only.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { checkpointStore, type CheckpointStore } from '../../functions/adapters/store';
import { dynamoTable } from '../../functions/adapters/table';
import type { AuditEntry } from '../../functions/domain/audit';
import { signLink } from '../../functions/domain/links';
import { putCheckpoint as putCheckpointUseCase } from '../../functions/domain/registry';
import { chatAddress } from '../../functions/domain/escalation/recipients';
import { handler as ackEscalation } from '../../functions/handlers/ack-escalation';
import { handler as ackLink } from '../../functions/handlers/ack-link';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { handler as deleteOperatorKey } from '../../functions/handlers/delete-operator-key';
import { handler as importCheckpoints } from '../../functions/handlers/import-checkpoints';
import { handler as listAudit } from '../../functions/handlers/list-audit';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { handler as rotateToken } from '../../functions/handlers/rotate-token';
import { linkKeys } from '../../functions/runtime/admin-key';
import { makeWorld } from '../helpers/escalation';
import { invoke, type Answer, type EventInput } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

type Handler = Parameters<typeof invoke>[0];

const ROBOT_KEY = 'robot-key-d2b5c0e1';
const NEW_ROBOT_KEY = 'robot-key-7f3a9e44';
const DING_SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const NEW_DING_SECRET = 'SECffeeddccbbaa99887766554433221100';
const wecom = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;
const DING_URL = 'https://oapi.dingtalk.com/robot/send?access_token=ding-token-5e6f';

let store: CheckpointStore;
let auditItems: () => Promise<Record<string, unknown>[]>;
let operator: { keyId: string; key: string };
let formToken = '';
/** Escalations of three worlds: acknowledged by an operator key, from a mail link, from a group's link. */
let escalations: { byOperator: { id: string; communityId: string }; byMail: { id: string; communityId: string }; byGroup: { id: string; communityId: string } };

const as = (key: string | undefined, handler: Handler, input: EventInput) => invoke(handler, { ...input, ...(key ? { token: key } : { admin: true }) });
const ok = (answer: Answer) => {
  expect(answer.status, answer.text.slice(0, 500)).toBeLessThan(300);
  return answer;
};
const community = (contacts = [{ name: '书记', email: 'sec@example.org', role: 'secretary' }], channels?: unknown[]) => ({ name: '东门社区', timezone: 'Asia/Shanghai', contacts, ...(channels && { channels }) });
const checkpoint = (overrides: Record<string, unknown> = {}) => ({
  name: '东门卡点',
  communityId: 'dongmen',
  schedule: { every: 'PT2H' },
  contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }],
  ...overrides,
});
const putCommunityAs = (key: string | undefined, communityId: string, body: unknown) => as(key, putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId }, body });
const putCheckpointAs = (key: string | undefined, checkpointId: string, body: unknown) => as(key, putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId }, body });
const audit = async (query: Record<string, string> = {}, key?: string): Promise<Answer> => as(key, listAudit, { routeKey: 'GET /audit', query });
const entriesOf = async (query: Record<string, string> = {}, key?: string): Promise<AuditEntry[]> => ok(await audit({ limit: '1000', ...query }, key)).json.items;

/** An entry as a line: who, what, about which checkpoint, and what changed. */
const line = (entry: AuditEntry) => {
  const who = entry.actor.kind === 'admin' ? 'admin' : `${entry.actor.kind}:${entry.actor.name}`;
  return [who, entry.action, entry.checkpointId, entry.changed?.join('+')].filter(Boolean).join(' ');
};

beforeAll(async () => {
  const { client, tableName } = await useFreshTable();
  store = checkpointStore(dynamoTable(documentClient(), tableName));
  auditItems = async () => ((await client.send(new ScanCommand({ TableName: tableName }))).Items ?? []).map((item) => unmarshall(item)).filter((item) => String(item.pk).startsWith('AUDIT'));
  // The escalations first, one world after another: a world's sweep must see only its own checkpoint.
  const opened: { id: string; communityId: string }[] = [];
  for (const world of [makeWorld(), makeWorld(), makeWorld()]) opened.push({ id: await world.openEscalation(), communityId: `co-${world.id}` });
  const [byOperator, byMail, byGroup] = opened;
  escalations = { byOperator: byOperator!, byMail: byMail!, byGroup: byGroup! };
});

describe('each kind of change, once, with its actor', () => {
  it('records PUTs, pauses, closures, rotations and an import in the community, each once; a PUT that changes nothing records nothing', async () => {
    ok(await putCommunityAs(undefined, 'dongmen', community()));
    const issued = ok(await as(undefined, createOperatorKey, { routeKey: 'POST /operator-keys', body: { name: '东门书记', communityIds: ['dongmen', escalations.byOperator.communityId] } }));
    operator = issued.json;
    ok(await putCommunityAs(operator.key, 'dongmen', community([{ name: '新书记', email: 'new-sec@example.org', role: 'secretary' }])));
    formToken = ok(await putCheckpointAs(operator.key, 'dm-1', checkpoint())).json.formToken;
    ok(await putCheckpointAs(operator.key, 'dm-1', checkpoint({ schedule: { every: 'PT4H' }, contacts: [{ name: '新组长', email: 'leader2@example.org', role: 'leader' }] })));
    const registered = { schedule: { every: 'PT4H' }, contacts: [{ name: '新组长', email: 'leader2@example.org', role: 'leader' }] };
    ok(await putCheckpointAs(operator.key, 'dm-1', checkpoint({ ...registered, active: false })));
    ok(await putCheckpointAs(operator.key, 'dm-1', checkpoint({ ...registered, active: true })));
    const closed = checkpoint({ ...registered, closures: [{ daily: { from: '22:00', to: '06:00' } }] });
    ok(await putCheckpointAs(undefined, 'dm-1', closed));
    // Again, as it is: an idempotent re-PUT.
    ok(await putCheckpointAs(undefined, 'dm-1', closed));
    ok(await putCommunityAs(operator.key, 'dongmen', community([{ name: '新书记', email: 'new-sec@example.org', role: 'secretary' }])));
    ok(await as(operator.key, rotateToken, { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: { checkpointId: 'dm-1' } }));
    const csv = `卡点编号 checkpointId,社区编号 communityId,卡点名称 name,报告周期 schedule,组长姓名 leaderName,组长手机 leaderMobile\r\ndm-2,dongmen,二号卡点,PT2H,组长,13800138000\r\ndm-3,dongmen,三号卡点,PT2H,组长,13800138001\r\n`;
    const sendImport = () => as(operator.key, importCheckpoints, { routeKey: 'POST /imports/checkpoints', query: { dryRun: 'false' }, rawBody: csv, base64: true, headers: { 'content-type': 'text/csv' } });
    expect(ok(await sendImport()).json).toMatchObject({ created: 2, applied: true });
    // The same file again: all unchanged, nothing written, nothing recorded.
    expect(ok(await sendImport()).json).toMatchObject({ unchanged: 2, applied: true });

    const entries = await entriesOf({ communityId: 'dongmen' });
    const by = `operator:东门书记`;
    expect(entries.map(line).sort()).toEqual(
      [
        'admin community.created',
        `${by} community.replaced contacts`,
        `${by} checkpoint.created dm-1`,
        `${by} checkpoint.replaced dm-1 schedule+contacts`,
        `${by} checkpoint.replaced dm-1 active`,
        `${by} checkpoint.replaced dm-1 active`,
        'admin checkpoint.replaced dm-1 closures',
        `${by} checkpoint.token-rotated dm-1`,
        `${by} checkpoint.created dm-2`,
        `${by} checkpoint.created dm-3`,
        `${by} checkpoints.imported`,
      ].sort(),
    );
    // Newest first.
    expect(entries.map((entry) => entry.at)).toEqual(entries.map((entry) => entry.at).sort().reverse());
    // An operator key by its id and name: never its communities, never the key.
    const operatorEntry = entries.find((entry) => entry.actor.kind === 'operator')!;
    expect(operatorEntry.actor).toEqual({ kind: 'operator', keyId: operator.keyId, name: '东门书记' });
    // The import: one entry with its counts, and each row's entry naming it.
    const imported = entries.filter((entry) => entry.importId);
    const summary = imported.find((entry) => entry.action === 'checkpoints.imported')!;
    expect(summary).toMatchObject({ communityId: 'dongmen', counts: { rows: 2, created: 2, updated: 0, unchanged: 0 } });
    expect(imported.map((entry) => entry.importId)).toEqual([summary.importId, summary.importId, summary.importId]);
  });

  it('records acknowledgements by an operator key, from a mail link and from a group link, each once', async () => {
    const keys = await linkKeys();
    ok(await as(operator.key, ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: { escalationId: escalations.byOperator.id } }));
    // Acknowledged already: the second changes nothing and records nothing.
    ok(await as(undefined, ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: { escalationId: escalations.byOperator.id } }));
    const link = (escalationId: string, recipient: string) => {
      const signed = signLink(keys, 'ack', escalationId, recipient, new Date());
      return { r: signed.r, exp: String(signed.exp), kid: signed.kid, sig: signed.sig };
    };
    ok(await invoke(ackLink, { routeKey: 'POST /ack/{escalationId}', pathParameters: { escalationId: escalations.byMail.id }, body: link(escalations.byMail.id, 'leader@example.org') }));
    const group = chatAddress('community', escalations.byGroup.communityId, 'zhihui');
    ok(await invoke(ackLink, { routeKey: 'POST /ack/{escalationId}', pathParameters: { escalationId: escalations.byGroup.id }, body: { ...link(escalations.byGroup.id, group), by: '值班组长王五' } }));

    const [byOperator, byMail, byGroup] = await Promise.all(
      [escalations.byOperator, escalations.byMail, escalations.byGroup].map(async ({ communityId }) => (await entriesOf({ communityId })).filter((entry) => entry.escalationId)),
    );
    const who = (entries: AuditEntry[]) => entries.map((entry) => `${line({ ...entry, checkpointId: undefined })}${entry.via ? ` via ${entry.via}` : ''}`);
    expect(who(byOperator!)).toEqual(['operator:东门书记 escalation.acknowledged']);
    expect(byOperator![0]).toMatchObject({ escalationId: escalations.byOperator.id, communityId: escalations.byOperator.communityId, checkpointId: expect.stringMatching(/^cp-/) });
    expect(who(byMail!)).toEqual(['link:leader@example.org escalation.acknowledged']);
    // From a group's link: the person who said who they are, via the group (its channel id: no such channel is registered).
    expect(who(byGroup!)).toEqual(['link:值班组长王五 escalation.acknowledged via zhihui']);
  });

  it("records operator keys issued and revoked in the county's trail, never the key", async () => {
    const issued = ok(await as(undefined, createOperatorKey, { routeKey: 'POST /operator-keys', body: { name: '临时书记', communityIds: ['dongmen'] } })).json;
    expect((await as(undefined, deleteOperatorKey, { routeKey: 'DELETE /operator-keys/{keyId}', pathParameters: { keyId: issued.keyId } })).status).toBe(204);
    const county = (await entriesOf()).filter((entry) => entry.operatorKey?.keyId === issued.keyId);
    expect(county.map(line)).toEqual(['admin operator-key.revoked', 'admin operator-key.created']);
    expect(county[0]!.operatorKey).toEqual({ keyId: issued.keyId, name: '临时书记', communityIds: ['dongmen'], createdAt: issued.createdAt });
    expect(county[0]!.communityId).toBeUndefined();
    // Not a community's: an operator of dongmen does not see it.
    expect((await entriesOf({}, operator.key)).some((entry) => entry.operatorKey)).toBe(false);
  });
});

describe('a write that fails leaves no entry', () => {
  it('records nothing for a revocation of a key that does not exist (its conditional delete fails)', async () => {
    const before = (await auditItems()).length;
    expect((await as(undefined, deleteOperatorKey, { routeKey: 'DELETE /operator-keys/{keyId}', pathParameters: { keyId: '00000000000000ff' } })).status).toBe(404);
    expect((await auditItems()).length).toBe(before);
  });

  it('records only the attempt that was written when a concurrent edit fails the first (the version moved)', async () => {
    ok(await putCheckpointAs(undefined, 'dm-race', checkpoint({ name: '竞争卡点' })));
    let interfered = false;
    // Another writer renames the checkpoint between this PUT's read and its write.
    const racing: CheckpointStore = Object.assign(Object.create(store) as CheckpointStore, {
      saveCheckpoint: async (...args: Parameters<CheckpointStore['saveCheckpoint']>) => {
        if (!interfered) {
          interfered = true;
          const current = (await store.checkpoint('dm-race'))!;
          expect(await store.saveCheckpoint({ ...current, name: '别人改的名字', version: current.version + 1 }, current.version)).toBe(true);
        }
        return store.saveCheckpoint(...args);
      },
    });
    const at = new Date();
    // The body as the contract hands it over, its defaults filled in.
    const body = checkpoint({ name: '竞争卡点', schedule: { every: 'PT1H' }, grace: 'PT15M', active: true }) as Parameters<typeof putCheckpointUseCase>[1]['body'];
    await putCheckpointUseCase(racing, { checkpointId: 'dm-race', body, now: at, keys: linkKeys, actor: { kind: 'admin' } });
    const entries = (await entriesOf({ communityId: 'dongmen' })).filter((entry) => entry.checkpointId === 'dm-race' && entry.at === at.toISOString());
    // The lost attempt's entry (schedule only) was never written; the written one is the diff from what it read.
    expect(entries.map(line)).toEqual(['admin checkpoint.replaced dm-race name+schedule']);
  });

  it('answers 503 and records nothing when DynamoDB fails the transaction', async () => {
    const client = documentClient();
    const before = (await auditItems()).length;
    const failing = 'audit-test-unavailable';
    client.middlewareStack.add(
      (next) => async (args) => {
        if ('TransactItems' in (args.input as object)) throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
        return next(args);
      },
      { step: 'initialize', name: failing },
    );
    try {
      const refused = await putCheckpointAs(undefined, 'dm-1', checkpoint({ name: '改不成的名字' }));
      expect(refused.status, refused.text).toBe(503);
    } finally {
      client.middlewareStack.remove(failing);
    }
    expect((await auditItems()).length).toBe(before);
    expect((await store.checkpoint('dm-1'))!.name).toBe('东门卡点');
  });
});

describe('secrets', () => {
  it("names a channel's URL and secret when they change, and never holds them, a form token or an operator key", async () => {
    const channels = (key: string, secret: string) => [
      { id: 'zhihui', kind: 'wecom', name: '指挥部群', url: wecom(key) },
      { id: 'ding', kind: 'dingtalk', url: DING_URL, secret },
    ];
    ok(await putCommunityAs(undefined, 'ximen', community(undefined, channels(ROBOT_KEY, DING_SECRET))));
    ok(await putCommunityAs(undefined, 'ximen', community(undefined, channels(NEW_ROBOT_KEY, NEW_DING_SECRET))));
    // Without url, the stored credentials are kept: nothing changed.
    ok(await putCommunityAs(undefined, 'ximen', community(undefined, [{ id: 'zhihui', kind: 'wecom', name: '指挥部群' }, { id: 'ding', kind: 'dingtalk' }])));
    const entries = await entriesOf({ communityId: 'ximen' });
    expect(entries.map(line)).toEqual(['admin community.replaced channels.ding.secret+channels.zhihui.url', 'admin community.created']);

    const stored = JSON.stringify(await auditItems());
    for (const secret of [ROBOT_KEY, NEW_ROBOT_KEY, DING_SECRET, NEW_DING_SECRET, 'ding-token-5e6f', formToken, operator.key, operator.key.slice(20)]) {
      expect(stored).not.toContain(secret);
    }
    expect((await audit({ communityId: 'ximen' })).text).not.toContain(NEW_ROBOT_KEY);
  });
});

describe('GET /audit', () => {
  it('narrows to [from, to], both kept', async () => {
    const all = await entriesOf({ communityId: 'dongmen' });
    const [newest, , third] = all;
    const between = await entriesOf({ communityId: 'dongmen', from: third!.at, to: newest!.at });
    expect(between.map((entry) => entry.auditId)).toEqual(all.filter((entry) => entry.at >= third!.at && entry.at <= newest!.at).map((entry) => entry.auditId));
    expect(between.length).toBeGreaterThanOrEqual(3);
    expect(await entriesOf({ communityId: 'dongmen', to: '2020-01-01T00:00:00Z' })).toEqual([]);
    const empty = await audit({ from: newest!.at, to: third!.at });
    expect(empty.status).toBe(400);
    expect(empty.json.error.issues).toEqual([{ path: 'from', message: 'from must not be after to' }]);
  });

  it('pages the county, and one community, each entry once, newest first', async () => {
    for (const query of [{}, { communityId: 'dongmen' }] as Record<string, string>[]) {
      const whole = await entriesOf(query);
      const paged: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = ok(await audit({ ...query, limit: '3', ...(cursor && { cursor }) }));
        expect(page.json.items.length).toBeLessThanOrEqual(3);
        paged.push(...page.json.items);
        cursor = page.json.next;
      } while (cursor);
      expect(paged.map((entry) => entry.auditId)).toEqual(whole.map((entry) => entry.auditId));
    }
    // A position after the range asked for (in a cursor of the list's own), and a cursor of the county's list on a community's.
    const county = ok(await audit({ limit: '1' })).json.next as string;
    const own = JSON.parse(Buffer.from(ok(await audit({ communityId: 'dongmen', limit: '1' })).json.next, 'base64url').toString('utf8'));
    const outside = Buffer.from(JSON.stringify({ ...own, p: ['2099-01-01T00:00:00.000Z#00000000-0000-0000-0000-000000000000'] })).toString('base64url');
    for (const refused of [await audit({ communityId: 'dongmen', to: '2098-01-01T00:00:00Z', cursor: outside }), await audit({ communityId: 'dongmen', cursor: county })]) {
      expect(refused.status).toBe(400);
      expect(refused.json.error.issues).toEqual([{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);
    }
  });
});

describe('an operator key', () => {
  it("sees its communities' entries only, newest first across them, and is refused another's", async () => {
    const mine = new Set(['dongmen', escalations.byOperator.communityId]);
    const seen = await entriesOf({}, operator.key);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((entry) => mine.has(entry.communityId!))).toBe(true);
    expect(new Set(seen.map((entry) => entry.communityId))).toEqual(mine);
    expect(seen.map((entry) => entry.at)).toEqual(seen.map((entry) => entry.at).sort().reverse());
    // Paged across its two communities as one list.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(await audit({ limit: '2', ...(cursor && { cursor }) }, operator.key));
      paged.push(...page.json.items.map((entry: AuditEntry) => entry.auditId));
      cursor = page.json.next;
    } while (cursor);
    expect(paged).toEqual(seen.map((entry) => entry.auditId));

    const other = await audit({ communityId: 'ximen' }, operator.key);
    expect(other.status).toBe(403);
    expect(other.json.error.message).toBe('community ximen is not in the communities of this operator key');
    expect(other.text).not.toContain('community.created');
  });

  it("is refused another list's cursor with 400 at the cursor: the admin's of one community, or its own of one community, on another's", async () => {
    const other = escalations.byOperator.communityId;
    const single = ok(await as(undefined, createOperatorKey, { routeKey: 'POST /operator-keys', body: { name: '单社区', communityIds: [other] } })).json as { key: string };
    const adminsDongmen = ok(await audit({ communityId: 'dongmen', limit: '1' })).json.next as string;
    const ownDongmen = ok(await audit({ communityId: 'dongmen', limit: '1' }, operator.key)).json.next as string;
    const ownBoth = ok(await audit({ limit: '1' }, operator.key)).json.next as string;
    for (const [what, refused] of [
      ["the admin's dongmen cursor, by a key of one other community", await audit({ cursor: adminsDongmen }, single.key)],
      ["the admin's dongmen cursor, on the admin's list of another community", await audit({ communityId: other, cursor: adminsDongmen })],
      ["a key's dongmen cursor, on its list of its other community", await audit({ communityId: other, cursor: ownDongmen }, operator.key)],
      ["a key's two-community cursor, by the admin on the county", await audit({ cursor: ownBoth })],
    ] as const) {
      expect(refused.status, what).toBe(400);
      expect(refused.json.error.issues, what).toEqual([{ path: 'cursor', message: 'pass back the next value of the previous page of this list' }]);
    }
    // The same list, whoever asks: one community's entries, paged on.
    expect((await audit({ communityId: 'dongmen', cursor: adminsDongmen }, operator.key)).status).toBe(200);
  });

  it('keeps entries a year: each carries its expiry', async () => {
    const items = await auditItems();
    for (const item of items) {
      const madeAt = Date.parse(String(item.at)) / 1000;
      expect(Number(item.expiresAt) - madeAt).toBeGreaterThanOrEqual(365 * 86_400);
      expect(Number(item.expiresAt) - madeAt).toBeLessThanOrEqual(366 * 86_400 + 1);
    }
    expect(items.length).toBeGreaterThan(10);
  });
});
