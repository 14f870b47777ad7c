/**
 * The route table: one list, read by the handlers (their validation), the CDK stack (API routes, one
 * function each, table grants), the local gateway, and the OpenAPI document.
 */
import type { Schema as ZodType } from './contract/schemas';
import {
  CheckpointBody,
  CheckpointListQuery,
  CheckpointPath,
  CommunityBody,
  AckLinkQuery,
  BoardQuery,
  BuildSummaryQuery,
  CommunityPath,
  EscalationListQuery,
  FormDoneQuery,
  FormPageQuery,
  EscalationPath,
  PageQuery,
  ReadingBody,
  ReadingListQuery,
  SignInBody,
  SummaryPath,
  SummaryQuery,
} from './contract/schemas';
import { formErrorPage } from './pages/form-errors';
import type { Auth } from './runtime/http';

export interface RouteDef {
  /** `METHOD /path/{param}`, as API Gateway writes a route key. */
  key: string;
  /** The file under functions/handlers that serves it: one Lambda function each. */
  handler: string;
  auth: Auth;
  /** What the function may do to the table. */
  table: 'read' | 'write' | 'none';
  summary: string;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  acceptsForm?: boolean;
  rejectedMetric?: string;
  /** What else the function uses: SES, the link-signing keys, the per-token reading limit. */
  uses?: readonly ('mail' | 'linkKeys' | 'readingLimit')[];
  formErrorPage?: (error: { message: string; issues?: { path: string; message: string }[] }) => string;
  /**
   * Browsers on the configured form origins (FORM_ORIGINS) may call it from another origin: the
   * answers carry CORS headers for them, and an `OPTIONS` route (its preflight) goes to the same
   * function. Routes without it, the admin routes among them, send no CORS headers to anyone.
   */
  cors?: boolean;
}

export const routes = {
  putCommunity: {
    key: 'PUT /communities/{communityId}',
    handler: 'put-community',
    auth: 'admin',
    table: 'write',
    summary: 'Create or replace a community (201 created, 200 updated)',
    params: CommunityPath,
    body: CommunityBody,
  },
  listCommunities: {
    key: 'GET /communities',
    handler: 'list-communities',
    auth: 'admin',
    table: 'read',
    summary: 'List communities',
    query: PageQuery,
  },
  putCheckpoint: {
    key: 'PUT /checkpoints/{checkpointId}',
    handler: 'put-checkpoint',
    auth: 'admin',
    table: 'write',
    summary: 'Create or replace a checkpoint; a new one gets its form token',
    params: CheckpointPath,
    body: CheckpointBody,
    uses: ['linkKeys'],
  },
  listCheckpoints: {
    key: 'GET /checkpoints',
    handler: 'list-checkpoints',
    auth: 'admin',
    table: 'read',
    summary: 'List checkpoints with their status, optionally of one community',
    query: CheckpointListQuery,
  },
  getCheckpoint: {
    key: 'GET /checkpoints/{checkpointId}',
    handler: 'get-checkpoint',
    auth: 'admin',
    table: 'read',
    summary: 'One checkpoint with its status, last reading and next deadline',
    params: CheckpointPath,
  },
  rotateToken: {
    key: 'POST /checkpoints/{checkpointId}/rotate-token',
    handler: 'rotate-token',
    auth: 'admin',
    table: 'write',
    summary: 'Issue a new form token; the old one stops working at once',
    params: CheckpointPath,
    uses: ['linkKeys'],
  },
  listReadings: {
    key: 'GET /checkpoints/{checkpointId}/readings',
    handler: 'list-readings',
    auth: 'admin',
    table: 'read',
    summary: 'Readings of a checkpoint received in [from, to] (default: today, local time)',
    params: CheckpointPath,
    query: ReadingListQuery,
  },
  postReading: {
    key: 'POST /checkpoints/{checkpointId}/readings',
    handler: 'post-reading',
    auth: 'form',
    table: 'write',
    summary: 'Post a reading with the form token (JSON or a form); idempotent by submissionId',
    params: CheckpointPath,
    body: ReadingBody,
    acceptsForm: true,
    rejectedMetric: 'ReadingRejected',
    formErrorPage,
    cors: true,
    uses: ['readingLimit'],
  },
  listEscalations: {
    key: 'GET /escalations',
    handler: 'list-escalations',
    auth: 'admin',
    table: 'read',
    summary: 'Escalations, newest first, by status and community (notices in GET /escalations/{id})',
    query: EscalationListQuery,
  },
  getEscalation: {
    key: 'GET /escalations/{escalationId}',
    handler: 'get-escalation',
    auth: 'admin',
    table: 'read',
    summary: 'One escalation with its timeline: every notice with recipient, level, time and outcome',
    params: EscalationPath,
  },
  ackEscalation: {
    key: 'POST /escalations/{escalationId}/ack',
    handler: 'ack-escalation',
    auth: 'admin',
    table: 'write',
    summary: 'Acknowledge an escalation as admin; further levels stop, the others told are told',
    params: EscalationPath,
    uses: ['mail'],
  },
  ackPage: {
    key: 'GET /ack/{escalationId}',
    handler: 'ack-page',
    auth: 'public',
    table: 'read',
    summary: 'The page an acknowledge link opens (signed link; changes nothing)',
    params: EscalationPath,
    query: AckLinkQuery,
    uses: ['linkKeys'],
  },
  ackPageHead: {
    key: 'HEAD /ack/{escalationId}',
    handler: 'ack-page',
    auth: 'public',
    table: 'read',
    summary: 'HEAD of the acknowledge page (mail scanners)',
    params: EscalationPath,
    query: AckLinkQuery,
    uses: ['linkKeys'],
  },
  ackLink: {
    key: 'POST /ack/{escalationId}',
    handler: 'ack-link',
    auth: 'public',
    table: 'write',
    summary: 'Acknowledge from the signed link (the page posts its fields)',
    params: EscalationPath,
    body: AckLinkQuery,
    acceptsForm: true,
    uses: ['linkKeys', 'mail'],
  },
  buildSummary: {
    key: 'POST /summaries/{date}',
    handler: 'build-summary',
    auth: 'admin',
    table: 'write',
    summary: 'Build (or rebuild) the summary of a date; today gives the day so far; ?notify=true mails it',
    params: SummaryPath,
    query: BuildSummaryQuery,
    uses: ['mail'],
  },
  getSummary: {
    key: 'GET /summaries/{date}',
    handler: 'get-summary',
    auth: 'admin',
    table: 'read',
    summary: 'A built summary: { date, county, communities, checkpoints }; ?communityId= narrows, ?format=csv one row per checkpoint',
    params: SummaryPath,
    query: SummaryQuery,
  },
  formWorker: {
    key: 'GET /f/sw.js',
    handler: 'form-page',
    auth: 'public',
    table: 'none',
    summary: "The form's service worker (offline)",
  },
  formPage: {
    key: 'GET /f/{checkpointId}',
    handler: 'form-page',
    auth: 'public',
    table: 'none',
    summary: 'The checkpoint form (the token travels in the URL fragment; ?t= only for browsers without JavaScript)',
    params: CheckpointPath,
    query: FormPageQuery,
  },
  formManifest: {
    key: 'GET /f/{checkpointId}/manifest.webmanifest',
    handler: 'form-page',
    auth: 'public',
    table: 'none',
    summary: "The form's web app manifest (add to home screen)",
    params: CheckpointPath,
  },
  formDone: {
    key: 'GET /f/{checkpointId}/done',
    handler: 'form-page',
    auth: 'public',
    table: 'none',
    summary: 'Where a form posted without JavaScript lands (303)',
    params: CheckpointPath,
    query: FormDoneQuery,
  },
  formStatus: {
    key: 'GET /f/{checkpointId}/status',
    handler: 'form-status',
    auth: 'form',
    table: 'read',
    summary: "The form's header: checkpoint name, current slot, last reading (form token)",
    params: CheckpointPath,
    cors: true,
  },
  board: {
    key: 'GET /board',
    handler: 'board',
    auth: 'public',
    table: 'read',
    summary: "The officials' board (signed-in cookie or a signed read-only link; else the sign-in page)",
    query: BoardQuery,
    uses: ['linkKeys'],
  },
  boardSignIn: {
    key: 'POST /board/sign-in',
    handler: 'board',
    auth: 'public',
    table: 'read',
    summary: 'Sign in to the board with the admin key: sets an HttpOnly, SameSite cookie',
    body: SignInBody,
    acceptsForm: true,
    uses: ['linkKeys'],
  },
  qrCode: {
    key: 'GET /checkpoints/{checkpointId}/qr.svg',
    handler: 'gate-sheet',
    auth: 'admin',
    table: 'read',
    summary: "A QR code of the checkpoint's form URL (SVG)",
    params: CheckpointPath,
    uses: ['linkKeys'],
  },
  gateSheet: {
    key: 'GET /communities/{communityId}/sheet',
    handler: 'gate-sheet',
    auth: 'admin',
    table: 'read',
    summary: 'A printable page: one A4 card per checkpoint with its QR code and instructions',
    params: CommunityPath,
    uses: ['linkKeys'],
  },
  openapi: {
    key: 'GET /openapi.json',
    handler: 'openapi',
    auth: 'public',
    table: 'none',
    summary: 'This API, as OpenAPI 3.1',
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
      table: route.table,
      summary: `CORS preflight of ${route.key} (configured form origins only)`,
      cors: true,
      ...(route.uses && { uses: route.uses }),
    };
    return [route, preflight];
  });

export const methodAndPath = (key: string): { method: string; path: string } => {
  const [method, path] = key.split(' ') as [string, string];
  return { method, path };
};
