/**
 * Per-feed request options: extra headers, a user agent, HTTP basic auth.
 * Validated here (a clear 400 with a stable code), turned into request
 * headers for the guarded client, and sent only to the feed's own origin:
 * a redirect to another host must not carry someone's password or API key.
 */
import { FeedloomError } from '../core/errors.js';

export interface BasicAuth {
  username: string;
  password: string;
}

/** What a feed asks of its requests, password in clear (only in memory, never stored so). */
export interface RequestOptions {
  headers: Record<string, string>;
  userAgent: string | null;
  basicAuth: BasicAuth | null;
}

export const MAX_EXTRA_HEADERS = 20;
export const MAX_HEADER_NAME = 100;
export const MAX_HEADER_VALUE = 2_000;
export const MAX_USER_AGENT = 300;
export const MAX_CREDENTIAL = 500;

/**
 * Headers a feed may not set: hop-by-hop ones (RFC 9110 §7.6.1) and Host
 * belong to the connection; framing, compression and conditional GET are the
 * client's own; credentials go in basicAuth, which is encrypted at rest.
 */
const REFUSED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-type',
  'expect',
  'accept-encoding',
  'if-none-match',
  'if-modified-since',
  'authorization',
  'cookie',
  'user-agent',
]);
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII and spaces/tabs inside; no CR, LF, NUL or other controls.
const HEADER_VALUE = /^[\x20-\x7e\t]*$/;

function invalid(message: string, field: string): FeedloomError {
  return new FeedloomError('INVALID_FETCH_OPTIONS', message, { details: { field } });
}

function checkText(value: string, field: string, max: number): string {
  if (value.length > max) throw invalid(`${field} is longer than ${max} characters`, field);
  if (!HEADER_VALUE.test(value)) throw invalid(`${field} may hold printable ASCII only (no line breaks or control characters)`, field);
  return value.trim();
}

/** Checks extra headers; returns them with lower-case names. */
export function validateHeaders(headers: Record<string, string>): Record<string, string> {
  const entries = Object.entries(headers);
  if (entries.length > MAX_EXTRA_HEADERS) throw invalid(`at most ${MAX_EXTRA_HEADERS} extra headers`, 'fetch.headers');
  const out: Record<string, string> = {};
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (name.length === 0 || name.length > MAX_HEADER_NAME || !HEADER_NAME.test(name)) {
      throw invalid(`"${rawName.slice(0, MAX_HEADER_NAME)}" is not a valid header name`, 'fetch.headers');
    }
    if (REFUSED_HEADERS.has(name)) {
      const hint = name === 'authorization' || name === 'cookie' ? ' (use fetch.basicAuth for credentials)' : name === 'user-agent' ? ' (use fetch.userAgent)' : '';
      throw invalid(`the header "${name}" cannot be set per feed${hint}`, 'fetch.headers');
    }
    if (name in out) throw invalid(`the header "${name}" is given twice`, 'fetch.headers');
    out[name] = checkText(value, `fetch.headers.${name}`, MAX_HEADER_VALUE);
  }
  return out;
}

export function validateUserAgent(userAgent: string): string {
  const value = checkText(userAgent, 'fetch.userAgent', MAX_USER_AGENT);
  if (value === '') throw invalid('fetch.userAgent must not be empty (null removes it)', 'fetch.userAgent');
  return value;
}

export function validateBasicAuth(auth: { username: string; password: string }): BasicAuth {
  const username = checkText(auth.username, 'fetch.basicAuth.username', MAX_CREDENTIAL);
  // RFC 7617: the user-id cannot contain a colon.
  if (username === '' || username.includes(':')) throw invalid('fetch.basicAuth.username must be non-empty and hold no ":"', 'fetch.basicAuth.username');
  if (auth.password.length > MAX_CREDENTIAL) throw invalid(`fetch.basicAuth.password is longer than ${MAX_CREDENTIAL} characters`, 'fetch.basicAuth.password');
  if (/[\x00-\x1f\x7f]/.test(auth.password)) throw invalid('fetch.basicAuth.password may not hold control characters', 'fetch.basicAuth.password');
  return { username, password: auth.password };
}

/** The request headers a feed's options add (for requests to its own origin). */
export function requestOptionHeaders(options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.userAgent !== null) headers['user-agent'] = options.userAgent;
  if (options.basicAuth !== null) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }
  return headers;
}
