/**
 * The `fetch` field of POST/PATCH /v1/feeds: validated, merged with what the
 * feed already has (each field given replaces the stored one; a basicAuth
 * without a password keeps the stored password for the same user), and the
 * password sealed before it reaches the store.
 */
import type { SecretBox } from '../core/secret-box.js';
import { validateBasicAuth, validateHeaders, validateUserAgent } from '../fetch/request-options.js';
import type { StoredRequestOptions } from '../store/types.js';
import { ApiError } from './errors.js';

export interface FetchOptionsInput {
  headers?: Record<string, string>;
  userAgent?: string | null;
  basicAuth?: { username: string; password?: string } | null;
}

const EMPTY: StoredRequestOptions = { headers: {}, userAgent: null, basicAuth: null };

function isEmpty(options: StoredRequestOptions): boolean {
  return Object.keys(options.headers).length === 0 && options.userAgent === null && options.basicAuth === null;
}

export function storedFetchOptions(
  input: FetchOptionsInput | null,
  current: StoredRequestOptions | null,
  box: SecretBox,
): StoredRequestOptions | null {
  if (input === null) return null;
  const base = current ?? EMPTY;
  const next: StoredRequestOptions = {
    headers: input.headers === undefined ? base.headers : validateHeaders(input.headers),
    userAgent: input.userAgent === undefined ? base.userAgent : input.userAgent === null ? null : validateUserAgent(input.userAgent),
    basicAuth: base.basicAuth,
  };
  if (input.basicAuth === null) next.basicAuth = null;
  else if (input.basicAuth !== undefined) {
    const { username, password } = input.basicAuth;
    if (password === undefined) {
      if (base.basicAuth?.username !== username.trim()) {
        throw new ApiError(400, 'INVALID_FETCH_OPTIONS', 'fetch.basicAuth.password is required for a new user name');
      }
    } else {
      const checked = validateBasicAuth({ username, password });
      next.basicAuth = { username: checked.username, sealedPassword: box.seal(checked.password) };
    }
  }
  return isEmpty(next) ? null : next;
}
