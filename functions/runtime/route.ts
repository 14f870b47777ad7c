/** A handler bound to its entry in the route table, so that its validation is the table's. */
import type { ZodType } from 'zod';
import type { RouteDef } from '../routes';
import { httpHandler, type FormAuthenticator, type Reply, type Request } from './http';

type Out<T> = T extends ZodType ? import('zod').output<T> : undefined;

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
      ...(route.formErrorPage && { formErrorPage: route.formErrorPage }),
    },
    handle as never,
    authenticate,
  );
