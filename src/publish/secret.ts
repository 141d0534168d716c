/**
 * Webhook signing secrets in the Standard Webhooks form: `whsec_` followed by
 * the base64 of the raw key bytes. Subscribers paste the same string into any
 * Standard Webhooks library, which decodes it the same way.
 */
import { randomBytes } from 'node:crypto';
import { FeedloomError } from '../core/errors.js';

const PREFIX = 'whsec_';
const GENERATED_KEY_BYTES = 32;
// The spec's reference libraries accept 24..64 byte keys; shorter keys are too weak to brute-force-proof HMAC.
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
// Strict, padded, standard-alphabet base64: Buffer.from(…, 'base64') silently skips junk, so it cannot validate.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(GENERATED_KEY_BYTES).toString('base64');
}

function decodeKey(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null;
  const encoded = secret.slice(PREFIX.length);
  if (!BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
}

export function isValidWebhookSecret(secret: string): boolean {
  return decodeKey(secret) !== null;
}

/** The HMAC key a secret stands for; a malformed secret is refused rather than used as some other key. */
export function webhookKey(secret: string): Buffer {
  const key = decodeKey(secret);
  if (key === null) {
    throw new FeedloomError(
      'INVALID_WEBHOOK_SECRET',
      `webhook secret must be "${PREFIX}" followed by the base64 of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes`,
    );
  }
  return key;
}
