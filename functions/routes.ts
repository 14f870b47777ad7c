/**
 * The route table: one list, read by the handlers (their validation), the CDK stack (API routes, one
 * function each, table grants), the local gateway, and the OpenAPI document.
 */
import type { ZodType } from 'zod';
import {
  CheckpointBody,
  CheckpointListQuery,
  CheckpointPath,
  CommunityBody,
  AckLinkQuery,
  BuildSummaryQuery,
  CommunityPath,
  EscalationListQuery,
  EscalationPath,
  PageQuery,
  ReadingBody,
  ReadingListQuery,
  SummaryPath,
  SummaryQuery,
} from './contract/schemas';
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
  /** What else the function uses: SES, the link-signing keys. */
  uses?: readonly ('mail' | 'linkKeys')[];
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
  openapi: {
    key: 'GET /openapi.json',
    handler: 'openapi',
    auth: 'public',
    table: 'none',
    summary: 'This API, as OpenAPI 3.1',
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;

export const routeList = (): (RouteDef & { name: string })[] =>
  Object.entries(routes).map(([name, route]) => ({ name, ...(route as RouteDef) }));

export const methodAndPath = (key: string): { method: string; path: string } => {
  const [method, path] = key.split(' ') as [string, string];
  return { method, path };
};
