/**
 * The handler of an admin route that community operator keys may use too (`operators: 'scoped'` in the
 * route table): its auth looks an operator key up in the table, by its id, on every request. Apart from
 * route.ts because it loads the table's adapter, which functions without the table (the form page, the
 * OpenAPI document) must not.
 */
import type { RouteDef } from '../routes';
import { operatorKeyDynamoStore } from './deps';
import { routeHandler, type RouteHandle } from './route';

export const scopedRouteHandler = <R extends RouteDef & { auth: 'admin'; operators: 'scoped' }>(route: R, handle: RouteHandle<R>) =>
  routeHandler(route, handle, undefined, operatorKeyDynamoStore);
