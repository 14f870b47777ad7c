/**
 * The console's pages (they read only) and its sign-in: the communities, a community, a checkpoint,
 * gate sheets, escalations and the spreadsheet page. What an operator key may see is asked of
 * functions/domain/operators.ts, as the API's routes ask it: another community's record is a 403.
 */
import { consoleRoutes } from '../console-routes';
import { listAudit } from '../domain/audit-query';
import { auditPage, type ShownEntry } from '../pages/console/audit';
import { auditFilterOf, auditLink, filterFieldOf } from '../pages/console/audit-filter';
import type { Issue } from '../pages/console/fields';
import { ACTIVE_STATUSES, ENDED_STATUSES } from '../domain/escalation/rules';
import type { Checkpoint } from '../domain/model';
import { authenticateOperator, COUNTY_ADMIN, operatorKeyIdOf, requireCountyAdmin, visibleTo, type Actor } from '../domain/operators';
import { BOARD_PASS, CONSOLE_PASS, originOf, passText, signPass } from '../domain/passes';
import { viewOf } from '../domain/registry';
import { secretsMatch } from '../domain/secrets';
import { ForbiddenError } from '../domain/errors';
import { compareIds } from '../domain/text';
import { communitiesPage, type CommunityRow } from '../pages/console/communities';
import { escalationsPage, type ShownEscalation } from '../pages/console/escalations';
import { namedAddress } from '../domain/escalation/addresses';
import { signInPage } from '../pages/console/frame';
import { importPage } from '../pages/console/import';
import { consoleSheetPage } from '../pages/console/sheet';
import { adminKey, linkKeys } from '../runtime/admin-key';
import { BOARD_COOKIE, CONSOLE_COOKIE, CONSOLE_HEADERS, consoleRouteHandler, FormFields, langCookie, PASS_MAX_AGE } from '../runtime/console';
import {
  attempt,
  checkpointPageOf,
  communityPageOf,
  newCheckpointPageOf,
  newCommunityPageOf,
  operatorKeysPageOf,
  pageReply,
  refusal,
  shownAuditEntries,
  viewOfSession,
  visibleCommunityRecords,
} from '../runtime/console-views';
import { dynamoStore, escalationDynamoStore, operatorKeyDynamoStore } from '../runtime/deps';
import type { Reply } from '../runtime/http';
import { printableFormUrl } from '../runtime/links';
import { byRouteKey, routeHandler } from '../runtime/route';
import { communityIdsInScope } from '../runtime/scoped-route';

const HTML = 'text/html; charset=utf-8';
/** Active escalations shown, newest first: every one (at most one a checkpoint), up to a list's most. */
const ACTIVE_SHOWN = 1000;
/** Ended escalations shown under the active ones, newest first. */
const ENDED_SHOWN = 20;

/** The communities an actor may see, in id order, with their checkpoints as shown now. */
const visibleCommunities = async (actor: Actor, now: Date): Promise<CommunityRow[]> => {
  const store = dynamoStore();
  const communities = await visibleCommunityRecords(actor);
  // The county's checkpoints in one query; an operator's community by community.
  const checkpoints: Checkpoint[] = actor.kind === 'admin' ? await store.allCheckpoints() : (await Promise.all(communities.map((community) => store.checkpointsOf(community.communityId)))).flat();
  return communities.map((community) => ({
    communityId: community.communityId,
    name: community.name,
    timezone: community.timezone,
    checkpoints: checkpoints
      .filter((checkpoint) => checkpoint.communityId === community.communityId)
      .sort((a, b) => compareIds(a.checkpointId, b.checkpointId))
      .map((checkpoint) => viewOf(checkpoint, now)),
  }));
};

const home = consoleRouteHandler(consoleRoutes.consoleHome, async ({ session, now }) => pageReply(communitiesPage(viewOfSession(session), await visibleCommunities(session.actor, now))));

const community = consoleRouteHandler(consoleRoutes.consoleCommunity, async ({ session, path, query, now }) => {
  const found = visibleTo(session.actor, await dynamoStore().community(path.communityId), `community ${path.communityId}`);
  const saved = query.saved === '1' ? 'saved' : query.saved === 'created' ? 'created' : undefined;
  return pageReply(await communityPageOf(session, found, now, undefined, saved));
});

const SAVED = { '1': 'saved', created: 'created', paused: 'paused', resumed: 'resumed' } as const;

const checkpoint = consoleRouteHandler(consoleRoutes.consoleCheckpoint, async ({ session, path, query, now }) => {
  const found = visibleTo(session.actor, await dynamoStore().checkpoint(path.checkpointId), `checkpoint ${path.checkpointId}`);
  const saved = query.saved && query.saved !== 'acknowledged' ? SAVED[query.saved] : undefined;
  return pageReply(await checkpointPageOf(session, found, now, undefined, saved));
});

const sheet = consoleRouteHandler(consoleRoutes.consoleSheet, async ({ session, path, query, baseUrl }) => {
  const store = dynamoStore();
  const owner = visibleTo(session.actor, await store.community(path.communityId), `community ${path.communityId}`);
  let checkpoints: Checkpoint[];
  if (query.checkpointId) {
    const one = visibleTo(session.actor, await store.checkpoint(query.checkpointId), `checkpoint ${query.checkpointId}`);
    // One card of this community: another community's checkpoint is not on its sheet.
    if (one.communityId !== owner.communityId) throw new ForbiddenError(`checkpoint ${query.checkpointId} is not in community ${owner.communityId}`);
    checkpoints = [one];
  } else {
    checkpoints = (await store.checkpointsOf(owner.communityId)).sort((a, b) => compareIds(a.checkpointId, b.checkpointId));
  }
  const cards = await Promise.all(checkpoints.map(async (one) => ({ checkpointId: one.checkpointId, name: one.name, formUrl: await printableFormUrl(one, baseUrl) })));
  const back = query.checkpointId ? `/admin/checkpoints/${encodeURIComponent(query.checkpointId)}` : `/admin/communities/${encodeURIComponent(owner.communityId)}`;
  return pageReply(consoleSheetPage(viewOfSession(session), { communityName: owner.name, back, cards, rotated: query.rotated === '1' }));
});

const escalations = consoleRouteHandler(consoleRoutes.consoleEscalations, async ({ session, query }) => {
  const store = escalationDynamoStore();
  const registry = dynamoStore();
  const communityIds = await communityIdsInScope(session.actor, query.communityId);
  const [active, ended] = await Promise.all([
    store.listEscalations({ communityIds, statuses: ACTIVE_STATUSES, limit: ACTIVE_SHOWN }),
    store.listEscalations({ communityIds, statuses: ENDED_STATUSES, limit: ENDED_SHOWN }),
  ]);
  const shown = [...active, ...ended];
  const [checkpoints, communities] = await Promise.all([
    registry.checkpointsById([...new Set(shown.map((escalation) => escalation.checkpointId))]),
    registry.communitiesById([...new Set(shown.map((escalation) => escalation.communityId))]),
  ]);
  const checkpointById = new Map(checkpoints.map((one) => [one.checkpointId, one]));
  const communityById = new Map(communities.map((one) => [one.communityId, one]));
  const withTimeline = (list: typeof shown): Promise<ShownEscalation[]> =>
    Promise.all(
      list.map(async (escalation) => ({
        escalation,
        checkpointName: checkpointById.get(escalation.checkpointId)?.name ?? escalation.checkpointId,
        communityName: communityById.get(escalation.communityId)?.name ?? escalation.communityId,
        timezone: checkpointById.get(escalation.checkpointId)?.timezone ?? communityById.get(escalation.communityId)?.timezone ?? 'Asia/Shanghai',
        notices: await store.notices(escalation.escalationId),
        named: (address: string) => namedAddress(address, checkpointById.get(escalation.checkpointId), communityById.get(escalation.communityId)),
      })),
    );
  const communityName = query.communityId ? communityById.get(query.communityId)?.name ?? (await registry.community(query.communityId))?.name : undefined;
  return pageReply(
    escalationsPage(viewOfSession(session), {
      active: await withTimeline(active),
      ended: await withTimeline(ended),
      acknowledged: query.saved === 'acknowledged',
      ...(communityName && { community: communityName }),
    }),
  );
});

const importForm = consoleRouteHandler(consoleRoutes.consoleImportPage, async ({ session }) => pageReply(importPage(viewOfSession(session))));

// ---- the audit trail, the operator keys, new registrations ----

/**
 * The audit trail as GET /audit lists it (listAudit), for the same scope: the filter's fields made into
 * its query (pages/console/audit-filter.ts), each refusal at its field; an operator's pass sees its
 * communities' entries only (another community is a 403, as for GET /audit).
 */
const audit = consoleRouteHandler(consoleRoutes.consoleAudit, async ({ session, query }) => {
  const communities = await visibleCommunityRecords(session.actor);
  const filter = auditFilterOf(query, (communityId) => communities.find((community) => community.communityId === communityId)?.timezone);
  const asked = filter.query;
  const listed = asked ? await attempt(() => listAudit(dynamoStore(), session.actor, asked), filterFieldOf) : refusal(filter.issues);
  const render = (entries: ShownEntry[], issues: Issue[], older?: string) =>
    auditPage(viewOfSession(session), {
      values: FormFields.of(filter.fields),
      issues,
      communities,
      entries,
      ...(older && { older }),
      ...(query.cursor && { newest: auditLink(filter) }),
      county: session.actor.kind === 'admin' && !filter.fields.communityId,
    });
  if (!listed.done) return pageReply(render([], listed.issues), listed.status);
  const { items, next } = listed.value;
  return pageReply(render(await shownAuditEntries(items, communities), [], next && auditLink(filter, next)));
});

const operatorKeys = consoleRouteHandler(consoleRoutes.consoleOperatorKeys, async ({ session, query }) => {
  requireCountyAdmin(session.actor, 'managing operator keys');
  return pageReply(await operatorKeysPageOf(session, { revoked: query.saved === 'revoked' }));
});

const newCommunity = consoleRouteHandler(consoleRoutes.consoleNewCommunity, async ({ session }) => {
  requireCountyAdmin(session.actor, 'creating a community');
  return pageReply(newCommunityPageOf(session));
});

const newCheckpoint = consoleRouteHandler(consoleRoutes.consoleNewCheckpoint, async ({ session, path }) => {
  const owner = visibleTo(session.actor, await dynamoStore().community(path.communityId), `community ${path.communityId}`);
  return pageReply(newCheckpointPageOf(session, owner));
});

// ---- signing in and out ----

/** Who a key is: the county admin, an operator (looked up by its id), or nobody. */
const actorOfKey = async (key: string): Promise<Actor | undefined> => {
  if (operatorKeyIdOf(key)) return authenticateOperator(operatorKeyDynamoStore(), key);
  return secretsMatch(key, await adminKey()) ? COUNTY_ADMIN : undefined;
};

const cookie = (name: string, value: string, path: string, maxAge: number, secure: boolean) =>
  `${name}=${value}; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

/**
 * Signing in sets the console's pass (Path=/admin) and the board's (Path=/board), each signed for its
 * own purpose: the board opens signed in, and a board pass never opens the console. Refused from
 * another site's page like every console POST (a forged sign-in would sign the victim in as the forger).
 */
const signIn = routeHandler(consoleRoutes.consoleSignIn, async ({ body, headers, now, baseUrl }): Promise<Reply> => {
  const lang = body.lang ?? 'zh';
  if (originOf(headers) === 'foreign') throw new ForbiddenError('this form was sent from another site; the console takes forms from its own pages only');
  const actor = await actorOfKey(body.key);
  if (!actor) return { status: 401, contentType: HTML, headers: CONSOLE_HEADERS, text: signInPage(lang, { error: true, ...(body.next && { next: body.next }) }) };
  const keys = await linkKeys();
  const secure = baseUrl.startsWith('https:');
  return {
    status: 303,
    headers: { ...CONSOLE_HEADERS, location: body.next ?? '/admin' },
    cookies: [
      cookie(CONSOLE_COOKIE, passText(signPass(keys, CONSOLE_PASS, actor, now)), '/admin', PASS_MAX_AGE, secure),
      cookie(BOARD_COOKIE, passText(signPass(keys, BOARD_PASS, actor, now)), '/board', PASS_MAX_AGE, secure),
      langCookie(lang, secure),
    ],
  };
});

const signOut = consoleRouteHandler(consoleRoutes.consoleSignOut, async ({ baseUrl }) => {
  const secure = baseUrl.startsWith('https:');
  return { status: 303, headers: { location: '/admin' }, cookies: [cookie(CONSOLE_COOKIE, '', '/admin', 0, secure), cookie(BOARD_COOKIE, '', '/board', 0, secure)] };
});

export const handler = byRouteKey({
  [consoleRoutes.consoleHome.key]: home,
  [consoleRoutes.consoleSignIn.key]: signIn,
  [consoleRoutes.consoleSignOut.key]: signOut,
  [consoleRoutes.consoleCommunity.key]: community,
  [consoleRoutes.consoleCheckpoint.key]: checkpoint,
  [consoleRoutes.consoleSheet.key]: sheet,
  [consoleRoutes.consoleEscalations.key]: escalations,
  [consoleRoutes.consoleImportPage.key]: importForm,
  [consoleRoutes.consoleAudit.key]: audit,
  [consoleRoutes.consoleOperatorKeys.key]: operatorKeys,
  [consoleRoutes.consoleNewCommunity.key]: newCommunity,
  [consoleRoutes.consoleNewCheckpoint.key]: newCheckpoint,
});
