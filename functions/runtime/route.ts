/** A handler bound to its entry in the route table, so that its validation is the table's. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Schema as ZodType } from '../contract/schemas';
import { methodAndPath, type RouteDef } from '../routes';
import { httpHandler, type FormAuthenticator, type HttpHandler, type Reply, type Request } from './http';

type Out<T> = T extends ZodType ? import('zod/mini').output<T> : undefined;

export const routeHandler = <R extends RouteDef, A>(
  route: R,
  handle: (request: Request<Out<R['body']>, Out<R['params']>, Out<R['query']>, A>) => Promise<Reply>,
  authenticate?: FormAuthenticator<A>,
) =>
  httpHandler(
    {
      auth: route.auth,
      ...(route.body && { body: route.body }),
      ...(route.params && { path: route.params }),
      ...(route.query && { query: route.query }),
      ...(route.acceptsForm && { acceptsForm: true }),
      ...(route.rejectedMetric && { rejectedMetric: route.rejectedMetric }),
      ...(route.formErrorPage && { formErrorPage: true }),
      ...(route.cors && { cors: methodAndPath(route.key).method }),
      ...(route.page && { page: true }),
    },
    handle as never,
    authenticate,
  );

/** One function serving several routes (a page's GET and HEAD, a form and its parts): each its own handler. */
export const byRouteKey =
  (handlers: Record<string, HttpHandler>) =>
  (event: APIGatewayProxyEventV2, context: Context) =>
    handlers[event.routeKey]!(event, context);
