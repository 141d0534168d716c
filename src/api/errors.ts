/**
 * The API's one error shape: Fastify's `{statusCode, error, message}` plus a
 * stable machine-readable `code`, and for a few errors extra fields a client
 * acts on (FEED_EXISTS carries the `feedId` it collided with).
 */
import { STATUS_CODES } from 'node:http';
import { FeedloomError } from '../core/errors.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  [extra: string]: unknown;
}

/** An error raised by a route itself, which knows its status; `fields` are added to the response body. */
export class ApiError extends FeedloomError {
  readonly statusCode: number;
  readonly fields: Record<string, string | number | boolean | null>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    fields: Record<string, string | number | boolean | null> = {},
  ) {
    super(code, message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.fields = fields;
  }
}

export function errorBody(statusCode: number, code: string, message: string, fields: Record<string, unknown> = {}): ErrorBody {
  return { ...fields, statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

export const notFound = (code: string, what: string, id: string): ApiError =>
  new ApiError(404, code, `${what} ${JSON.stringify(id)} does not exist`);
