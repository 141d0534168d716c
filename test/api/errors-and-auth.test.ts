/**
 * The error shape and the auth gate, through the real app: every refusal is a
 * 4xx with a stable code and a message naming what was wrong, never a 5xx.
 */
import { describe, expect, it } from 'vitest';
import { TOKEN, useTestApi } from './harness.js';

const api = useTestApi({ env: { BODY_LIMIT_BYTES: '4096' } });

function expectError(response: { statusCode: number; json(): unknown }, statusCode: number, code: string): { message: string } {
  const body = response.json() as { statusCode: number; code: string; error: string; message: string };
  expect({ status: response.statusCode, statusCode: body.statusCode, code: body.code }).toEqual({ status: statusCode, statusCode, code });
  expect(typeof body.error).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

describe('auth', () => {
  it('refuses /v1 without a token', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/feeds' });
    expectError(response, 401, 'UNAUTHORIZED');
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('refuses a wrong token, including one of a different length', async () => {
    for (const token of ['nope', `${TOKEN}x`, TOKEN.slice(0, -1) + 'X']) {
      const response = await api.app.inject({ method: 'GET', url: '/v1/feeds', headers: { authorization: `Bearer ${token}` } });
      expectError(response, 401, 'UNAUTHORIZED');
    }
  });

  it('does not take Basic auth on /v1', async () => {
    const basic = Buffer.from(`user:${TOKEN}`).toString('base64');
    const response = await api.app.inject({ method: 'GET', url: '/v1/feeds', headers: { authorization: `Basic ${basic}` } });
    expectError(response, 401, 'UNAUTHORIZED');
  });

  it('challenges for Basic auth on /admin/queues', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/admin/queues' });
    expectError(response, 401, 'UNAUTHORIZED');
    expect(response.headers['www-authenticate']).toBe('Basic realm="feedloom"');
  });

  it('lets the right token through', async () => {
    const response = await api.call({ method: 'GET', url: '/v1/feeds' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('keeps probes, metrics and docs open', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs/json']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    }
  });
});

describe('without API_TOKEN', () => {
  const open = useTestApi({ env: { API_TOKEN: '' } });

  it('is open, Bull Board included', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/v1/feeds' })).statusCode).toBe(200);
    expect((await open.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(200);
  });
});

describe('error shape', () => {
  it('answers an unknown route with NOT_FOUND', async () => {
    const response = await api.call({ method: 'GET', url: '/v1/nothing-here' });
    expectError(response, 404, 'NOT_FOUND');
  });

  it('answers invalid JSON with INVALID_JSON', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/v1/feeds',
      headers: { 'content-type': 'application/json' },
      payload: '{"url": "https://example.com/feed",',
    });
    expectError(response, 400, 'INVALID_JSON');
  });

  it('answers an empty JSON body with INVALID_JSON', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', headers: { 'content-type': 'application/json' }, payload: '' });
    expectError(response, 400, 'INVALID_JSON');
  });

  it('refuses a prototype-poisoning body without a 5xx', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/v1/preview',
      headers: { 'content-type': 'application/json' },
      payload: '{"url":"https://example.com/","__proto__":{"admin":true}}',
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers a content type no route takes with 415', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/v1/feeds',
      headers: { 'content-type': 'text/csv' },
      payload: 'url,https://example.com/',
    });
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it("reads JSON sent as curl -d sends it (a form content type), and refuses a real form as invalid JSON", async () => {
    const asCurl = await api.call({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{"url": "http://127.0.0.1:9/hook"}',
    });
    // The URL was read from the JSON: the SSRF guard (no ALLOW_HOSTS here) is what answers.
    expectError(asCurl, 400, 'BLOCKED_ADDRESS');
    const form = await api.call({
      method: 'POST',
      url: '/v1/feeds',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'url=https://example.com/',
    });
    expectError(form, 400, 'INVALID_JSON');
  });

  it('answers a body over BODY_LIMIT_BYTES with 413', async () => {
    const response = await api.call({
      method: 'POST',
      url: '/v1/feeds',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://example.com/', title: 'x'.repeat(10_000) }),
    });
    expectError(response, 413, 'BODY_TOO_LARGE');
  });

  it('treats invalid UTF-8 as bad input, not a crash', async () => {
    const payload = Buffer.concat([Buffer.from('{"url":"http://'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('/feed.xml"}')]);
    const response = await api.call({ method: 'POST', url: '/v1/feeds', headers: { 'content-type': 'application/json' }, payload });
    expectError(response, 400, 'INVALID_URL');
  });

  it('names an unknown field', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: 'https://example.com/', color: 'red' } });
    expect(expectError(response, 400, 'VALIDATION_ERROR').message).toContain('body.color');
  });

  it('names a field of the wrong type instead of coercing it', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: 'https://example.com/', pollIntervalSeconds: '900' } });
    expect(expectError(response, 400, 'VALIDATION_ERROR').message).toContain('body.pollIntervalSeconds');
  });

  it('names a missing field', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: {} });
    expect(expectError(response, 400, 'VALIDATION_ERROR').message).toContain('body.url is required');
  });

  it('refuses a URL over 2048 characters', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: `https://example.com/${'a'.repeat(2100)}` } });
    expect(expectError(response, 400, 'VALIDATION_ERROR').message).toContain('body.url');
  });

  it('names an array item that is too long, and an enum value that is not one', async () => {
    const tags = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: 'https://example.com/', tags: ['x'.repeat(101)] } });
    expect(expectError(tags, 400, 'VALIDATION_ERROR').message).toContain('body.tags[0]');
    const fullText = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: 'https://example.com/', fullText: 'sometimes' } });
    expect(expectError(fullText, 400, 'VALIDATION_ERROR').message).toContain('"auto", "always", "never"');
  });

  it('refuses out-of-range and non-numeric query values', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=ten', 'status=sleeping']) {
      const response = await api.call({ method: 'GET', url: `/v1/feeds?${query}` });
      expect(expectError(response, 400, 'VALIDATION_ERROR').message).toContain('querystring.');
    }
  });

  it('refuses a cursor the API never gave out', async () => {
    const response = await api.call({ method: 'GET', url: '/v1/feeds?cursor=not-a-cursor' });
    expectError(response, 400, 'INVALID_CURSOR');
  });

  it('treats SQL-looking input as data', async () => {
    const nasty = encodeURIComponent("x' OR '1'='1'; DROP TABLE feeds; --");
    const lists = await Promise.all([
      api.call({ method: 'GET', url: `/v1/feeds?tag=${nasty}` }),
      api.call({ method: 'GET', url: `/v1/articles?q=${nasty}` }),
      api.call({ method: 'GET', url: `/v1/articles?feedId=${nasty}` }),
    ]);
    for (const response of lists) expect(response.json()).toEqual({ items: [], nextCursor: null });
    expectError(await api.call({ method: 'GET', url: `/v1/feeds/${nasty}` }), 404, 'FEED_NOT_FOUND');
    expect((await api.call({ method: 'GET', url: '/v1/feeds' })).statusCode).toBe(200);
  });

  it('answers a malformed percent-encoding in the path with a 4xx', async () => {
    const response = await api.call({ method: 'GET', url: '/v1/feeds/%E0%A4%A' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });
});
