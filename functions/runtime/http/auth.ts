/**
 * Who is calling, checked before anything else is looked at: the admin key (constant-time, against the
 * secret), or the presence of a form token. A caller with the wrong credential learns only that
 * (401), whatever else the request holds. What a form token opens is the route's authenticator's to say.
 */
import { UnauthorizedError } from '../../domain/errors';
import { secretsMatch } from '../../domain/secrets';
import { adminKey } from '../admin-key';

/** The hidden field that carries the form token in a form posted without JavaScript. */
export const FORM_TOKEN_FIELD = 'formToken';

export const bearerOf = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};

export const requireAdmin = async (bearer: string | undefined): Promise<void> => {
  if (!bearer) throw new UnauthorizedError('send the admin key as Authorization: Bearer <key>');
  if (!secretsMatch(bearer, await adminKey())) throw new UnauthorizedError('the admin key is not valid');
};

/** A form's fields without its token field, and the token it carried (a string, or nothing). */
export const takeFormToken = (fields: Record<string, unknown>): { fieldToken: string | undefined; rest: Record<string, unknown> } => {
  const { [FORM_TOKEN_FIELD]: fieldToken, ...rest } = fields;
  return { fieldToken: typeof fieldToken === 'string' ? fieldToken : undefined, rest };
};

export const requireFormToken = (token: string | undefined): void => {
  if (!token) throw new UnauthorizedError('send the form token as Authorization: Bearer <token>');
};
