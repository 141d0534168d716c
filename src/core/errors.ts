/**
 * One error type for everything the pipeline can refuse. `code` is stable and
 * machine-readable (it reaches API clients and the feed's `lastError`). Stages
 * say what went wrong, never which HTTP status that is: the API's one table
 * (src/api/error-status.ts) decides.
 */
export class FeedloomError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FeedloomError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * A fetch that did not produce a usable body. `retryAfterSeconds` carries a
 * server's Retry-After; `permanent` marks failures that retrying cannot fix
 * soon (410 Gone, a blocked address, a bad URL).
 */
export class FetchError extends FeedloomError {
  readonly url: string;
  readonly httpStatus: number | null;
  readonly retryAfterSeconds: number | null;
  readonly permanent: boolean;

  constructor(
    code: string,
    message: string,
    options: {
      url: string;
      httpStatus?: number | null;
      retryAfterSeconds?: number | null;
      permanent?: boolean;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: options.cause, details: { url: options.url } });
    this.name = 'FetchError';
    this.url = options.url;
    this.httpStatus = options.httpStatus ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.permanent = options.permanent ?? false;
  }
}

/** A document that is not a feed we can read. */
export class ParseError extends FeedloomError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'ParseError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
