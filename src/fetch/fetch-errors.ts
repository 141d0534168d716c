/**
 * Turns what undici, node:net, node:dns and node:zlib throw into FetchError
 * with a stable code, and HTTP statuses into the codes the scheduler acts on.
 */
import { FetchError, errorMessage } from '../core/errors.js';
import { blockedAddressError } from './ssrf.js';
import type { Budget } from './budget.js';
import { parseRetryAfter } from './response-headers.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const BAD_RESPONSE_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_INFO', 'UND_ERR_RESPONSE']);

interface CodedError {
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  address?: unknown;
}

/** Every error in a chain of causes and aggregates (happy-eyeballs connects fail with AggregateError). */
function errorChain(err: unknown, seen = new Set<unknown>()): CodedError[] {
  if (err === null || typeof err !== 'object' || seen.has(err)) return [];
  seen.add(err);
  const coded = err as CodedError;
  const nested = Array.isArray(coded.errors) ? coded.errors : [];
  return [coded, ...errorChain(coded.cause, seen), ...nested.flatMap((inner: unknown) => errorChain(inner, seen))];
}

function codeMatches(chain: CodedError[], test: (code: string) => boolean): boolean {
  return chain.some((entry) => typeof entry.code === 'string' && test(entry.code));
}

/** What a request was waiting on when it failed: its budget (once started) and the caller's signal. */
export interface AbortState {
  budget: Budget | null;
  caller: AbortSignal | undefined;
}

function network(code: string, url: string, message: string, cause: unknown): FetchError {
  return new FetchError(code, message, { url, cause });
}

/** The FetchError for anything thrown while requesting `url`. */
export function toFetchError(err: unknown, url: string, abort: AbortState): FetchError {
  if (err instanceof FetchError) return err;
  if (abort.budget?.expired === true) {
    return network('TIMEOUT', url, `${url} took longer than ${abort.budget.timeoutMs} ms in total`, err);
  }
  if (abort.caller?.aborted === true) return network('TIMEOUT', url, `request to ${url} was aborted`, err);
  const chain = errorChain(err);
  const blocked = chain.find((entry) => entry.code === 'FEEDLOOM_BLOCKED_ADDRESS');
  if (blocked !== undefined) {
    const error = blockedAddressError(url, typeof blocked.address === 'string' ? blocked.address : 'a blocked address');
    return Object.assign(error, { cause: err });
  }
  const detail = errorMessage(err);
  if (codeMatches(chain, (code) => DNS_CODES.has(code))) return network('DNS_FAILED', url, `cannot resolve the host of ${url}: ${detail}`, err);
  if (codeMatches(chain, (code) => TIMEOUT_CODES.has(code))) return network('TIMEOUT', url, `${url} timed out: ${detail}`, err);
  if (codeMatches(chain, (code) => code.startsWith('HPE_') || code.startsWith('Z_') || code.includes('BROTLI') || BAD_RESPONSE_CODES.has(code))) {
    return network('BAD_RESPONSE', url, `malformed response from ${url}: ${detail}`, err);
  }
  return network('CONNECT_FAILED', url, `cannot get a response from ${url}: ${detail}`, err);
}

/** The FetchError for a final response that is neither 2xx nor 304. */
export function statusError(status: number, url: string, headers: Record<string, string>): FetchError {
  const base = { url, httpStatus: status };
  if (status === 404) return new FetchError('NOT_FOUND', `${url} answered 404 Not Found`, base);
  if (status === 410) return new FetchError('GONE', `${url} answered 410 Gone`, { ...base, permanent: true });
  if (status === 429 || status === 503) {
    const retryAfterSeconds = parseRetryAfter(headers['retry-after']);
    const wait = retryAfterSeconds === null ? '' : `, retry after ${retryAfterSeconds} s`;
    return new FetchError('RATE_LIMITED', `${url} answered ${status}${wait}`, { ...base, retryAfterSeconds });
  }
  return new FetchError('HTTP_ERROR', `${url} answered HTTP ${status}`, base);
}
