/**
 * Who is calling, checked before anything else is looked at: on admin routes the county admin key
 * (constant-time, against the secret) or, where the route takes them, a community operator key (looked
 * up by its id on every request, so a revoked key fails at once) — the result is the request's Actor;
 * on form routes the presence of a form token. A caller with the wrong credential learns only that
 * (401), whatever else the request holds. What a form token opens is the route's authenticator's to
 * say; what an operator may touch, the domain's (functions/domain/operators.ts).
 */
import { ForbiddenError, UnauthorizedError } from '../../domain/errors';
import { authenticateOperator, COUNTY_ADMIN, operatorKeyIdOf, type Actor, type OperatorKeyLookup } from '../../domain/operators';
import { secretsMatch } from '../../domain/secrets';
import { adminKey } from '../admin-key';

/** The hidden field that carries the form token in a form posted without JavaScript. */
export const FORM_TOKEN_FIELD = 'formToken';

export const bearerOf = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};

/**
 * The actor of an admin route. `operatorKeys` is given where the route takes operator keys (the route
 * table's `operators: 'scoped'`); elsewhere an operator key is refused with 403 without being looked up
 * — those functions need not read the table for it — and the message says only what the route takes.
 */
export const authenticateAdmin = async (bearer: string | undefined, operatorKeys?: () => OperatorKeyLookup): Promise<Actor> => {
  if (!bearer) throw new UnauthorizedError('send the admin key as Authorization: Bearer <key>');
  if (operatorKeyIdOf(bearer)) {
    if (!operatorKeys) throw new ForbiddenError('this route takes the county admin key; an operator key may not use it');
    const actor = await authenticateOperator(operatorKeys(), bearer);
    if (!actor) throw new UnauthorizedError('the operator key is not valid (it may have been revoked)');
    return actor;
  }
  if (!secretsMatch(bearer, await adminKey())) throw new UnauthorizedError('the admin key is not valid');
  return COUNTY_ADMIN;
};

/** A form's fields without its token field, and the token it carried (a string, or nothing). */
export const takeFormToken = (fields: Record<string, unknown>): { fieldToken: string | undefined; rest: Record<string, unknown> } => {
  const { [FORM_TOKEN_FIELD]: fieldToken, ...rest } = fields;
  return { fieldToken: typeof fieldToken === 'string' ? fieldToken : undefined, rest };
};

export const requireFormToken = (token: string | undefined): void => {
  if (!token) throw new UnauthorizedError('send the form token as Authorization: Bearer <token>');
};
