/**
 * Expected failures are values with a code. The HTTP layer maps each code to a status in one
 * place (http/error-handler.ts); domains never think in status codes.
 */
export type ErrorCode =
  | 'bad_request' // malformed syntax: unparsable JSON, a cursor we did not issue
  | 'unauthorized' // no credentials, or credentials we do not accept
  | 'forbidden' // known caller, not allowed
  | 'not_found'
  | 'gone' // existed and was withdrawn (unpublished articles)
  | 'conflict' // stale version, duplicate slug, still in use
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'invalid' // well-formed, but a field's value is not acceptable
  | 'too_many_requests' // slow down: details.retryAfterSeconds says for how long
  | 'unavailable'; // a dependency (the database) does not answer

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Path of the offending field, e.g. `body[3].href` or `authors[1]`. */
    readonly field?: string,
    /** Extra machine-readable facts, e.g. the current version on a conflict. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (field: string, message: string) => new AppError('invalid', message, field);
export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const conflict = (message: string, field?: string, details?: Record<string, unknown>) => new AppError('conflict', message, field, details);

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  invalid: 422,
  too_many_requests: 429,
  unavailable: 503,
};
