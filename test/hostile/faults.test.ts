/**
 * Faults of the parts the service depends on, without touching the shared
 * servers: a Redis of our own that is killed and started again on the same
 * port, a PostgreSQL database of our own whose connections are refused for a
 * while, and a webhook subscriber that hangs while another one waits.
 */
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { RunningService } from '../../src/service.js';
import { openStore } from '../../src/store/index.js';
import type { Delivery, Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/http-servers.js';
import { freePort, startRedis, stopRedis } from '../helpers/redis-server.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { itemXml, rssDoc, serve, startHostileServer, type HostileServer } from './hostile-server.js';

type Api = ReturnType<typeof apiClient>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function items(from: number, to: number, tag: string): string {
  const xml: string[] = [];
  for (let n = to; n >= from; n -= 1) xml.push(itemXml(`${tag}-${n}`, `${tag} story ${n}`));
  return rssDoc(xml.join('\n'));
}

async function articlesOf(api: Api, feedId: string): Promise<Article[]> {
  return (await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=200`)).body.items;
}

async function deliveriesOf(api: Api, webhookId: string): Promise<Delivery[]> {
  return (await api.get<{ items: Delivery[] }>(`/v1/webhooks/${webhookId}/deliveries?limit=200`)).body.items;
}

describe('Redis restarts during work', () => {
  it('answers /readyz 503 naming Redis meanwhile, recovers by itself, and the work completes', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(() => stopRedis(redis));
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.cleanup());
    const feeds = await startHostileServer();
    cleanups.push(() => feeds.close());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());

    const service = await startTestService(testConfig(db.url, { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_MAX: '1000000' }));
    cleanups.push(() => service.close());
    const api = apiClient(service.url!);
    expect((await api.get('/readyz')).status).toBe(200);

    // The subscriber fails for now, so deliveries are in flight (retrying) when Redis dies.
    receiver.respond = () => 503;
    const hook = await api.post<{ id: string }>('/v1/webhooks', { url: `${receiver.base}/hook` });
    feeds.route('/feed.xml', serve(items(1, 3, 'redis')));
    const feed = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never' });
    expect(feed.status).toBe(201);
    await waitFor(async () => (await deliveriesOf(api, hook.body.id)).length === 3, 20_000, 'three pending deliveries');

    await stopRedis(redis);
    const down = await waitFor(async () => {
      const res = await api.get<{ status: string; redis: string; store: string }>('/readyz');
      return res.status === 503 ? res.body : undefined;
    }, 10_000, '/readyz 503');
    expect(down.status).toBe('unavailable');
    expect(down.redis).toMatch(/^error: /);
    expect(down.store).toBe('ok');
    // The API keeps answering what the store knows, and "fetch now" is recorded in the store.
    expect((await api.get<Feed>(`/v1/feeds/${feed.body.id}`)).status).toBe(200);
    feeds.route('/feed.xml', serve(items(1, 5, 'redis')));
    expect((await api.post(`/v1/feeds/${feed.body.id}/fetch`)).status).toBe(202);

    redis = await startRedis(port);
    receiver.respond = () => 200;
    await waitFor(async () => (await api.get('/readyz')).status === 200, 20_000, '/readyz back to 200');
    // The restarted Redis is empty: the reconciler re-queues the due fetch and the pending deliveries from the store.
    await waitFor(async () => (await articlesOf(api, feed.body.id)).length === 5, 30_000, 'all five articles');
    const delivered = await waitFor(async () => {
      const all = await deliveriesOf(api, hook.body.id);
      return all.length === 5 && all.every((d) => d.status === 'succeeded') ? all : undefined;
    }, 30_000, 'five deliveries succeeded');
    expect(new Set(delivered.map((d) => d.articleId)).size).toBe(5);
    expect(new Set(receiver.accepted().map((r) => r.headers['webhook-id'])).size).toBe(5);
    cleanups.push(() => flushPrefix(service.config.queuePrefix).then(() => undefined).catch(() => undefined));
  });
});

describe('the database becomes unavailable', () => {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

  async function admin(statements: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  it('fails and retries the jobs meanwhile, and loses nothing', async () => {
    const db = await createTestDatabase('postgres');
    const name = new URL(db.url).pathname.slice(1);
    expect(name).toMatch(/^feedloom_t_[a-f0-9]+$/);
    cleanups.push(() => db.cleanup());
    cleanups.push(() => admin([`alter database ${name} allow_connections true`]));
    const feeds = await startHostileServer();
    cleanups.push(() => feeds.close());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());

    const service = await startTestService(testConfig(db.url, { RATE_LIMIT_MAX: '1000000' }));
    cleanups.push(() => flushPrefix(service.config.queuePrefix).then(() => undefined));
    cleanups.push(() => service.close());
    const api = apiClient(service.url!);

    receiver.respond = () => 503;
    const hook = await api.post<{ id: string }>('/v1/webhooks', { url: `${receiver.base}/hook` });
    feeds.route('/feed.xml', serve(items(1, 3, 'pg')));
    const feed = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never', pollIntervalSeconds: 1 });
    expect(feed.status).toBe(201);
    await waitFor(async () => (await deliveriesOf(api, hook.body.id)).length === 3, 20_000, 'three pending deliveries');

    // New posts appear while the database refuses every connection.
    feeds.route('/feed.xml', serve(items(1, 6, 'pg')));
    await admin([
      `alter database ${name} allow_connections false`,
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
    ]);
    const down = await waitFor(async () => {
      const res = await api.get<{ store: string; redis: string }>('/readyz');
      return res.status === 503 ? res.body : undefined;
    }, 10_000, '/readyz 503');
    expect(down.store).toMatch(/^error: /);
    expect(down.redis).toBe('ok');
    // Jobs keep running into the closed database (the deliveries retry every 50-200 ms, the feed is due every second).
    let failedJobs = 0;
    for (const worker of service.workers) worker.on('failed', () => (failedJobs += 1));
    await waitFor(() => failedJobs >= 3, 15_000, 'jobs failing on the closed database');
    receiver.respond = () => 200;
    await admin([`alter database ${name} allow_connections true`]);

    await waitFor(async () => (await api.get('/readyz')).status === 200, 20_000, '/readyz back to 200');
    await waitFor(async () => (await articlesOf(api, feed.body.id)).length === 6, 30_000, 'all six articles');
    const delivered = await waitFor(async () => {
      const all = await deliveriesOf(api, hook.body.id);
      return all.length === 6 && all.every((d) => d.status === 'succeeded') ? all : undefined;
    }, 30_000, 'six deliveries succeeded');
    expect(new Set(delivered.map((d) => d.articleId)).size).toBe(6);
    expect(new Set(receiver.accepted().map((r) => r.headers['webhook-id'])).size).toBe(6);
    const shown = (await api.get<Feed>(`/v1/feeds/${feed.body.id}`)).body;
    expect(shown).toMatchObject({ articleCount: 6, status: 'active' });
  });
});

describe('a webhook subscriber that hangs', () => {
  it('does not delay deliveries to the other subscribers', async () => {
    const db = await createTestDatabase('sqlite');
    cleanups.push(() => db.cleanup());
    const feeds = await startHostileServer();
    cleanups.push(() => feeds.close());
    const hanging: HostileServer = await startHostileServer();
    cleanups.push(() => hanging.close());
    hanging.route('/hook', () => undefined);
    const fast = await startWebhookReceiver();
    cleanups.push(() => fast.close());

    const service = await startTestService(
      testConfig(db.url, {
        RATE_LIMIT_MAX: '1000000',
        WEBHOOK_TIMEOUT_MS: '20000',
        DELIVER_CONCURRENCY: '4',
        WEBHOOK_PER_SUBSCRIBER_CONCURRENCY: '2',
        SHUTDOWN_GRACE_MS: '500',
      }),
    );
    cleanups.push(() => flushPrefix(service.config.queuePrefix).then(() => undefined));
    let closed = false;
    cleanups.push(async () => void (closed || (await service.close())));
    const api = apiClient(service.url!);

    // The hanging subscriber is created first, so its deliveries are queued first.
    const slow = await api.post<{ id: string }>('/v1/webhooks', { url: `${hanging.base}/hook` });
    expect(slow.status).toBe(201);
    const ok = await api.post<{ id: string }>('/v1/webhooks', { url: `${fast.base}/hook` });
    feeds.route('/feed.xml', serve(items(1, 8, 'hang')));
    const feed = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never' });
    expect(feed.status).toBe(201);

    // Not a time window: the proof is the order. All eight reach the fast subscriber while the hanging one's
    // requests are still open and unanswered (its 20 s timeout is far off), so none of them waited on those.
    await waitFor(() => new Set(fast.accepted().map((r) => r.headers['webhook-id'])).size === 8, 60_000, 'all eight deliveries to the fast subscriber');
    const stillHanging = hanging.openSockets();
    // An answered attempt is recorded a moment after the answer (attempts ending together share a transaction).
    await waitFor(async () => {
      const fastDeliveries = await deliveriesOf(api, ok.body.id);
      return fastDeliveries.length === 8 && fastDeliveries.every((d) => d.status === 'succeeded');
    }, 10_000, 'the fast deliveries recorded succeeded');
    expect(hanging.hits('/hook')).toBeGreaterThan(0);
    expect(stillHanging).toBeGreaterThan(0);
    // It holds at most its share of requests (WEBHOOK_PER_SUBSCRIBER_CONCURRENCY).
    expect(stillHanging).toBeLessThanOrEqual(2);

    // Shutting down does not wait out the hanging requests (20 s): they are aborted and retried later.
    const closing = service.close().then(() => (closed = true));
    await waitFor(() => hanging.openSockets() === 0, 5_000, 'the hanging requests to be aborted');
    await closing;
    // Nothing is lost: every delivery to the hanging subscriber is still pending in the store, for the next start.
    const store = await openStore(db.url);
    try {
      const left = (await store.deliveries.list(slow.body.id, { limit: 100 })).items;
      expect(left).toHaveLength(8);
      expect(left.every((d) => d.status === 'pending')).toBe(true);
    } finally {
      await store.close();
    }
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
