/**
 * The operators' console's part of the route table (functions/routes.ts spreads it into `routes`):
 * server-rendered pages under `/admin` and the plain forms they post. Data only, like the rest of the
 * table.
 *
 * `auth: 'console'`: the console's signed pass in its HttpOnly, SameSite=Strict cookie — the county
 * admin or an operator key, as the board's sign-in gives — checked by functions/runtime/console.ts,
 * which also checks every POST's origin and CSRF token. The console's POSTs call the same use cases as
 * the API's routes (functions/domain/registry.ts, the escalation core, the import), with the same
 * operator scope.
 *
 * Five functions, each with only what its routes need (functions/function-env.ts): `console` reads
 * (pages, sign-in, gate sheets), `console-save` writes registrations, `console-ack` acknowledges (and
 * mails), `console-import` reads and writes files, `console-files` hands out the template and exports.
 */
import {
  CONSOLE_FORM,
  CONSOLE_UPLOAD,
  ConsoleEscalationsQuery,
  ConsoleExportQuery,
  ConsoleQuery,
  ConsoleSavedQuery,
  ConsoleSheetQuery,
  ConsoleSignInBody,
  ConsoleTemplateQuery,
} from './contract/console';
import { CheckpointPath, CommunityPath, EscalationPath } from './contract/schemas';
import type { RouteDef } from './routes';

export const consoleRoutes = {
  consoleHome: {
    key: 'GET /admin',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: "The console: the communities the pass may see (the county's, or an operator key's), with their checkpoints' states; the sign-in page without a pass",
    query: ConsoleQuery,
    responses: { 200: 'consolePage' },
  },
  consoleSignIn: {
    key: 'POST /admin/sign-in',
    page: true,
    handler: 'console',
    auth: 'public',
    summary: 'Sign in to the console with the admin key or an operator key: sets the pass (HttpOnly, SameSite=Strict), the board\'s too; refused from another origin',
    body: ConsoleSignInBody,
    acceptsForm: true,
    responses: { 303: 'consoleSignedIn', 401: 'signInRefused' },
  },
  consoleSignOut: {
    key: 'POST /admin/sign-out',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: 'Sign out: both passes cleared',
    file: CONSOLE_FORM,
    responses: { 303: 'consoleSignedOut' },
  },
  consoleCommunity: {
    key: 'GET /admin/communities/{communityId}',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: "A community: its checkpoints with their states, and the community's form (name, zone, contacts, escalation policy, group chats)",
    params: CommunityPath,
    query: ConsoleSavedQuery,
    responses: { 200: 'consolePage', 404: 'notFound' },
  },
  consoleCheckpoint: {
    key: 'GET /admin/checkpoints/{checkpointId}',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: "A checkpoint: its state, pause and resume, its gate sheet and token rotation, and its form (name, schedule, grace, contacts, shift roster, escalation policy, group chats, closures)",
    params: CheckpointPath,
    query: ConsoleSavedQuery,
    responses: { 200: 'consolePage', 404: 'notFound' },
  },
  consoleSheet: {
    key: 'GET /admin/communities/{communityId}/sheet',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: "Gate sheets to print: one A4 card per checkpoint of the community, or one checkpoint's (?checkpointId=)",
    params: CommunityPath,
    query: ConsoleSheetQuery,
    responses: { 200: 'gateSheet', 404: 'notFound' },
  },
  consoleEscalations: {
    key: 'GET /admin/escalations',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: 'Escalations, open ones first, each with its timeline, and a button to acknowledge',
    query: ConsoleEscalationsQuery,
    responses: { 200: 'consolePage' },
  },
  consoleImportPage: {
    key: 'GET /admin/import',
    page: true,
    handler: 'console',
    auth: 'console',
    summary: 'The spreadsheet page: the template, the upload (check, apply, the faulty-cells copy) and the export',
    query: ConsoleQuery,
    responses: { 200: 'consolePage' },
  },
  consoleSaveCommunity: {
    key: 'POST /admin/communities/{communityId}',
    page: true,
    handler: 'console-save',
    auth: 'console',
    summary: "Save the community's form: replaced as PUT /communities/{communityId} replaces it, or the form again with each error at its field and nothing saved",
    params: CommunityPath,
    file: CONSOLE_FORM,
    responses: { 303: 'consoleSaved', 400: 'consoleFormRefused', 404: 'notFound' },
  },
  consoleSaveCheckpoint: {
    key: 'POST /admin/checkpoints/{checkpointId}',
    page: true,
    handler: 'console-save',
    auth: 'console',
    summary: "Save the checkpoint's form: replaced as PUT /checkpoints/{checkpointId} replaces it (stored channel credentials kept), or the form again with each error at its field and nothing saved",
    params: CheckpointPath,
    file: CONSOLE_FORM,
    responses: { 303: 'consoleSaved', 400: 'consoleFormRefused', 404: 'notFound' },
  },
  consolePause: {
    key: 'POST /admin/checkpoints/{checkpointId}/active',
    page: true,
    handler: 'console-save',
    auth: 'console',
    summary: 'Pause (active=false) or resume (active=true) the checkpoint, its registration otherwise as stored',
    params: CheckpointPath,
    file: CONSOLE_FORM,
    responses: { 303: 'consoleSaved', 404: 'notFound' },
  },
  consoleRotate: {
    key: 'POST /admin/checkpoints/{checkpointId}/rotate-token',
    page: true,
    handler: 'console-save',
    auth: 'console',
    summary: 'A new form token (the old one stops working at once), and straight to the new gate sheet',
    params: CheckpointPath,
    file: CONSOLE_FORM,
    responses: { 303: 'consoleRotated', 404: 'notFound', 409: 'rotationLost' },
  },
  consoleAck: {
    key: 'POST /admin/escalations/{escalationId}/ack',
    page: true,
    handler: 'console-ack',
    auth: 'console',
    summary: 'Acknowledge an escalation from the console, as the admin or the operator key\'s name; back to the escalations',
    params: EscalationPath,
    file: CONSOLE_FORM,
    responses: { 303: 'consoleSaved', 404: 'notFound', 409: 'escalationEnded' },
  },
  consoleImport: {
    key: 'POST /admin/import',
    page: true,
    handler: 'console-import',
    auth: 'console',
    summary: 'Check or apply an uploaded spreadsheet (all rows or none), shown as a page with every error at its cell; or its faulty-cells copy',
    file: CONSOLE_UPLOAD,
    responses: { 200: 'consoleImported' },
  },
  consoleTemplate: {
    key: 'GET /admin/import/template',
    page: true,
    handler: 'console-files',
    auth: 'console',
    summary: 'The import template (as GET /imports/checkpoints/template)',
    query: ConsoleTemplateQuery,
    responses: { 200: 'spreadsheet' },
  },
  consoleExport: {
    key: 'GET /admin/export',
    page: true,
    handler: 'console-files',
    auth: 'console',
    summary: "The checkpoints the pass may see as the import takes them (as GET /exports/checkpoints)",
    query: ConsoleExportQuery,
    responses: { 200: 'spreadsheet' },
  },
} as const satisfies Record<string, Omit<RouteDef, 'auth'> & { auth: 'console' | 'public' }>;
