/**
 * Errors to responses, in one place. A domain error shows its message; a dependency that cannot be
 * reached, or the function's time running out (middy answers just before Lambda's cut), is a 503 with
 * Retry-After that says only what is known: what was sent may have been stored, so send the same again;
 * anything else is a generic 500 that names the request id and nothing more. What counts as
 * unreachable is read from the SDK's errors, by the adapters' own classifier (functions/adapters/sdk-errors.ts).
 */
import { isUnavailable } from '../adapters/sdk-errors';
import { DomainError, UNAVAILABLE_MESSAGE } from '../domain/errors';

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; requestId?: string };
}

export interface ErrorResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const jsonResponse = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const errorResponse = (error: unknown, requestId: string | undefined): { response: ErrorResponse; body: ErrorBody; expected: boolean } => {
  if (error instanceof DomainError) {
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, ...(error.issues && error.issues.length > 0 && { issues: error.issues }) },
    };
    const headers: Record<string, string> = error.retryAfter ? { 'retry-after': String(error.retryAfter) } : {};
    return { response: jsonResponse(error.status, body, headers), body, expected: true };
  }
  if (isUnavailable(error) || isOutOfTime(error)) {
    const body: ErrorBody = {
      error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE, ...(requestId && { requestId }) },
    };
    return { response: jsonResponse(503, body, { 'retry-after': '5' }), body, expected: false };
  }
  const body: ErrorBody = {
    error: { code: 'internal', message: 'something went wrong on our side', ...(requestId && { requestId }) },
  };
  return { response: jsonResponse(500, body), body, expected: false };
};

/**
 * middy's own early timeout (`TimeoutError`, caused by `@middy/core`): the handler ran out of the
 * function's time and is still running, its write perhaps under way — not a dependency's fault.
 */
export const isOutOfTime = (error: unknown): boolean =>
  error instanceof Error && error.name === 'TimeoutError' && (error.cause as { package?: unknown } | undefined)?.package === '@middy/core';
