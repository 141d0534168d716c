/**
 * An error as data, to cross a thread boundary. Structured clone keeps an
 * Error's message but not its class, `code` or `details`, which callers test
 * (`instanceof ParseError`, `err.code`), so they cross by hand and are rebuilt
 * on the other side. Used by the normalize pool and the store thread.
 */
import { errorMessage, FeedloomError, ParseError } from './errors.js';

export interface ThrownError {
  name: string;
  message: string;
  stack: string | null;
  code: string | null;
  details: Record<string, unknown>;
  cause: ThrownError | null;
}

/** Causes nest at most this deep (a cycle of causes must not loop). */
const MAX_CAUSE_DEPTH = 4;

/** The thread's side: what was thrown, as data. */
export function thrownOf(err: unknown, depth = 0): ThrownError {
  if (!(err instanceof Error)) return { name: 'Error', message: errorMessage(err), stack: null, code: null, details: {}, cause: null };
  const feedloom = err instanceof FeedloomError ? err : null;
  return {
    name: err.name,
    message: err.message,
    stack: err.stack ?? null,
    code: feedloom?.code ?? null,
    details: feedloom ? { ...feedloom.details } : {},
    cause: err.cause !== undefined && depth < MAX_CAUSE_DEPTH ? thrownOf(err.cause, depth + 1) : null,
  };
}

/** The caller's side: the error again, with its class (FeedloomError, ParseError), code, details and the thread's stack. */
export function errorOf(thrown: ThrownError): Error {
  const err = rebuilt(thrown, thrown.cause ? { cause: errorOf(thrown.cause) } : {});
  // The thread's stack says where it threw; this thread's would only say "the thread answered".
  if (thrown.stack !== null) err.stack = thrown.stack;
  return err;
}

function rebuilt(thrown: ThrownError, cause: { cause?: Error }): Error {
  if (thrown.code === null) {
    const err = new Error(thrown.message, cause);
    err.name = thrown.name;
    return err;
  }
  if (thrown.name === 'ParseError') {
    const err = new ParseError(thrown.code, thrown.message, cause);
    Object.assign(err.details, thrown.details);
    return err;
  }
  // Other subclasses keep their code and name; the base class is what callers test.
  const err = new FeedloomError(thrown.code, thrown.message, { ...cause, details: thrown.details });
  err.name = thrown.name;
  return err;
}
