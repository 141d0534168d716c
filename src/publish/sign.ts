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
  msgId: string;
  timestamp: Date;
  body: string;
  userAgent: string;
}): SignedRequest {
  const unixSeconds = Math.floor(input.timestamp.getTime() / 1000);
  const signature = createHmac('sha256', webhookKey(input.secret))
    .update(`${input.msgId}.${unixSeconds}.${input.body}`, 'utf8')
    .digest('base64');
  return {
    body: input.body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': input.msgId,
      'webhook-timestamp': String(unixSeconds),
      'webhook-signature': `v1,${signature}`,
      'user-agent': input.userAgent,
    },
  };
}
