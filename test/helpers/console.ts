/**
 * The console through its real handlers, as a browser uses it: a request with its cookies, a form
 * (base64-encoded, as API Gateway hands over bodies that are not text) or a multipart upload, from the
 * console's own origin unless told otherwise; signing in with a key for the pass cookie and the page's
 * CSRF token; pages read and forms posted with that session.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as consolePages } from '../../functions/handlers/console';
import { handler as consoleSave } from '../../functions/handlers/console-save';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { fakeContext } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from './county';
import { httpEvent, invoke } from './events';
import { useFreshTable } from './table';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

/** An answer as the browser gets it: a file's bytes as latin1 text. */
export interface Got {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  text: string;
}

/** The console's own origin, which its forms are posted from. */
export const OWN_ORIGIN = 'https://api.test';

export interface ConsoleCall {
  routeKey: string;
  path?: Record<string, string>;
  query?: Record<string, string>;
  form?: [string, string][];
  cookies?: string[];
  /** The Origin of a POST: the console's own by default, null for none. */
  origin?: string | null;
  multipart?: { body: Buffer; type: string };
}

export const call = async (handler: Handler, input: ConsoleCall): Promise<Got> => {
  const body = input.multipart?.body ?? (input.form ? Buffer.from(new URLSearchParams(input.form).toString()) : undefined);
  const event: APIGatewayProxyEventV2 = {
    ...httpEvent({
      routeKey: input.routeKey,
      ...(input.path && { pathParameters: input.path }),
      ...(input.query && { query: input.query }),
      headers: {
        ...(body && { 'content-type': input.multipart?.type ?? 'application/x-www-form-urlencoded' }),
        ...(input.origin !== null && input.routeKey.startsWith('POST') && { origin: input.origin ?? OWN_ORIGIN }),
      },
    }),
    ...(input.cookies && { cookies: input.cookies }),
    ...(body && { body: body.toString('base64'), isBase64Encoded: true }),
  };
  const result = (await handler(event, fakeContext('test'))) as { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean };
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('latin1') : (result.body ?? '');
  return { status: result.statusCode, headers: result.headers ?? {}, cookies: result.cookies ?? [], text };
};

/** A signed-in browser: its console pass cookie, and the CSRF token its pages' forms carry. */
export interface Session {
  cookies: string[];
  csrf: string;
}

/** Signs in with a key; undefined when the key is refused. */
export const signIn = async (key: string): Promise<Session | undefined> => {
  const signed = await call(consolePages, { routeKey: 'POST /admin/sign-in', form: [['key', key]] });
  if (signed.status !== 303) return undefined;
  const cookies = signed.cookies.map((cookie) => cookie.split(';')[0]!).filter((cookie) => cookie.startsWith('cw_admin='));
  const home = await call(consolePages, { routeKey: 'GET /admin', cookies });
  const csrf = /name="csrf" value="([^"]+)"/.exec(home.text)?.[1];
  return csrf === undefined ? undefined : { cookies, csrf };
};

/** A console page (the pages' function) read with the session. */
export const page = (session: Session, routeKey: string, path?: Record<string, string>, query?: Record<string, string>): Promise<Got> =>
  call(consolePages, { routeKey, cookies: session.cookies, ...(path && { path }), ...(query && { query }) });

/** A saving form (console-save) posted with the session and its CSRF token. */
export const post = (session: Session, routeKey: string, form: [string, string][], path?: Record<string, string>): Promise<Got> =>
  call(consoleSave, { routeKey, cookies: session.cookies, form: [['csrf', session.csrf], ...form], ...(path && { path }) });

/**
 * The county both console test files start from, on a fresh table: two communities (yuyue, beimen) with
 * a checkpoint each (yuyue-1, beimen-1); `operatorKey` issues a key for some of them, as the API does.
 */
export const freshCounty = async (): Promise<void> => {
  await useFreshTable();
  await registerCommunity('yuyue');
  await registerCommunity('beimen');
  await registerCheckpoint('yuyue-1', { communityId: 'yuyue' });
  await registerCheckpoint('beimen-1', { communityId: 'beimen' });
};

export const operatorKey = async (name: string, communityIds: string[]): Promise<string> =>
  (await invoke(createOperatorKey, { routeKey: 'POST /operator-keys', admin: true, body: { name, communityIds } })).json.key as string;
