/** A feed's stored request options made usable for one request: the sealed password opened. */
import { secretBoxFor, type SecretKeyConfig } from '../core/secret-box.js';
import type { StoredRequestOptions } from '../store/types.js';
import type { RequestOptions } from './request-options.js';

export function requestOptionsOf(stored: StoredRequestOptions | null, config: SecretKeyConfig): RequestOptions | null {
  if (stored === null) return null;
  const auth = stored.basicAuth;
  return {
    headers: stored.headers,
    userAgent: stored.userAgent,
    basicAuth: auth === null ? null : { username: auth.username, password: secretBoxFor(config).open(auth.sealedPassword) },
  };
}
