/**
 * The one place that decides which HTTP status a pipeline error answers
 * with. Stages throw a `code` (see core/errors.ts) and know nothing of HTTP;
 * a route that needs a different answer for the same code passes an override
 * (preview says 422 where registration says 400 for NOT_A_FEED: the preview
 * client asked what the URL holds, registration was given bad input).
 */
import { FeedloomError, FetchError, ParseError } from '../core/errors.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // Bad input the client can fix.
  INVALID_URL: 400,
  BLOCKED_ADDRESS: 400,
  NOT_A_FEED: 400,
  INVALID_OPML: 400,
  INVALID_FILTER: 400,
  INVALID_RULE: 400,
  NOT_WORDPRESS: 400,
  INVALID_FETCH_OPTIONS: 400,
  INVALID_CURSOR: 400,
  INVALID_POLL_INTERVAL: 400,
  INVALID_WEBHOOK_SECRET: 400,
  INVALID_ARGUMENT: 400,
  SECRET_KEY_REQUIRED: 400,
  STORE_CONFLICT: 409,
  WEBHOOK_EXISTS: 409,
  // Our side: the store or its configuration.
  STORE_CORRUPT_ROW: 500,
  INVALID_DATABASE_URL: 500,
  DATABASE_UNAVAILABLE: 500,
  MIGRATION_FAILED: 500,
  SECRET_UNREADABLE: 500,
};

/** A route's exceptions to the table, by code. */
export type StatusOverrides = Readonly<Record<string, number>>;

/**
 * The status for `err`: the route's override, the table, else by family (an
 * upstream server's failure is 502, a document we cannot read 422, any other
 * refusal 400). Anything that is not a FeedloomError is our bug: 500.
 */
export function httpStatusOf(err: Error, overrides: StatusOverrides = {}): number {
  if (!(err instanceof FeedloomError)) return 500;
  const listed = overrides[err.code] ?? STATUS_BY_CODE[err.code];
  if (listed !== undefined) return listed;
  if (err instanceof FetchError) return 502;
  if (err instanceof ParseError) return 422;
  return 400;
}
