/**
 * The one error handler and the not-found handler, so every failure leaves
 * the API in the same shape (see ../errors.ts). Bad input of any kind ends
 * as a 4xx; only our own bugs and dead dependencies are 5xx, and those answer
 * with a generic message while the log gets the stack.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { FeedloomError } from '../../core/errors.js';
import { httpStatusOf, type StatusOverrides } from '../error-status.js';
import { ApiError, errorBody, type ErrorBody } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's exceptions to the code -> status table (error-status.ts). */
    errorStatus?: StatusOverrides;
  }
}
import { validationMessage, type SchemaError } from '../validation-message.js';

/** Fastify's own request errors, with the code clients see instead of the FST_ name. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_BAD_URL: 'INVALID_REQUEST_URL',
};

const MESSAGES: Record<string, string> = {
  INVALID_JSON: 'the request body is not valid JSON',
  UNSUPPORTED_MEDIA_TYPE: 'this route does not accept that Content-Type (send application/json)',
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

function asFastifyLike(err: unknown): FastifyLikeError {
  return typeof err === 'object' && err !== null ? (err as FastifyLikeError) : {};
}

function statusName(statusCode: number): string {
  return (STATUS_CODES[statusCode] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** Maps anything thrown during a request to the status and body the client gets; null means "internal". */
export function toErrorBody(err: unknown, overrides?: StatusOverrides): ErrorBody | null {
  if (err instanceof ApiError) return errorBody(err.statusCode, err.code, err.message, err.fields);
  if (err instanceof FeedloomError) return errorBody(httpStatusOf(err, overrides), err.code, err.message);
  const e = asFastifyLike(err);
  if (Array.isArray(e.validation)) {
    const part = typeof e.validationContext === 'string' ? e.validationContext : 'request';
    return errorBody(400, 'VALIDATION_ERROR', validationMessage(part, e.validation as SchemaError[]));
  }
  // PostgreSQL refuses NUL in text (22021) and \u0000 in JSON (22P05): the input was bad, not the server.
  if (e.code === '22021' || e.code === '22P05') {
    return errorBody(400, 'INVALID_TEXT', 'the request holds a NUL character (U+0000), which cannot be stored');
  }
  // Only Fastify's own errors are trusted to carry a client-facing status; anything else is our bug.
  if (typeof e.code === 'string' && e.code.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode < 500) {
    const code = FASTIFY_CODES[e.code] ?? statusName(e.statusCode);
    const message = MESSAGES[code] ?? (typeof e.message === 'string' ? e.message : statusName(e.statusCode));
    return errorBody(e.statusCode, code, message);
  }
  return null;
}

export const INTERNAL_ERROR_BODY = errorBody(500, 'INTERNAL', 'internal error; the server log has the details');

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a path that is
 * not valid percent-encoded UTF-8, a path parameter over maxParamLength) never
 * reach setErrorHandler, and without this they answer Fastify's body with an
 * FST_ code instead of ours.
 */
export function sendFrameworkError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(err) ?? INTERNAL_ERROR_BODY;
  if (body.statusCode >= 500) request.log.error({ err, url: request.url }, 'request failed in the router');
  void reply.code(body.statusCode).send(body);
}

async function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(err, request.routeOptions.config.errorStatus);
    if (body === null) {
      request.log.error({ err, url: request.url, method: request.method }, 'request failed with an unexpected error');
      return reply.code(500).send(INTERNAL_ERROR_BODY);
    }
    if (body.statusCode >= 500) request.log.warn({ err, code: body.code }, 'request failed');
    else request.log.info({ code: body.code, statusCode: body.statusCode, message: body.message }, 'request refused');
    return reply.code(body.statusCode).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    return reply.code(404).send(errorBody(404, 'NOT_FOUND', `no route ${request.method} ${shown}`));
  });
}

export default fp(errorHandlerPlugin, { name: 'feedloom-error-handler' });
