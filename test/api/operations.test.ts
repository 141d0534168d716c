/** Probes, metrics, docs, Bull Board and the rate limit. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Queues } from '../../src/queue/queues.js';
import { reconcile } from '../../workers/reconciler.js';
import { REDIS_URL, TOKEN, useTestApi } from './harness.js';

describe('with Redis and the store up', () => {
  const api = useTestApi();

  it('answers /healthz and /readyz', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', redis: 'ok', store: 'ok' });
  });

  it('serves Prometheus text with store and queue gauges', async () => {
    await api.store.feeds.create({ url: 'https://metrics.example/feed.xml', fullText: 'auto', include: [], exclude: [], tags: [], nextFetchAt: new Date() });
    await api.queues.enqueueFetch(['some-feed']);
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('feedloom_feeds{status="active"} 1');
    expect(response.body).toContain('feedloom_deliveries{status="pending"} 0');
    expect(response.body).toContain('feedloom_articles 0');
    expect(response.body).toContain('feedloom_queue_jobs{queue="fetch",state="waiting"} 1');
    expect(response.body).toContain('# TYPE feedloom_fetches_total counter');
  });

  it('publishes the OpenAPI document at /docs/json with every route', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/json' });
    const spec = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ['/v1/feeds', '/v1/feeds/{id}', '/v1/feeds/{id}/fetch', '/v1/opml', '/v1/articles', '/v1/articles/{id}', '/v1/preview', '/v1/webhooks', '/v1/webhooks/{id}/deliveries', '/v1/webhooks/{id}/deliveries/{deliveryId}/retry', '/readyz']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(spec.paths['/v1/feeds/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/admin'))).toBe(false);
    const ui = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('opens Bull Board with Basic auth (the token as password) or the bearer token', async () => {
    const basic = Buffer.from(`admin:${TOKEN}`).toString('base64');
    const page = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: `Basic ${basic}` } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const queues = await api.call({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(queues.statusCode).toBe(200);
    expect(queues.json<{ queues: { name: string }[] }>().queues.map((q) => q.name).sort()).toEqual(['article', 'deliver', 'fetch', 'maintenance']);
    const wrong = Buffer.from('admin:wrong').toString('base64');
    const refused = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: `Basic ${wrong}` } });
    expect(refused.statusCode).toBe(401);
  });
});

describe('with Redis down', () => {
  const api = useTestApi({ env: { REDIS_URL: 'redis://127.0.0.1:1', ALLOW_HOSTS: '127.0.0.1' } });

  it('answers /readyz 503 naming Redis', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const body = response.json<{ status: string; redis: string; store: string }>();
    expect(body.status).toBe('unavailable');
    expect(body.redis).toMatch(/^error: /);
    expect(body.store).toBe('ok');
  });

  it('still serves /metrics, reporting the queues as unreadable', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('feedloom_metrics_source_up{source="queues"} 0');
    expect(response.body).toContain('feedloom_metrics_source_up{source="store"} 1');
  });

  it('still registers feeds (the reconciler queues them later) and fetch-now still answers 202', async () => {
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: 'http://127.0.0.1:1/feed.xml' } });
    expect(created.statusCode).toBe(201);
    const feed = created.json<{ id: string }>();
    expect(await api.store.feeds.get(feed.id)).not.toBeNull();
    const fetchNow = await api.call({ method: 'POST', url: `/v1/feeds/${feed.id}/fetch` });
    expect(fetchNow.statusCode).toBe(202);
    expect(fetchNow.json()).toEqual({ jobId: `fetch-${feed.id}` });

    // "Later" is the reconciler's next tick once Redis answers: it finds the feed due in the store and queues its fetch.
    const live = new Queues(REDIS_URL, `t-reconcile-${randomBytes(4).toString('hex')}`);
    try {
      const result = await reconcile({ store: api.store, queues: live, config: api.config });
      expect(result.feeds).toBeGreaterThanOrEqual(1);
      const job = await live.fetch.getJob(`fetch-${feed.id}`);
      expect(job?.data).toEqual({ feedId: feed.id });
    } finally {
      for (const queue of live.all()) await queue.obliterate({ force: true });
      await live.close();
    }
  });
});

describe('rate limit', () => {
  const api = useTestApi({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '600000' } });

  it('answers 429 RATE_LIMITED past the budget, and never limits the probes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await api.call({ method: 'GET', url: '/v1/feeds' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.call({ method: 'GET', url: '/v1/articles' });
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' });
    // Seconds until the 10-minute window ends: more than zero, never more than the window.
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    for (const url of ['/healthz', '/readyz', '/metrics', '/healthz']) {
      expect((await api.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('keys clients without a valid token by address', async () => {
    const from = (remoteAddress: string) => api.app.inject({ method: 'GET', url: '/docs/json', remoteAddress });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await from('192.0.2.44')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await from('192.0.2.45')).statusCode).toBe(200);
  });
});
