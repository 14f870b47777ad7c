/**
 * What an SDK (or socket) error says about the dependency behind it, read from the error's name, code
 * and HTTP status: only adapters see these errors raw, so the reading lives beside them. The error
 * contract (functions/runtime/errors.ts) answers a 503 with Retry-After for these, saying what was sent
 * may have been stored (a request that timed out or lost its connection may have been applied); the
 * mailers defer a notice on them.
 */

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** True for faults of a dependency that a later attempt may not meet: unreachable, throttled, 5xx. */
export const isUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  // middy names its own early timeout TimeoutError too: the function's time, not a dependency (functions/runtime/errors.ts).
  if ((error.cause as { package?: unknown } | undefined)?.package === '@middy/core') return false;
  const withMeta = error as Error & { code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (UNAVAILABLE_NAMES.has(error.name) || (withMeta.code && UNAVAILABLE_CODES.has(withMeta.code))) return true;
  if ((withMeta.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return withMeta.cause !== undefined && isUnavailable(withMeta.cause);
};
