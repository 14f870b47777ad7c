/**
 * The server does what its OpenAPI document says. For every route of the route table: a request the
 * document calls valid and one it calls invalid (judged by ajv against the document alone), both sent
 * to the real handler on DynamoDB Local. The valid one gets a documented success status and a body the
 * documented schema accepts; the invalid one a 400 in the error contract. The cases leave out what JSON
 * Schema cannot say (a cron's meaning, a real zone, feverCases = feverCount): those are descriptions.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCheckpoints, XLSX_TYPE } from '../../functions/adapters/spreadsheet';
import { openApiDocument } from '../../functions/contract/openapi';
import { ackPurpose, signLink } from '../../functions/domain/links';
import { summaryFileUrl } from '../../functions/domain/summary-links';
import { COUNTY_ADMIN } from '../../functions/domain/operators';
import { CONSOLE_PASS, csrfTokenOf, passText, signPass } from '../../functions/domain/passes';
import { handler as ackEscalation } from '../../functions/handlers/ack-escalation';
import { handler as ackLink } from '../../functions/handlers/ack-link';
import { handler as ackPage } from '../../functions/handlers/ack-page';
import { handler as feverHandle } from '../../functions/handlers/fever-handle';
import { handler as feverPage } from '../../functions/handlers/fever-page';
import { acceptReading } from '../../functions/domain/readings';
import { boardLink, handler as board } from '../../functions/handlers/board';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as consolePages } from '../../functions/handlers/console';
import { handler as consoleAck } from '../../functions/handlers/console-ack';
import { handler as consoleFiles } from '../../functions/handlers/console-files';
import { handler as consoleImport } from '../../functions/handlers/console-import';
import { handler as consoleSave } from '../../functions/handlers/console-save';
import { handler as checkpointHistory } from '../../functions/handlers/checkpoint-history';
import { handler as communityHistory } from '../../functions/handlers/community-history';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { handler as deleteOperatorKey } from '../../functions/handlers/delete-operator-key';
import { handler as formPage } from '../../functions/handlers/form-page';
import { handler as formStatus } from '../../functions/handlers/form-status';
import { handler as gateSheet } from '../../functions/handlers/gate-sheet';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as getEscalation } from '../../functions/handlers/get-escalation';
import { handler as getSummary } from '../../functions/handlers/get-summary';
import { handler as summaryFileHandler } from '../../functions/handlers/summary-file';
import { handler as exportCheckpointsHandler } from '../../functions/handlers/export-checkpoints';
import { handler as importCheckpoints } from '../../functions/handlers/import-checkpoints';
import { handler as importTemplate } from '../../functions/handlers/import-template';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as listAudit } from '../../functions/handlers/list-audit';
import { handler as listCommunities } from '../../functions/handlers/list-communities';
import { handler as listEscalations } from '../../functions/handlers/list-escalations';
import { newOperatorKeyId } from '../../functions/domain/operators';
import { handler as listOperatorKeys } from '../../functions/handlers/list-operator-keys';
import { handler as listReadings } from '../../functions/handlers/list-readings';
import { handler as openapi } from '../../functions/handlers/openapi';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { handler as rotateToken } from '../../functions/handlers/rotate-token';
import { linkKeys } from '../../functions/runtime/admin-key';
import { routeList } from '../../functions/routes';
import { fakeContext } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { makeWorld, policy } from '../helpers/escalation';
import { httpEvent } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';
import { judgeOf, type Answer, type Call } from './judge';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const handlers: Record<string, Handler> = {
  'ack-escalation': ackEscalation,
  'ack-link': ackLink,
  'ack-page': ackPage,
  'fever-page': feverPage,
  'fever-handle': feverHandle,
  board,
  'build-summary': buildSummary,
  console: consolePages,
  'console-save': consoleSave,
  'console-ack': consoleAck,
  'console-import': consoleImport,
  'console-files': consoleFiles,
  'checkpoint-history': checkpointHistory,
  'community-history': communityHistory,
  'create-operator-key': createOperatorKey,
  'delete-operator-key': deleteOperatorKey,
  'form-page': formPage,
  'form-status': formStatus,
  'gate-sheet': gateSheet,
  'get-checkpoint': getCheckpoint,
  'get-escalation': getEscalation,
  'get-summary': getSummary,
  'summary-file': summaryFileHandler,
  'export-checkpoints': exportCheckpointsHandler,
  'import-checkpoints': importCheckpoints,
  'import-template': importTemplate,
  'list-audit': listAudit,
  'list-checkpoints': listCheckpoints,
  'list-communities': listCommunities,
  'list-escalations': listEscalations,
  'list-operator-keys': listOperatorKeys,
  'list-readings': listReadings,
  openapi,
  'post-reading': postReading,
  'put-checkpoint': putCheckpoint,
  'put-community': putCommunity,
  'rotate-token': rotateToken,
} as unknown as Record<string, Handler>;

/** What the cases need that only exists once the world is set up. */
interface World {
  formToken: string;
  openEscalation: string;
  closedEscalation: string;
  link: { r: string; exp: string; kid: string; sig: string };
  /** An open fever alert, and its handling link for the gate's leader. */
  fever: { alert: string; link: { r: string; exp: string; kid: string; sig: string } };
  /** The query of community ct's summary file link, for yesterday's summary. */
  summaryLink: Record<string, string>;
  boardPass: string;
  operatorKeyId: string;
  /** A checkpoint of community ct as an import file. */
  sheets: { csv: Buffer; xlsx: Buffer };
  /** The console's pass (the admin's) and its CSRF token; an escalation for it to acknowledge; an operator key for it to revoke. */
  console: { pass: string; csrf: string; escalation: string; keyId: string };
}

interface Case {
  valid: Call[];
  /** Requests the document calls invalid; none for a route that takes no input at all. */
  invalid: Call[];
  /** When the refusal is not a 400, and why. */
  refusal?: { status: number; why: string };
}

/** A console form as a browser posts it: urlencoded, its CSRF token among the fields. */
const consoleForm = (w: World, fields: Record<string, string>) => ({ type: 'application/x-www-form-urlencoded', bytes: Buffer.from(new URLSearchParams({ csrf: w.console.csrf, ...fields }).toString()) });
/** The console's upload: multipart, with the boundary send() names. */
const CONSOLE_BOUNDARY = 'cw-contract';
const consoleUpload = (w: World, action: string) => ({
  type: 'multipart/form-data',
  bytes: Buffer.concat([
    Buffer.from(
      [['csrf', w.console.csrf], ['action', action]].map(([name, value]) => `--${CONSOLE_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') +
        `--${CONSOLE_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="gates.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    w.sheets.csv,
    Buffer.from(`\r\n--${CONSOLE_BOUNDARY}--\r\n`),
  ]),
});

const reading = () => ({ submissionId: randomUUID(), officer: '张三', screened: 12, entries: 7, exits: 5, feverCount: 1, maxTempC: 37.9, feverCases: [{ tempC: 37.9, direction: 'in' }], staffOnDuty: 3 });
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const OWN_ORIGIN = 'https://api.test';

/** Keyed by route name (routeList), in the order they run: later cases read what earlier ones wrote. */
const cases = (w: World): Record<string, Case> => ({
  putCommunity: {
    valid: [{ credential: true, path: { communityId: 'ct-new' }, json: { name: '新社区', timezone: 'Europe/Berlin', contacts: [{ name: '书记', email: 'sec@example.org', role: 'secretary' }], escalation: policy([['leader', 'PT0S'], ['secretary', 'PT30M']]) } }],
    invalid: [{ credential: true, path: { communityId: 'ct-new' }, json: { name: '新社区', contacts: [{ name: '书记', email: 'sec@example.org', role: 'boss' }] } }],
  },
  listCommunities: {
    valid: [{ credential: true, query: { limit: '10' } }],
    invalid: [{ credential: true, query: { limit: '0' } }],
  },
  putCheckpoint: {
    valid: [
      {
        credential: true,
        path: { checkpointId: 'ct-new-gate' },
        json: {
          name: '新卡点',
          communityId: 'ct',
          schedule: { cron: '0 8,12,18 * * *' },
          grace: 'PT20M',
          contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }],
          shifts: [{ from: '22:00', to: '06:00', leader: { name: '夜班', email: 'night@example.org' } }],
        },
      },
    ],
    invalid: [
      { credential: true, path: { checkpointId: 'ct-new-gate' }, json: { name: '新卡点', communityId: 'ct', schedule: { every: 'two hours' }, contacts: [] } },
      { credential: true, path: { checkpointId: 'ct-new-gate' }, json: { name: '新卡点', communityId: 'ct', schedule: { cron: '*/10 * * * * *' }, contacts: [] } },
    ],
  },
  listCheckpoints: {
    valid: [{ credential: true, query: { communityId: 'ct', limit: '2' } }],
    invalid: [{ credential: true, query: { communityId: 'no such id!' } }],
  },
  getCheckpoint: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' } }],
    invalid: [{ credential: true, path: { checkpointId: 'x'.repeat(65) } }],
  },
  rotateToken: {
    valid: [{ credential: true, path: { checkpointId: 'ct-rot' } }],
    invalid: [{ credential: true, path: { checkpointId: '../ct-rot' } }],
  },
  postReading: {
    valid: [
      { credential: true, path: { checkpointId: 'ct-gate' }, json: reading() },
      { path: { checkpointId: 'ct-gate' }, form: { formToken: w.formToken, submissionId: randomUUID(), officer: '李四', screened: '3', entries: '2', exits: '1', feverCount: '1', 'feverCases[0].tempC': '38.1', 'feverCases[0].direction': 'out' } },
    ],
    invalid: [
      { credential: true, path: { checkpointId: 'ct-gate' }, json: { ...reading(), screened: -1 } },
      { path: { checkpointId: 'ct-gate' }, form: { formToken: w.formToken, submissionId: 'not-a-uuid', officer: '李四', screened: '3', entries: '2', exits: '1', feverCount: '0' } },
    ],
  },
  postReadingPreflight: {
    valid: [{ path: { checkpointId: 'ct-gate' }, headers: { origin: OWN_ORIGIN, 'access-control-request-method': 'POST' } }],
    invalid: [{ path: { checkpointId: 'ct-gate' }, headers: { 'access-control-request-method': 'POST' } }],
    refusal: { status: 403, why: 'a preflight without an Origin is refused as one from an origin not allowed; it never reads its path' },
  },
  listReadings: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' } }],
    invalid: [{ credential: true, path: { checkpointId: 'ct-gate' }, query: { from: 'yesterday' } }],
  },
  checkpointHistory: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' } }, { credential: true, path: { checkpointId: 'ct-gate' }, query: { days: '31' } }],
    invalid: [{ credential: true, path: { checkpointId: 'ct-gate' }, query: { days: '32' } }],
  },
  communityHistory: {
    valid: [{ credential: true, path: { communityId: 'ct' }, query: { days: '1' } }],
    invalid: [{ credential: true, path: { communityId: 'ct' }, query: { days: '0' } }],
  },
  listEscalations: {
    valid: [{ credential: true, query: { status: 'open' } }, { credential: true, query: { limit: '1000' } }],
    invalid: [{ credential: true, query: { status: 'closed' } }, { credential: true, query: { limit: '1001' } }],
  },
  getEscalation: {
    valid: [{ credential: true, path: { escalationId: w.closedEscalation } }],
    invalid: [{ credential: true, path: { escalationId: 'not-a-uuid' } }],
  },
  ackEscalation: {
    valid: [{ credential: true, path: { escalationId: w.openEscalation } }],
    invalid: [{ credential: true, path: { escalationId: 'not-a-uuid' } }],
  },
  ackPage: {
    valid: [{ path: { escalationId: w.openEscalation }, query: w.link }],
    invalid: [{ path: { escalationId: w.openEscalation }, query: { ...w.link, exp: 'tomorrow' } }],
  },
  ackPageHead: {
    valid: [{ path: { escalationId: w.openEscalation }, query: w.link }],
    invalid: [{ path: { escalationId: w.openEscalation }, query: { ...w.link, kid: '' } }],
  },
  feverPage: {
    valid: [{ path: { alertId: w.fever.alert }, query: w.fever.link }],
    invalid: [{ path: { alertId: w.fever.alert }, query: { ...w.fever.link, exp: 'tomorrow' } }],
  },
  feverPageHead: {
    valid: [{ path: { alertId: w.fever.alert }, query: w.fever.link }],
    invalid: [{ path: { alertId: w.fever.alert }, query: { ...w.fever.link, kid: '' } }],
  },
  feverHandle: {
    valid: [{ path: { alertId: w.fever.alert }, form: { ...w.fever.link, by: '王五', action: 'isolated' } }],
    invalid: [{ path: { alertId: w.fever.alert }, form: { r: w.fever.link.r, exp: w.fever.link.exp, kid: w.fever.link.kid, by: '王五', action: 'isolated' } }],
  },
  ackLink: {
    valid: [{ path: { escalationId: w.openEscalation }, form: w.link }],
    invalid: [{ path: { escalationId: w.openEscalation }, form: { r: w.link.r, exp: w.link.exp, kid: w.link.kid } }],
  },
  buildSummary: {
    valid: [{ credential: true, path: { date: YESTERDAY } }],
    invalid: [{ credential: true, path: { date: YESTERDAY }, query: { notify: 'yes' } }],
  },
  getSummary: {
    valid: [
      { credential: true, path: { date: YESTERDAY }, query: { communityId: 'ct' } },
      { credential: true, path: { date: YESTERDAY }, query: { format: 'csv' } },
      { credential: true, path: { date: YESTERDAY }, query: { format: 'xlsx' } },
    ],
    invalid: [{ credential: true, path: { date: YESTERDAY }, query: { format: 'xml' } }],
  },
  summaryFile: {
    valid: [{ path: { date: YESTERDAY }, query: w.summaryLink }, { path: { date: YESTERDAY }, query: { ...w.summaryLink, format: 'xlsx' } }],
    invalid: [{ path: { date: YESTERDAY }, query: { ...w.summaryLink, format: 'xml' } }],
  },
  importTemplate: {
    valid: [{ credential: true }, { credential: true, query: { format: 'csv' } }],
    invalid: [{ credential: true, query: { format: 'xls' } }],
  },
  importCheckpoints: {
    valid: [
      { credential: true, file: { type: 'text/csv', bytes: w.sheets.csv } },
      { credential: true, query: { dryRun: 'true' }, file: { type: XLSX_TYPE, bytes: w.sheets.xlsx } },
    ],
    invalid: [{ credential: true, query: { dryRun: 'yes' }, file: { type: 'text/csv', bytes: w.sheets.csv } }],
  },
  importFaultyCells: {
    valid: [{ credential: true, file: { type: 'text/csv', bytes: w.sheets.csv } }],
    invalid: [{ credential: true }],
  },
  exportCheckpoints: {
    valid: [{ credential: true, query: { communityId: 'ct' } }, { credential: true, query: { format: 'csv' } }],
    invalid: [{ credential: true, query: { format: 'ods' } }],
  },
  formWorker: { valid: [{}], invalid: [] },
  formPage: {
    valid: [{ path: { checkpointId: 'ct-gate' }, query: { t: w.formToken } }],
    invalid: [{ path: { checkpointId: 'ct gate' } }],
  },
  formManifest: {
    valid: [{ path: { checkpointId: 'ct-gate' } }],
    invalid: [{ path: { checkpointId: '-ct-gate' } }],
  },
  formDone: {
    valid: [{ path: { checkpointId: 'ct-gate' }, query: { at: new Date().toISOString(), replayed: '1' } }],
    invalid: [{ path: { checkpointId: 'ct-gate' }, query: { replayed: 'yes' } }],
  },
  formStatus: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' } }],
    invalid: [{ credential: true, path: { checkpointId: 'ct gate' } }],
    refusal: { status: 403, why: 'the token is checked before the path, and a token always names a valid id: to the server it is a token for another checkpoint' },
  },
  formStatusPreflight: {
    valid: [{ path: { checkpointId: 'ct-gate' }, headers: { origin: OWN_ORIGIN, 'access-control-request-method': 'GET' } }],
    invalid: [{ path: { checkpointId: 'ct-gate' } }],
    refusal: { status: 403, why: 'a preflight without an Origin is refused as one from an origin not allowed; it never reads its path' },
  },
  board: {
    valid: [{ query: { v: w.boardPass } }],
    invalid: [{ query: { v: 'x'.repeat(301) } }],
  },
  boardSignIn: {
    valid: [{ form: { key: ADMIN_KEY } }],
    invalid: [{ form: { key: 'k'.repeat(201) } }],
  },
  qrCode: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' } }],
    invalid: [{ credential: true, path: { checkpointId: 'ct_gate!' } }],
  },
  gateSheet: {
    valid: [{ credential: true, path: { communityId: 'ct' } }],
    invalid: [{ credential: true, path: { communityId: 'ct/../x' } }],
  },
  createOperatorKey: {
    valid: [{ credential: true, json: { name: '测试社区书记', communityIds: ['ct'] } }],
    invalid: [{ credential: true, json: { name: '测试社区书记', communityIds: [] } }],
  },
  listOperatorKeys: { valid: [{ credential: true }], invalid: [] },
  deleteOperatorKey: {
    valid: [{ credential: true, path: { keyId: w.operatorKeyId } }],
    invalid: [{ credential: true, path: { keyId: 'not-a-key-id' } }],
  },
  // After the writes above: the community's PUTs and the county's operator keys are in the trail.
  listAudit: {
    valid: [{ credential: true, query: { communityId: 'ct', limit: '5' } }, { credential: true, query: { from: '2026-01-01T00:00:00+08:00' } }],
    invalid: [{ credential: true, query: { from: 'yesterday' } }],
  },
  openapi: { valid: [{}], invalid: [] },
  consoleHome: {
    valid: [{ credential: true }, { credential: true, query: { lang: 'en' } }],
    invalid: [{ credential: true, query: { lang: 'fr' } }],
  },
  consoleSignIn: {
    valid: [{ form: { key: ADMIN_KEY, next: '/admin/escalations' } }],
    invalid: [{ form: { key: ADMIN_KEY, next: 'https://elsewhere.example/' } }],
  },
  consoleSignOut: {
    valid: [{ credential: true, file: consoleForm(w, {}) }],
    invalid: [{ credential: true }],
  },
  consoleCommunity: {
    valid: [{ credential: true, path: { communityId: 'ct' } }],
    invalid: [{ credential: true, path: { communityId: 'ct/../x' } }],
  },
  consoleCheckpoint: {
    valid: [{ credential: true, path: { checkpointId: 'ct-gate' }, query: { saved: '1' } }],
    invalid: [{ credential: true, path: { checkpointId: 'ct gate' } }],
  },
  consoleSheet: {
    valid: [{ credential: true, path: { communityId: 'ct' } }, { credential: true, path: { communityId: 'ct' }, query: { checkpointId: 'ct-gate', rotated: '1' } }],
    invalid: [{ credential: true, path: { communityId: 'ct' }, query: { rotated: 'yes' } }],
  },
  consoleEscalations: {
    valid: [{ credential: true }, { credential: true, query: { communityId: 'ct' } }],
    invalid: [{ credential: true, query: { communityId: 'no such id!' } }],
  },
  consoleImportPage: {
    valid: [{ credential: true }],
    invalid: [{ credential: true, query: { lang: 'de' } }],
  },
  consoleAudit: {
    valid: [{ credential: true, query: { communityId: 'ct' } }, { credential: true, query: { from: '2026-01-01T00:00', to: '', lang: 'en' } }],
    invalid: [{ credential: true, query: { from: '2'.repeat(41) } }],
  },
  consoleOperatorKeys: {
    valid: [{ credential: true }, { credential: true, query: { saved: 'revoked' } }],
    invalid: [{ credential: true, query: { saved: 'issued' } }],
  },
  consoleNewCommunity: {
    valid: [{ credential: true }],
    invalid: [{ credential: true, query: { lang: 'fr' } }],
  },
  consoleNewCheckpoint: {
    valid: [{ credential: true, path: { communityId: 'ct' } }],
    invalid: [{ credential: true, path: { communityId: 'ct/../x' } }],
  },
  consoleSaveCommunity: {
    valid: [{ credential: true, path: { communityId: 'ct' }, file: consoleForm(w, { name: '鱼岳社区', timezone: 'Asia/Shanghai', 'contacts.0.name': '书记', 'contacts.0.email': 'secretary.ct@example.org', 'contacts.0.role': 'secretary', 'escalation.mode': 'inherit' }) }],
    invalid: [{ credential: true, path: { communityId: '-ct' }, file: consoleForm(w, { name: '鱼岳社区' }) }],
  },
  consoleSaveCheckpoint: {
    valid: [
      {
        credential: true,
        path: { checkpointId: 'ct-gate' },
        file: consoleForm(w, { name: 'ct-gate 卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.email': 'leader.ct-gate@example.org', 'escalation.mode': 'inherit' }),
      },
    ],
    invalid: [{ credential: true, path: { checkpointId: 'ct gate' }, file: consoleForm(w, { name: 'x' }) }],
  },
  consolePause: {
    valid: [{ credential: true, path: { checkpointId: 'ct-rot' }, file: consoleForm(w, { active: 'true' }) }],
    invalid: [{ credential: true, path: { checkpointId: 'ct_rot!' }, file: consoleForm(w, { active: 'true' }) }],
  },
  consoleRotate: {
    valid: [{ credential: true, path: { checkpointId: 'ct-rot' }, file: consoleForm(w, {}) }],
    invalid: [{ credential: true, path: { checkpointId: '../ct-rot' }, file: consoleForm(w, {}) }],
  },
  consoleCreateCommunity: {
    valid: [{ credential: true, file: consoleForm(w, { communityId: 'ct-new', name: '新社区', timezone: 'Asia/Shanghai', 'contacts.0.name': '书记', 'contacts.0.email': 'secretary.ct-new@example.org', 'contacts.0.role': 'secretary', 'escalation.mode': 'inherit' }) }],
    invalid: [{ credential: true }],
  },
  consoleCreateCheckpoint: {
    valid: [
      {
        credential: true,
        path: { communityId: 'ct' },
        file: consoleForm(w, { checkpointId: 'ct-new-gate', name: '新卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.email': 'leader.ct-new-gate@example.org', 'escalation.mode': 'inherit' }),
      },
    ],
    invalid: [{ credential: true, path: { communityId: '-ct' }, file: consoleForm(w, { checkpointId: 'x' }) }],
  },
  consoleIssueKey: {
    valid: [{ credential: true, file: consoleForm(w, { keyId: newOperatorKeyId(), name: '控制台签发', communityIds: 'ct' }) }],
    invalid: [{ credential: true }],
  },
  consoleRevokeKey: {
    valid: [{ credential: true, path: { keyId: w.console.keyId }, file: consoleForm(w, {}) }],
    invalid: [{ credential: true, path: { keyId: 'not-a-key-id' }, file: consoleForm(w, {}) }],
  },
  consoleAck: {
    valid: [{ credential: true, path: { escalationId: w.console.escalation }, file: consoleForm(w, {}) }],
    invalid: [{ credential: true, path: { escalationId: 'not-a-uuid' }, file: consoleForm(w, {}) }],
  },
  consoleImport: {
    valid: [{ credential: true, file: consoleUpload(w, 'check') }],
    invalid: [{ credential: true }],
  },
  consoleTemplate: {
    valid: [{ credential: true, query: { format: 'csv' } }],
    invalid: [{ credential: true, query: { format: 'xls' } }],
  },
  consoleExport: {
    valid: [{ credential: true, query: { communityId: 'ct' } }, { credential: true, query: { format: 'csv' } }],
    invalid: [{ credential: true, query: { format: 'ods' } }],
  },
});

const send = async (routeKey: string, call: Call): Promise<Answer> => {
  const route = routeList().find((candidate) => candidate.key === routeKey)!;
  // The console's credential is its pass cookie; its POSTs come from its own origin, as a browser sends them.
  const inConsole = route.auth === 'console' && call.credential;
  const credential: Record<string, string> = inConsole ? (routeKey.startsWith('POST ') ? { origin: OWN_ORIGIN } : {}) : call.credential ? { authorization: `Bearer ${route.auth === 'admin' ? ADMIN_KEY : world.formToken}` } : {};
  const fileType = call.file?.type === 'multipart/form-data' ? `multipart/form-data; boundary=${CONSOLE_BOUNDARY}` : call.file?.type;
  const event = httpEvent({
    routeKey,
    ...(call.path && { pathParameters: call.path }),
    ...(call.query && { query: call.query }),
    headers: { ...credential, ...(call.form && { 'content-type': 'application/x-www-form-urlencoded' }), ...(call.file && { 'content-type': fileType! }), ...call.headers },
    ...(call.json !== undefined && { body: call.json }),
    ...(call.form && { rawBody: new URLSearchParams(call.form).toString() }),
  });
  // A file arrives as API Gateway hands over bytes: base64-encoded.
  if (call.file) Object.assign(event, { body: call.file.bytes.toString('base64'), isBase64Encoded: true });
  if (inConsole) Object.assign(event, { cookies: [`cw_admin=${world.console.pass}`] });
  const result = await handlers[route.handler]!(event, fakeContext('contract') as Context);
  return { status: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string>, cookies: result.cookies ?? [], body: result.body ?? '' };
};

const document = openApiDocument('https://api.test');
const judge = judgeOf(document);
let world: World;

beforeAll(async () => {
  await useFreshTable();
  // The escalations first: their world's clock is in the past, so its sweep sees only its own checkpoints.
  const open = makeWorld();
  const openEscalation = await open.openEscalation();
  const closed = makeWorld();
  const closedEscalation = await closed.openEscalation(policy([['leader', 'PT0S']]));
  await closed.run(closedEscalation);
  const forConsole = await makeWorld().openEscalation();

  await registerCommunity('ct');
  const { token } = await registerCheckpoint('ct-gate', { communityId: 'ct' });
  await registerCheckpoint('ct-rot', { communityId: 'ct' });
  await registerCheckpoint('ct-fever', { communityId: 'ct' });
  const feverSubmission = randomUUID();
  const { receipt } = await acceptReading(open.store, { checkpoint: (await open.store.checkpoint('ct-fever'))!, body: { ...reading(), feverCases: [{ tempC: 37.9, direction: 'in' as const }], submissionId: feverSubmission }, now: () => new Date(), newId: randomUUID });
  const feverAlert = (await open.store.reading('ct-fever', feverSubmission))?.feverAlertId;
  if (!receipt.feverAlert || !feverAlert) throw new Error('the fever reading opened no alert');
  const keys = await linkKeys();
  const feverLink = signLink(keys, ackPurpose('fever'), feverAlert, 'leader@example.org', new Date());
  const link = signLink(keys, 'ack', openEscalation, 'leader@example.org', new Date());
  const consolePass = signPass(keys, CONSOLE_PASS, COUNTY_ADMIN, new Date());
  world = {
    formToken: token,
    openEscalation,
    closedEscalation,
    link: { r: link.r, exp: String(link.exp), kid: link.kid, sig: link.sig },
    fever: { alert: feverAlert, link: { r: feverLink.r, exp: String(feverLink.exp), kid: feverLink.kid, sig: feverLink.sig } },
    summaryLink: Object.fromEntries(new URL(summaryFileUrl(keys, OWN_ORIGIN, YESTERDAY, { communityId: 'ct' }, new Date())).searchParams),
    boardPass: new URL(boardLink(keys, 'https://api.test', new Date())).searchParams.get('v')!,
    sheets: await (async () => {
      const sheet = [{ checkpointId: 'ct-sheet', input: { name: '表格卡点', communityId: 'ct', schedule: { every: 'PT2H' }, grace: 'PT15M', active: true, contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' as const }] } }];
      return { csv: await exportCheckpoints(sheet, 'csv'), xlsx: await exportCheckpoints(sheet, 'xlsx') };
    })(),
    console: {
      pass: passText(consolePass),
      csrf: csrfTokenOf(keys, consolePass),
      escalation: forConsole,
      keyId: JSON.parse((await createOperatorKey(httpEvent({ routeKey: 'POST /operator-keys', admin: true, body: { name: '控制台撤销', communityIds: ['ct'] } }), fakeContext('contract') as Context)).body!).keyId,
    },
    operatorKeyId: JSON.parse((await createOperatorKey(httpEvent({ routeKey: 'POST /operator-keys', admin: true, body: { name: '待撤销', communityIds: ['ct'] } }), fakeContext('contract') as Context)).body!).keyId,
  };
});

describe('the server does what the OpenAPI document says', () => {
  it('has a valid and an invalid case for every route of the route table (none invalid only where a route takes no input)', () => {
    const all = cases({ formToken: '', openEscalation: '', closedEscalation: '', link: { r: '', exp: '', kid: '', sig: '' }, fever: { alert: '', link: { r: '', exp: '', kid: '', sig: '' } }, summaryLink: {}, boardPass: '', operatorKeyId: '', sheets: { csv: Buffer.alloc(0), xlsx: Buffer.alloc(0) }, console: { pass: '', csrf: '', escalation: '', keyId: '' } });
    expect(Object.keys(all).sort()).toEqual(routeList().map((route) => route.name).sort());
    for (const route of routeList()) {
      const takesInput = Boolean(route.params || route.query || route.body || route.file || route.cors);
      expect(all[route.name]!.invalid.length > 0, route.key).toBe(takesInput);
    }
  });

  describe.sequential.each(routeList().map((route) => [route.key, route.name] as const))('%s', (routeKey, name) => {
    it('answers a request the document calls valid as the document says', async () => {
      for (const call of cases(world)[name]!.valid) {
        expect(judge.request(routeKey, call), 'the document calls the request valid').toEqual([]);
        const got = await send(routeKey, call);
        expect(got.status, got.body.slice(0, 300)).toBeLessThan(400);
        expect(judge.answer(routeKey, got), `${got.status} ${got.body.slice(0, 300)}`).toEqual([]);
      }
    });

    it('refuses a request the document calls invalid, in the error contract', async () => {
      const { invalid, refusal } = cases(world)[name]!;
      for (const call of invalid) {
        expect(judge.request(routeKey, call), 'the document calls the request invalid').not.toEqual([]);
        const got = await send(routeKey, call);
        expect(got.status, refusal?.why ?? got.body.slice(0, 300)).toBe(refusal?.status ?? 400);
        expect(judge.answer(routeKey, got), got.body.slice(0, 300)).toEqual([]);
        const route = routeList().find((candidate) => candidate.key === routeKey)!;
        if (!route.page && (!call.form || !route.formErrorPage)) {
          expect(JSON.parse(got.body).error.code).toBe(refusal ? 'forbidden' : 'invalid_request');
        }
      }
    });
  });
});
