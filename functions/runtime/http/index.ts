/**
 * The HTTP runtime, one concern per module as middy ships its middlewares: the stack (stack.ts), CORS
 * (cors.ts), the error contract (errors.ts), auth (auth.ts), the edge of the contract (request.ts), body
 * decoding (body.ts) and forms without JavaScript (urlencoded.ts). Handlers import from here.
 */
export { FORM_TOKEN_FIELD } from './auth';
export { MAX_BODY_BYTES } from './body';
export { httpHandler } from './stack';
export type { Auth, FormAuthenticator, HttpHandler, Reply, Request, RouteSpec } from './types';
export { formFields } from './urlencoded';
