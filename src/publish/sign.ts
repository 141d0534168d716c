/**
 * Standard Webhooks signing: `v1,` + base64 HMAC-SHA256 over
 * "{webhook-id}.{unix seconds}.{body}", keyed with the decoded secret. Done with
 * node:crypto so delivery needs no extra dependency; the tests check it against
 * the reference `standardwebhooks` package.
 */
import { createHmac } from 'node:crypto';
import { webhookKey } from './secret.js';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function signWebhook(input: {
  secret: string;
  /**
   * The secret a rotation replaced, during its overlap window: a second `v1,` signature (space
   * separated, as the spec allows) lets a subscriber still on the old secret verify.
   */
  previousSecret?: string | null;
  msgId: string;
  timestamp: Date;
  body: string;
  userAgent: string;
}): SignedRequest {
  const unixSeconds = Math.floor(input.timestamp.getTime() / 1000);
  const signed = `${input.msgId}.${unixSeconds}.${input.body}`;
  const secrets = input.previousSecret ? [input.secret, input.previousSecret] : [input.secret];
  const signatures = secrets.map((secret) => `v1,${createHmac('sha256', webhookKey(secret)).update(signed, 'utf8').digest('base64')}`);
  return {
    body: input.body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': input.msgId,
      'webhook-timestamp': String(unixSeconds),
      'webhook-signature': signatures.join(' '),
      'user-agent': input.userAgent,
    },
  };
}
