/**
 * Typed errors. Each one that a caller may see carries its HTTP status; the runtime maps them to the
 * JSON error contract in one place. Anything else is an unexpected fault and reaches callers only as a
 * generic 500 with a request id.
 */
export interface IssueDetail {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly issues?: IssueDetail[];
  /** Seconds a client should wait before trying again, where that helps. */
  readonly retryAfter?: number;
}

const errorClass = (status: number, code: string) =>
  class extends DomainError {
    readonly status = status;
    readonly code = code;
  };

export class ValidationError extends errorClass(400, 'invalid_request') {
  constructor(
    message: string,
    override readonly issues: IssueDetail[] = [],
  ) {
    super(message);
  }
}
export class UnauthorizedError extends errorClass(401, 'unauthorized') {}
export class ForbiddenError extends errorClass(403, 'forbidden') {}
export class NotFoundError extends errorClass(404, 'not_found') {}
/** Permanent: the request contradicts what is stored (a submissionId used for another reading). Sending it again will not help. */
export class ConflictError extends errorClass(409, 'conflict') {}
export class PayloadTooLargeError extends errorClass(413, 'payload_too_large') {}
export class UnsupportedMediaTypeError extends errorClass(415, 'unsupported_media_type') {}
export class TooManyRequestsError extends errorClass(429, 'too_many_requests') {
  constructor(
    message: string,
    override readonly retryAfter: number,
  ) {
    super(message);
  }
}
/**
 * Transient: other writes to the same record kept winning (a burst of readings at one checkpoint, two
 * edits at once). Nothing was stored; the same request sent again after Retry-After will be taken.
 */
export class BusyError extends errorClass(503, 'busy') {
  constructor(
    message: string,
    override readonly retryAfter = 1,
  ) {
    super(message);
  }
}
/**
 * What a 503 `unavailable` says, in the answer and in the contract alike: a dependency that failed or
 * did not answer in time (or the function's own time running out) leaves the write's outcome unknown —
 * DynamoDB may have applied it — so only the same request sent again is safe, and a reading sent again
 * with its submissionId is stored once.
 */
export const UNAVAILABLE_MESSAGE = 'the service is briefly unavailable, and what you sent may have been stored: send it again unchanged (a reading with the same submissionId)';

/** A dependency (the table, the mail service) is unreachable: what was sent may have been stored, send the same again. */
export class UnavailableError extends errorClass(503, 'unavailable') {
  constructor(
    message: string,
    override readonly retryAfter = 5,
  ) {
    super(message);
  }
}
