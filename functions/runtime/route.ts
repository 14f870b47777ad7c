/** A handler bound to its entry in the route table, so that its validation — and who may call it — is the table's. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Schema as ZodType } from '../contract/schemas';
import type { Actor, OperatorKeyLookup } from '../domain/operators';
import { methodAndPath, type RouteDef } from '../routes';
import { httpHandler, type FormAuthenticator, type HttpHandler, type Reply, type Request } from './http';
import type { UploadedFile } from './http/types';

type Out<T> = T extends ZodType ? import('zod/mini').output<T> : undefined;

/** An admin route's handler is always told who is calling. */
type Authed<R extends RouteDef> = R['auth'] extends 'admin' ? { actor: Actor } : unknown;
/** A route that takes a file always has one. */
type WithFile<R extends RouteDef> = R['file'] extends object ? { file: UploadedFile } : unknown;

export type RouteHandle<R extends RouteDef, A = undefined> = (request: Request<Out<R['body']>, Out<R['params']>, Out<R['query']>, A> & Authed<R> & WithFile<R>) => Promise<Reply>;

/**
 * `operatorKeys` goes with the route table's `operators: 'scoped'` and only with it (functions/runtime/
 * scoped-route.ts binds those routes): a handler bound otherwise fails as it loads, not at a caller.
 */
export const routeHandler = <R extends RouteDef, A = undefined>(route: R, handle: RouteHandle<R, A>, authenticate?: FormAuthenticator<A>, operatorKeys?: () => OperatorKeyLookup) => {
  if (route.auth === 'console') throw new Error(`${route.key}: a console route; bind it with consoleRouteHandler (functions/runtime/console.ts)`);
  if (Boolean(route.operators) !== Boolean(operatorKeys)) {
    throw new Error(`${route.key}: ${route.operators ? 'takes operator keys; bind it with scopedRouteHandler' : 'takes no operator keys; bind it with routeHandler'}`);
  }
  return httpHandler(
    {
      auth: route.auth,
      ...(route.body && { body: route.body }),
      ...(route.params && { path: route.params }),
      ...(route.query && { query: route.query }),
      ...(route.acceptsForm && { acceptsForm: true }),
      ...(route.file && { file: route.file }),
      ...(route.rejectedMetric && { rejectedMetric: route.rejectedMetric }),
      ...(route.formErrorPage && { formErrorPage: true }),
      ...(route.cors && { cors: methodAndPath(route.key).method }),
      ...(route.page && { page: true }),
      ...(operatorKeys && { operatorKeys }),
    },
    handle as never,
    authenticate,
  );
};

/** One function serving several routes (a page's GET and HEAD, a form and its parts): each its own handler. */
export const byRouteKey =
  (handlers: Record<string, HttpHandler>) =>
  (event: APIGatewayProxyEventV2, context: Context) =>
    handlers[event.routeKey]!(event, context);
