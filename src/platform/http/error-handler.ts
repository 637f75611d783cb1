import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, HTTP_STATUS, type ErrorCode } from '../errors.ts';
import { validationError } from './validation.ts';

/** Fastify's own errors for bad requests, in our vocabulary. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_PROTO_VIOLATION: 'bad_request',
  FST_CSRF_MISSING_SECRET: 'forbidden',
  FST_CSRF_INVALID_TOKEN: 'forbidden',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  payload_too_large: 'The request is larger than this endpoint accepts.',
  unsupported_media_type: 'This endpoint does not accept that Content-Type.',
  forbidden: 'This form has expired or did not come from this site. Reload the page and try again.',
};

/** Signs that the database, not the request, is the problem: the client should retry later. */
function databaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300', '08006', '08001'].includes(String(e.code))) return true;
    if (/PGlite is closed|Connection terminated|pool after calling end/i.test(String(e.message))) return true;
  }
  return false;
}

export function toAppError(error: FastifyError | AppError | Error): AppError | null {
  if (error instanceof AppError) return error;
  if (databaseUnavailable(error)) return new AppError('unavailable', 'The database is not answering. Please try again in a moment.');
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return validationError(fastifyError.validation, fastifyError.validationContext ?? 'body');
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, MESSAGES[mapped] ?? fastifyError.message);
  // Other 4xx errors Fastify raises (bad URL encoding, malformed headers) carry safe messages.
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new AppError(status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request', fastifyError.message);
  }
  return null;
}

export function errorBody(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(error.details ?? {}),
    },
  };
}

/**
 * Errors Fastify raises before a route is found (a URL it cannot decode, a path segment over
 * the length limit), in the same shape as every other error and without echoing the URL.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const appError = tooLong
    ? new AppError('uri_too_long', 'A part of the URL is longer than any address on this site.')
    : new AppError('bad_request', 'The URL is not valid: it contains an encoding that cannot be read.');
  reply.status(HTTP_STATUS[appError.code]).send(errorBody(appError));
}

/** Routes marked `config.html` answer expected errors with a page a reader can act on; the site provides it. */
export type HtmlErrorPage = (request: FastifyRequest, reply: FastifyReply, error: AppError) => unknown;

declare module 'fastify' {
  interface FastifyInstance {
    htmlErrorPage: HtmlErrorPage | null;
  }
  interface FastifyContextConfig {
    /** Errors on this route become an HTML page instead of JSON (forms readers post). */
    html?: boolean;
  }
}

/** The one place errors become HTTP responses. Nothing unexpected reaches a client in detail. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.decorate('htmlErrorPage', null);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError) {
      if (appError.code === 'unauthorized' && request.routeOptions.config.access === 'api-token') reply.header('www-authenticate', 'Bearer realm="masthead"');
      // A refusal that says when to come back (rate limits always do; a full server may) says it in the header too.
      const retryAfter = appError.details?.retryAfterSeconds ?? (appError.code === 'too_many_requests' ? 60 : undefined);
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      if (request.routeOptions.config.html && app.htmlErrorPage) return app.htmlErrorPage(request, reply, appError);
      // A dependency that failed (the media store) says why in `cause`, written for the log and free of secrets.
      const cause = appError.cause instanceof Error ? { cause: appError.cause.message } : {};
      request.log[appError.code === 'unavailable' ? 'warn' : 'info']({ code: appError.code, field: appError.field, ...cause }, appError.message);
      return reply.status(HTTP_STATUS[appError.code]).send(errorBody(appError));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } });
  });
}

export function notFoundJson(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody(new AppError('not_found', `Nothing is served at ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`)));
}
