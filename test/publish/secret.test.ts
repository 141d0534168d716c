import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { generateWebhookSecret, isValidWebhookSecret, webhookKey } from '../../src/publish/secret.js';

const secretOf = (bytes: number): string => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('generateWebhookSecret', () => {
  it('makes a whsec_ secret of 32 random bytes that is valid and unique', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateWebhookSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(isValidWebhookSecret(secret)).toBe(true);
      expect(webhookKey(secret)).toHaveLength(32);
    }
  });

  it('is accepted by the reference library', () => {
    expect(() => new Webhook(generateWebhookSecret())).not.toThrow();
  });
});

describe('isValidWebhookSecret', () => {
  it('accepts keys of 24 to 64 bytes', () => {
    for (const bytes of [24, 25, 32, 48, 63, 64]) expect(isValidWebhookSecret(secretOf(bytes)), `${bytes} bytes`).toBe(true);
  });

  it('refuses keys shorter than 24 or longer than 64 bytes', () => {
    for (const bytes of [0, 1, 16, 23, 65, 128]) expect(isValidWebhookSecret(secretOf(bytes)), `${bytes} bytes`).toBe(false);
  });

  it('refuses a missing or wrong prefix and malformed base64', () => {
    const body = randomBytes(32).toString('base64');
    expect(isValidWebhookSecret(body)).toBe(false);
    expect(isValidWebhookSecret(`WHSEC_${body}`)).toBe(false);
    expect(isValidWebhookSecret(`whsec ${body}`)).toBe(false);
    expect(isValidWebhookSecret(`whsec_${body.slice(0, -1)}`)).toBe(false);
    expect(isValidWebhookSecret(`whsec_${body.replace(/.$/, '!')}`)).toBe(false);
    expect(isValidWebhookSecret(`whsec_ ${body}`)).toBe(false);
    expect(isValidWebhookSecret(`whsec_${randomBytes(32).toString('base64url')}-_`)).toBe(false);
    expect(isValidWebhookSecret('')).toBe(false);
  });
});

describe('webhookKey', () => {
  it('decodes the bytes after the prefix', () => {
    const key = randomBytes(40);
    expect(webhookKey(`whsec_${key.toString('base64')}`).equals(key)).toBe(true);
  });

  it('throws a FeedloomError with a stable code for a malformed secret', () => {
    expect(() => webhookKey('not-a-secret')).toThrow(FeedloomError);
    expect(() => webhookKey('not-a-secret')).toThrow(expect.objectContaining({ code: 'INVALID_WEBHOOK_SECRET' }));
  });
});
