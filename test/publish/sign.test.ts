import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookBody } from '../../src/publish/payload.js';
import { generateWebhookSecret } from '../../src/publish/secret.js';
import { signWebhook } from '../../src/publish/sign.js';
import { sampleArticle } from './article-fixture.js';

function signNow(secret: string, body: string, timestamp = new Date()) {
  return signWebhook({ secret, msgId: 'msg_42', timestamp, body, userAgent: 'feedloom/test' });
}

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    const signed = signWebhook({
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330_000),
      body: '{"test": 2432232314}',
      userAgent: 'feedloom/test',
    });
    expect(signed.headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(signed.headers['webhook-timestamp']).toBe('1614265330');
  });

  it('is verified by the reference library, which returns the payload', () => {
    const secret = generateWebhookSecret();
    const at = new Date();
    const body = webhookBody('article.created', sampleArticle(), at);
    const signed = signNow(secret, body, at);
    expect(new Webhook(secret).verify(signed.body, signed.headers)).toEqual({
      type: 'article.created',
      timestamp: at.toISOString(),
      data: sampleArticle(),
    });
  });

  it('matches an HMAC-SHA256 computed by hand over "{id}.{seconds}.{body}"', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2024-05-01T10:00:00.999Z');
    const body = '{"type":"article.updated","emoji":"🎉"}';
    const signed = signNow(secret, body, at);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`msg_42.${Math.floor(at.getTime() / 1000)}.${body}`).digest('base64');
    expect(signed.headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('sends the headers the contract names, with whole unix seconds', () => {
    const signed = signNow(generateWebhookSecret(), '{}', new Date('2024-05-01T10:00:00.750Z'));
    expect(signed.body).toBe('{}');
    expect(signed.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'msg_42',
      'webhook-timestamp': String(Date.parse('2024-05-01T10:00:00Z') / 1000),
      'user-agent': 'feedloom/test',
    });
    expect(Object.keys(signed.headers).sort()).toEqual(
      ['content-type', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp'].sort(),
    );
  });

  it('fails verification for a tampered body or another secret', () => {
    const secret = generateWebhookSecret();
    const signed = signNow(secret, '{"a":1}');
    expect(() => new Webhook(secret).verify('{"a":2}', signed.headers)).toThrow(/signature/i);
    expect(() => new Webhook(generateWebhookSecret()).verify(signed.body, signed.headers)).toThrow(/signature/i);
  });

  it('refuses to sign with a malformed secret', () => {
    expect(() => signNow('whsec_short', '{}')).toThrow(/whsec_/);
  });
});

describe('webhookBody', () => {
  it('serializes type, ISO timestamp and the article as data', () => {
    const article = sampleArticle({ updatedAt: '2024-05-02T00:00:00.000Z' });
    const body = webhookBody('article.updated', article, new Date(Date.UTC(2024, 4, 2, 1, 2, 3)));
    expect(JSON.parse(body)).toEqual({ type: 'article.updated', timestamp: '2024-05-02T01:02:03.000Z', data: article });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['type', 'timestamp', 'data']);
  });
});
