/**
 * The handler of an admin route that community operator keys may use too (`operators: 'scoped'` in the
 * route table): its auth looks an operator key up in the table, by its id, on every request. Apart from
 * route.ts because it loads the table's adapter, which functions without the table (the form page, the
 * OpenAPI document) must not.
 */
import { communitiesListed, type Actor } from '../domain/operators';
import type { RouteDef } from '../routes';
import { dynamoStore, operatorKeyDynamoStore } from './deps';
import { routeHandler, type RouteHandle } from './route';

export const scopedRouteHandler = <R extends RouteDef & { auth: 'admin'; operators: 'scoped' }>(route: R, handle: RouteHandle<R>) =>
  routeHandler(route, handle, undefined, operatorKeyDynamoStore);

/** The ids of the communities a request may read: the one asked for (if the actor's), an operator's own, or the county's for the admin. */
export const communityIdsInScope = async (actor: Actor, requested: string | undefined): Promise<readonly string[]> =>
  communitiesListed(actor, requested) ?? (await dynamoStore().allCommunities()).map((community) => community.communityId);
