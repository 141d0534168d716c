/**
 * Authenticated content distribution (WebSub §8): the hub signs each
 * notification body with the subscription's secret, `X-Hub-Signature:
 * method=hexdigest`. Only the SHA-2 family is accepted: sha1 is allowed by
 * the Recommendation but no longer a signature worth trusting.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const METHODS = new Set(['sha256', 'sha384', 'sha512']);

export type SignatureCheck = 'valid' | 'missing' | 'unsupported' | 'mismatch';

export function checkSignature(header: string | undefined, body: Uint8Array, secret: string): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const match = /^\s*([a-z0-9]+)=([0-9a-f]+)\s*$/i.exec(header);
  const method = match?.[1]?.toLowerCase();
  const given = match?.[2]?.toLowerCase();
  if (method === undefined || given === undefined) return 'mismatch';
  if (!METHODS.has(method)) return 'unsupported';
  const expected = createHmac(method, secret).update(body).digest();
  const presented = Buffer.from(given, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected) ? 'valid' : 'mismatch';
}
