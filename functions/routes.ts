/**
 * The route table: one list, read by the handlers (their validation), the CDK stack (API routes, one
 * function each), the local gateway, and the OpenAPI document. What each function is given — table
 * access, secrets, settings — is functions/function-env.ts.
 *
 * Data only: the request schemas and types, nothing that renders or runs, because the CDK app loads it
 * (test/infra/app-graph.test.ts keeps it so).
 */
import type { ResponseName } from './contract/responses';
import type { Schema as ZodType } from './contract/schemas';
import {
  CheckpointBody,
  CheckpointListQuery,
  CheckpointPath,
  CommunityBody,
  AckLinkQuery,
  AuditQuery,
  BoardQuery,
  BuildSummaryQuery,
  CommunityPath,
  EscalationListQuery,
  FormDoneQuery,
  FormPageQuery,
  EscalationPath,
  FeverAlertPath,
  FeverHandlingForm,
  FeverLinkQuery,
  HistoryQuery,
  ExportQuery,
  ImportQuery,
  ImportTemplateQuery,
  MAX_UPLOAD_BYTES,
  OperatorKeyBody,
  OperatorKeyPath,
  PageQuery,
  ReadingBody,
  ReadingListQuery,
  SignInBody,
  SPREADSHEET_UPLOAD_TYPES,
  SummaryFileQuery,
  SummaryPath,
  SummaryQuery,
} from './contract/schemas';
import type { Auth } from './runtime/http/types';
import { consoleRoutes } from './console-routes';

export interface RouteDef {
  /** `METHOD /path/{param}`, as API Gateway writes a route key. */
  key: string;
  /** The file under functions/handlers that serves it: one Lambda function each. */
  handler: string;
  auth: Auth;
  /**
   * An admin route a community operator key may use too, within its communities only: its handler
   * (bound by scopedRouteHandler) is given the actor and asks functions/domain/operators.ts what it may
   * touch. Without it an operator key is refused 403. The function reads the table to look keys up
   * (function-env.ts holds it to that).
   */
  operators?: 'scoped';
  summary: string;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  acceptsForm?: boolean;
  /**
   * The body is a file, handed to the handler as its bytes (decoded from base64 when API Gateway sent
   * it so): one of these media types, at most `maxBytes` — a route's own cap, instead of the 16 KiB
   * every JSON body is held to. No `body` schema then: the handler reads the file.
   */
  file?: { mediaTypes: readonly string[]; maxBytes: number; /** What the document says of the body, when it is not a spreadsheet. */ description?: string };
  rejectedMetric?: string;
  /**
   * A refusal of a form posted without JavaScript (urlencoded) is answered as a page, not JSON. Data
   * only: the runtime picks the page (functions/runtime/http/errors.ts), so the table loads no page code.
   */
  formErrorPage?: boolean;
  /**
   * Browsers on the configured form origins (FORM_ORIGINS) may call it from another origin: the
   * answers carry CORS headers for them, and an `OPTIONS` route (its preflight) goes to the same
   * function. Routes without it, the admin routes among them, send no CORS headers to anyone.
   */
  cors?: boolean;
  /** It answers pages for people: its refusals and faults are pages too (Chinese and English), not JSON. */
  page?: boolean;
  /**
   * What it answers, by status: named responses of functions/contract/responses.ts (a type-only import,
   * so no function bundles the response schemas). Only what is particular to the route: the refusals
   * every route gives by what it is (400 with inputs, 401/403 with a credential, 413/415 with a body,
   * 503 with a dependency, 500) the document adds from the fields above.
   */
  responses: Readonly<Partial<Record<number, ResponseName>>>;
}

export const routes = {
  // The operators' console (/admin): its own part of the table, in functions/console-routes.ts.
  ...consoleRoutes,
  putCommunity: {
    key: 'PUT /communities/{communityId}',
    handler: 'put-community',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Create or replace a community (201 created, 200 updated); an operator key replaces its own and creates none',
    params: CommunityPath,
    body: CommunityBody,
    responses: { 201: 'communityCreated', 200: 'communityReplaced' },
  },
  listCommunities: {
    key: 'GET /communities',
    handler: 'list-communities',
    auth: 'admin',
    operators: 'scoped',
    summary: 'List communities',
    query: PageQuery,
    responses: { 200: 'communityPage' },
  },
  putCheckpoint: {
    key: 'PUT /checkpoints/{checkpointId}',
    handler: 'put-checkpoint',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Create or replace a checkpoint; a new one gets its form token',
    params: CheckpointPath,
    body: CheckpointBody,
    responses: { 201: 'checkpointCreated', 200: 'checkpointReplaced' },
  },
  listCheckpoints: {
    key: 'GET /checkpoints',
    handler: 'list-checkpoints',
    auth: 'admin',
    operators: 'scoped',
    summary: 'List checkpoints with their status, optionally of one community',
    query: CheckpointListQuery,
    responses: { 200: 'checkpointPage' },
  },
  getCheckpoint: {
    key: 'GET /checkpoints/{checkpointId}',
    handler: 'get-checkpoint',
    auth: 'admin',
    operators: 'scoped',
    summary: 'One checkpoint with its status, last reading and next deadline',
    params: CheckpointPath,
    responses: { 200: 'checkpoint', 404: 'notFound' },
  },
  rotateToken: {
    key: 'POST /checkpoints/{checkpointId}/rotate-token',
    handler: 'rotate-token',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Issue a new form token; the old one stops working at once',
    params: CheckpointPath,
    responses: { 200: 'tokenRotated', 404: 'notFound', 409: 'rotationLost' },
  },
  listReadings: {
    key: 'GET /checkpoints/{checkpointId}/readings',
    handler: 'list-readings',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Readings of a checkpoint received in [from, to] (default: today, local time)',
    params: CheckpointPath,
    query: ReadingListQuery,
    responses: { 200: 'readingPage', 404: 'notFound' },
  },
  checkpointHistory: {
    key: 'GET /checkpoints/{checkpointId}/history',
    handler: 'checkpoint-history',
    auth: 'admin',
    operators: 'scoped',
    summary: "The checkpoint's last days (?days=, default 14) in its zone: expected, on time, late, missed, readings, fevers, completeness and timeliness, from the day counters",
    params: CheckpointPath,
    query: HistoryQuery,
    responses: { 200: 'checkpointHistory', 404: 'notFound' },
  },
  communityHistory: {
    key: 'GET /communities/{communityId}/history',
    handler: 'community-history',
    auth: 'admin',
    operators: 'scoped',
    summary: "The community's last days (?days=, default 14) in its zone, its checkpoints summed as in summaries, from the day counters",
    params: CommunityPath,
    query: HistoryQuery,
    responses: { 200: 'communityHistory', 404: 'notFound' },
  },
  postReading: {
    key: 'POST /checkpoints/{checkpointId}/readings',
    handler: 'post-reading',
    auth: 'form',
    summary: 'Post a reading with the form token (JSON or a form); idempotent by submissionId',
    params: CheckpointPath,
    body: ReadingBody,
    acceptsForm: true,
    rejectedMetric: 'ReadingRejected',
    formErrorPage: true,
    cors: true,
    responses: { 201: 'readingCreated', 200: 'readingReplayed', 303: 'readingPostedForm', 409: 'submissionReused', 429: 'tooManyRequests' },
  },
  listEscalations: {
    key: 'GET /escalations',
    handler: 'list-escalations',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Escalations, newest first, by status and community (notices in GET /escalations/{id})',
    query: EscalationListQuery,
    responses: { 200: 'escalationList' },
  },
  getEscalation: {
    key: 'GET /escalations/{escalationId}',
    handler: 'get-escalation',
    auth: 'admin',
    operators: 'scoped',
    summary: 'One escalation with its timeline: every notice with recipient, level, time and outcome',
    params: EscalationPath,
    responses: { 200: 'escalationWithTimeline', 404: 'notFound' },
  },
  ackEscalation: {
    key: 'POST /escalations/{escalationId}/ack',
    handler: 'ack-escalation',
    auth: 'admin',
    operators: 'scoped',
    summary: "Acknowledge an escalation (by admin, or by the operator key's name); further levels stop, the others told are told",
    params: EscalationPath,
    responses: { 200: 'escalationAcknowledged', 404: 'notFound', 409: 'escalationEnded' },
  },
  ackPage: {
    key: 'GET /ack/{escalationId}',
    page: true,
    handler: 'ack-page',
    auth: 'public',
    summary: 'The page an acknowledge link opens (signed link; changes nothing)',
    params: EscalationPath,
    query: AckLinkQuery,
    responses: { 200: 'ackPage', 403: 'linkRefused', 404: 'notFound' },
  },
  ackPageHead: {
    key: 'HEAD /ack/{escalationId}',
    page: true,
    handler: 'ack-page',
    auth: 'public',
    summary: 'HEAD of the acknowledge page (mail scanners)',
    params: EscalationPath,
    query: AckLinkQuery,
    responses: { 200: 'ackPageHead', 403: 'linkRefused', 404: 'notFound' },
  },
  ackLink: {
    key: 'POST /ack/{escalationId}',
    page: true,
    handler: 'ack-link',
    auth: 'public',
    summary: 'Acknowledge from the signed link (the page posts its fields)',
    params: EscalationPath,
    body: AckLinkQuery,
    acceptsForm: true,
    responses: { 200: 'ackDone', 403: 'linkRefused', 404: 'notFound', 409: 'ackEnded' },
  },
  feverPage: {
    key: 'GET /fever/{alertId}',
    page: true,
    handler: 'fever-page',
    auth: 'public',
    summary: "The page a fever alert's link opens: the alert, its cases, and who handled it and what was done (signed link; changes nothing)",
    params: FeverAlertPath,
    query: FeverLinkQuery,
    responses: { 200: 'feverPage', 403: 'linkRefused', 404: 'notFound' },
  },
  feverPageHead: {
    key: 'HEAD /fever/{alertId}',
    page: true,
    handler: 'fever-page',
    auth: 'public',
    summary: 'HEAD of the fever alert page (mail scanners)',
    params: FeverAlertPath,
    query: FeverLinkQuery,
    responses: { 200: 'feverPageHead', 403: 'linkRefused', 404: 'notFound' },
  },
  feverHandle: {
    key: 'POST /fever/{alertId}',
    page: true,
    handler: 'fever-handle',
    auth: 'public',
    summary: 'Record who handled a fever alert and what was done, from its signed link: further levels stop, everyone told hears 【已处置】',
    params: FeverAlertPath,
    body: FeverHandlingForm,
    acceptsForm: true,
    responses: { 200: 'feverHandled', 400: 'feverHandlingRefused', 403: 'linkRefused', 404: 'notFound', 409: 'feverEnded' },
  },
  buildSummary: {
    key: 'POST /summaries/{date}',
    handler: 'build-summary',
    auth: 'admin',
    summary: 'Build (or rebuild) the summary of a date; today gives the day so far; ?notify=true mails it',
    params: SummaryPath,
    query: BuildSummaryQuery,
    responses: { 200: 'summaryBuilt' },
  },
  getSummary: {
    key: 'GET /summaries/{date}',
    handler: 'get-summary',
    auth: 'admin',
    operators: 'scoped',
    summary: 'A built summary: { date, county, communities, checkpoints }; ?communityId= narrows, ?format=csv or xlsx one row per checkpoint',
    params: SummaryPath,
    query: SummaryQuery,
    responses: { 200: 'summary', 404: 'notFound' },
  },
  summaryFile: {
    key: 'GET /summaries/{date}/file',
    page: true,
    handler: 'summary-file',
    auth: 'public',
    summary: "A summary's checkpoints as a file, from the signed link in its message (7 days): the county's or one community's, as the message was; CSV, or ?format=xlsx",
    params: SummaryPath,
    query: SummaryFileQuery,
    responses: { 200: 'summaryFile', 403: 'linkRefused', 404: 'notFound' },
  },
  importTemplate: {
    key: 'GET /imports/checkpoints/template',
    handler: 'import-template',
    auth: 'admin',
    operators: 'scoped',
    summary: 'The import template: headers in Chinese with the field names beside them, an example row; xlsx with sheets for shifts and contacts (docs/imports.md)',
    query: ImportTemplateQuery,
    responses: { 200: 'spreadsheet' },
  },
  importCheckpoints: {
    key: 'POST /imports/checkpoints',
    handler: 'import-checkpoints',
    auth: 'admin',
    operators: 'scoped',
    summary: 'Import checkpoints from a CSV or xlsx file (the body): check it (dryRun=true, the default) or apply it, all rows or none; an operator key within its communities',
    query: ImportQuery,
    file: { mediaTypes: SPREADSHEET_UPLOAD_TYPES, maxBytes: MAX_UPLOAD_BYTES },
    responses: { 200: 'importResult' },
  },
  importFaultyCells: {
    key: 'POST /imports/checkpoints/faulty-cells',
    handler: 'import-checkpoints',
    auth: 'admin',
    operators: 'scoped',
    summary: 'The uploaded file back as xlsx with each faulty cell marked red and its message as a note; writes nothing',
    file: { mediaTypes: SPREADSHEET_UPLOAD_TYPES, maxBytes: MAX_UPLOAD_BYTES },
    responses: { 200: 'faultyCells' },
  },
  exportCheckpoints: {
    key: 'GET /exports/checkpoints',
    handler: 'export-checkpoints',
    auth: 'admin',
    operators: 'scoped',
    summary: "The checkpoints as the import takes them (of a community, an operator key's communities, or the county): importing it back changes nothing",
    query: ExportQuery,
    responses: { 200: 'spreadsheet' },
  },
  formWorker: {
    key: 'GET /f/sw.js',
    handler: 'form-page',
    auth: 'public',
    summary: "The form's service worker (offline)",
    responses: { 200: 'formWorker' },
  },
  formPage: {
    key: 'GET /f/{checkpointId}',
    page: true,
    handler: 'form-page',
    auth: 'public',
    summary: 'The checkpoint form (the token travels in the URL fragment; ?t= only for browsers without JavaScript)',
    params: CheckpointPath,
    query: FormPageQuery,
    responses: { 200: 'formPage' },
  },
  formManifest: {
    key: 'GET /f/{checkpointId}/manifest.webmanifest',
    handler: 'form-page',
    auth: 'public',
    summary: "The form's web app manifest (add to home screen)",
    params: CheckpointPath,
    responses: { 200: 'formManifest' },
  },
  formDone: {
    key: 'GET /f/{checkpointId}/done',
    page: true,
    handler: 'form-page',
    auth: 'public',
    summary: 'Where a form posted without JavaScript lands (303)',
    params: CheckpointPath,
    query: FormDoneQuery,
    responses: { 200: 'formDone' },
  },
  formStatus: {
    key: 'GET /f/{checkpointId}/status',
    handler: 'form-status',
    auth: 'form',
    summary: "The form's header: checkpoint name, current slot, last reading (form token)",
    params: CheckpointPath,
    cors: true,
    responses: { 200: 'formStatus' },
  },
  board: {
    key: 'GET /board',
    page: true,
    handler: 'board',
    auth: 'public',
    summary: "The officials' board (signed-in cookie or a signed read-only link; else the sign-in page)",
    query: BoardQuery,
    responses: { 200: 'board' },
  },
  boardSignIn: {
    key: 'POST /board/sign-in',
    page: true,
    handler: 'board',
    auth: 'public',
    summary: 'Sign in to the board with the admin key or an operator key (its communities only): sets an HttpOnly, SameSite cookie',
    body: SignInBody,
    acceptsForm: true,
    responses: { 303: 'boardSignedIn', 401: 'signInRefused' },
  },
  qrCode: {
    key: 'GET /checkpoints/{checkpointId}/qr.svg',
    handler: 'gate-sheet',
    auth: 'admin',
    operators: 'scoped',
    summary: "A QR code of the checkpoint's form URL (SVG)",
    params: CheckpointPath,
    responses: { 200: 'qrCode', 404: 'notFound' },
  },
  gateSheet: {
    key: 'GET /communities/{communityId}/sheet',
    page: true,
    handler: 'gate-sheet',
    auth: 'admin',
    operators: 'scoped',
    summary: 'A printable page: one A4 card per checkpoint with its QR code and instructions',
    params: CommunityPath,
    responses: { 200: 'gateSheet', 404: 'notFound' },
  },
  createOperatorKey: {
    key: 'POST /operator-keys',
    handler: 'create-operator-key',
    auth: 'admin',
    summary: 'Issue a community operator key (county admin only): the key is in this answer only, stored as its hash',
    body: OperatorKeyBody,
    responses: { 201: 'operatorKeyCreated' },
  },
  listOperatorKeys: {
    key: 'GET /operator-keys',
    handler: 'list-operator-keys',
    auth: 'admin',
    summary: 'The operator keys: id, name, communities, creation (never the key)',
    responses: { 200: 'operatorKeyList' },
  },
  deleteOperatorKey: {
    key: 'DELETE /operator-keys/{keyId}',
    handler: 'delete-operator-key',
    auth: 'admin',
    summary: 'Revoke an operator key: refused from the next request on',
    params: OperatorKeyPath,
    responses: { 204: 'operatorKeyRevoked', 404: 'notFound' },
  },
  listAudit: {
    key: 'GET /audit',
    handler: 'list-audit',
    auth: 'admin',
    operators: 'scoped',
    summary: "The audit trail, newest first: every change (PUTs, pauses, closures, rotations, imports, operator keys, acknowledgements) with who made it and the fields it changed; an operator key sees its communities' only",
    query: AuditQuery,
    responses: { 200: 'auditPage' },
  },
  openapi: {
    key: 'GET /openapi.json',
    handler: 'openapi',
    auth: 'public',
    summary: 'This API, as OpenAPI 3.1',
    responses: { 200: 'openapi' },
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;

/** Every route, with the `OPTIONS` preflight route of each cross-origin (cors) route after it. */
export const routeList = (): (RouteDef & { name: string })[] =>
  Object.entries(routes).flatMap(([name, entry]) => {
    const route: RouteDef & { name: string } = { name, ...(entry as RouteDef) };
    if (!route.cors) return [route];
    const { path } = methodAndPath(route.key);
    const preflight: RouteDef & { name: string } = {
      name: `${name}Preflight`,
      key: `OPTIONS ${path}`,
      handler: route.handler,
      auth: 'public',
      summary: `CORS preflight of ${route.key} (configured form origins only)`,
      cors: true,
      responses: { 204: 'preflight', 403: 'preflightRefused' },
    };
    return [route, preflight];
  });

export const methodAndPath = (key: string): { method: string; path: string } => {
  const [method, path] = key.split(' ') as [string, string];
  return { method, path };
};
