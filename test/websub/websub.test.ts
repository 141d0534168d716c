/**
 * WebSub end to end: the whole service (API on a real port, workers,
 * reconciler) against a hub written for the test. Subscribe after the first
 * fetch, verification of intent, a signed push becoming articles, bad and
 * missing signatures refused, lease renewal, and the fall back to polling
 * when the hub denies or refuses.
 */
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { httpClientFor } from '../../src/fetch/from-config.js';
import type { RunningService } from '../../src/service.js';
import { maintainSubscriptions, RENEW_MARGIN_MS } from '../../src/websub/subscriber.js';
import { RECONCILE_RUNS_KEPT } from '../../workers/reconciler.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { startFeedServer, waitFor, type FeedServer } from '../helpers/http-servers.js';
import { apiClient, startTestService, testConfig } from '../helpers/service.js';
import { startTestHub, type TestHub } from './hub.js';

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function feedWithHub(hub: string, self: string, items: { guid: string; title: string }[]): string {
  const entries = items
    .map((item) => `<item><guid>${item.guid}</guid><title>${item.title}</title><link>https://news.example/${item.guid}</link>
<pubDate>${new Date().toUTCString()}</pubDate><description>${item.title} happened today, and here is the story of it in full.</description></item>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Pushed</title><link>https://news.example/</link>
<atom:link rel="hub" href="${hub}"/><atom:link rel="self" href="${self}"/>${entries}</channel></rss>`;
}

interface FeedView {
  id: string;
  scheduleReason: string;
  nextFetchAt: string;
  websub: { hub: string | null; status: string; leaseExpiresAt: string | null };
}

describe.each(TEST_DIALECTS)('WebSub against a local hub on %s', (dialect) => {
  let database: TestDatabase;
  let service: RunningService;
  let hub: TestHub;
  let feeds: FeedServer;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    hub = await startTestHub();
    feeds = await startFeedServer();
    const port = await freePort();
    const config = testConfig(database.url, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WEBSUB_POLL_SECONDS: '21600' });
    service = await startTestService(config);
    api = apiClient(service.url ?? '');
  });
  afterAll(async () => {
    await service.close();
    await hub.close();
    await feeds.close();
    await database.cleanup();
  });

  async function feed(id: string): Promise<FeedView> {
    return (await api.get<FeedView>(`/v1/feeds/${id}`)).body;
  }

  async function register(path: string, items: { guid: string; title: string }[]): Promise<string> {
    feeds.set(path, feedWithHub(`${hub.base}/`, `${feeds.base}${path}`, items));
    const created = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}${path}` });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function articleTitles(feedId: string): Promise<string[]> {
    const page = await api.get<{ items: { title: string }[] }>(`/v1/articles?feedId=${feedId}&limit=100`);
    return page.body.items.map((a) => a.title).sort();
  }

  let feedId = '';

  it('subscribes after the first fetch and answers the verification of intent', async () => {
    feedId = await register('/pushed.xml', [{ guid: 'a1', title: 'First story' }]);
    const subscription = await waitFor(() => hub.requests.find((r) => r.callback.endsWith(`/websub/${feedId}`)), 20_000, 'subscription request');
    expect(subscription.callback).toBe(`${service.config.publicUrl}/websub/${feedId}`);
    expect(subscription.topic).toBe(`${feeds.base}/pushed.xml`);
    expect(subscription.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(subscription.leaseSeconds).toBe(service.config.websubLeaseSeconds);
    await waitFor(() => subscription.verified, 10_000, 'verification');
    const view = await waitFor(async () => {
      const current = await feed(feedId);
      return current.websub.status === 'subscribed' ? current : undefined;
    });
    expect(view.websub.hub).toBe(`${hub.base}/`);
    const lease = Date.parse(view.websub.leaseExpiresAt ?? '');
    expect(lease).toBeGreaterThan(Date.now() + 86_000_000);
    // The secret is stored sealed, never as sent.
    const raw = await service.store.websub.get(feedId);
    expect(raw?.secret).toBe(subscription.secret);
  });

  it('refuses verifications it did not ask for', async () => {
    const callback = `${service.config.publicUrl}/websub/${feedId}`;
    expect((await hub.verify(callback, 'https://elsewhere.example/feed')).status).toBe(404);
    expect((await hub.verify(`${service.config.publicUrl}/websub/no-such-feed`, `${feeds.base}/pushed.xml`)).status).toBe(404);
    expect((await hub.verify(callback, `${feeds.base}/pushed.xml`, 'unsubscribe')).status).toBe(404);
    const other = await register('/not-asked.xml', []);
    await waitFor(() => hub.requests.find((r) => r.callback.endsWith(`/websub/${other}`)), 20_000, 'second subscription');
  });

  it('takes a signed push through the same pipeline as a fetch, and then polls only as a safety net', async () => {
    const subscription = hub.requests.find((r) => r.callback.endsWith(`/websub/${feedId}`));
    if (!subscription) throw new Error('no subscription');
    const pushed = feedWithHub(`${hub.base}/`, subscription.topic, [
      { guid: 'a2', title: 'Pushed story' },
      { guid: 'a1', title: 'First story' },
    ]);
    expect(await hub.publish(subscription, pushed)).toBe(202);
    await waitFor(async () => (await articleTitles(feedId)).includes('Pushed story') || undefined, 20_000, 'pushed article');
    expect(await articleTitles(feedId)).toEqual(['First story', 'Pushed story']);
    const view = await waitFor(async () => {
      const current = await feed(feedId);
      return current.scheduleReason === 'websub' ? current : undefined;
    });
    expect(Date.parse(view.nextFetchAt) - Date.now()).toBeGreaterThan(21_600_000 - 400_000);
    const history = await api.get<{ items: { httpStatus: number; newArticles: number }[] }>(`/v1/feeds/${feedId}/fetches`);
    expect(history.body.items[0]).toMatchObject({ httpStatus: 200, newArticles: 1 });
  });

  it('refuses a push with a bad or missing signature and keeps nothing of it', async () => {
    const subscription = hub.requests.find((r) => r.callback.endsWith(`/websub/${feedId}`));
    if (!subscription) throw new Error('no subscription');
    const forged = feedWithHub(`${hub.base}/`, subscription.topic, [{ guid: 'evil', title: 'Forged story' }]);
    expect(await hub.publish(subscription, forged, { secret: 'not-the-secret' })).toBe(403);
    expect(await hub.publish(subscription, forged, { signature: null })).toBe(403);
    expect(await hub.publish(subscription, forged, { signature: 'sha1=0123456789abcdef0123456789abcdef01234567' })).toBe(403);
    expect(await hub.publish(subscription, forged, { signature: 'sha256=zz' })).toBe(403);
    // A later valid push shows the forged ones were never queued behind it.
    const genuine = feedWithHub(`${hub.base}/`, subscription.topic, [{ guid: 'a3', title: 'Third story' }]);
    expect(await hub.publish(subscription, genuine)).toBe(202);
    await waitFor(async () => (await articleTitles(feedId)).includes('Third story') || undefined, 20_000, 'genuine article');
    expect(await articleTitles(feedId)).not.toContain('Forged story');
  });

  it('renews the lease before it ends, with the same secret', async () => {
    const before = await feed(feedId);
    const requestsBefore = hub.requests.filter((r) => r.callback.endsWith(`/websub/${feedId}`)).length;
    const lease = Date.parse(before.websub.leaseExpiresAt ?? '');
    const http = httpClientFor(service.config);
    try {
      const deps = { config: service.config, store: service.store, http, log: silentLogger };
      // Nothing to renew while the lease is far from its end.
      expect(await maintainSubscriptions(deps, new Date())).toEqual({ renewed: 0, failed: 0 });
      const soon = new Date(lease - RENEW_MARGIN_MS / 2);
      expect((await maintainSubscriptions(deps, soon)).renewed).toBeGreaterThanOrEqual(1);
    } finally {
      await http.close();
    }
    const mine = hub.requests.filter((r) => r.callback.endsWith(`/websub/${feedId}`));
    expect(mine.length).toBe(requestsBefore + 1);
    const renewal = mine.at(-1);
    expect(renewal?.secret).toBe(mine[0]?.secret);
    await waitFor(() => renewal?.verified, 10_000, 'renewal verified');
    const after = await feed(feedId);
    expect(after.websub.status).toBe('subscribed');
    expect(Date.parse(after.websub.leaseExpiresAt ?? '')).toBeGreaterThan(lease);
  });

  it('keeps recent reconcile runs, with what each queued, for Bull Board', async () => {
    const kept = await waitFor(async () => {
      const jobs = await service.queues.maintenance.getCompleted(0, RECONCILE_RUNS_KEPT + 10);
      return jobs.length >= 2 ? jobs : undefined;
    });
    expect(kept.length).toBeLessThanOrEqual(RECONCILE_RUNS_KEPT);
    expect(kept[0]?.returnvalue).toMatchObject({ feeds: expect.any(Number), items: expect.any(Number), deliveries: expect.any(Number) });
  });

  it('falls back to polling when the hub denies the subscription, and when it refuses a new one', async () => {
    const subscription = hub.requests.find((r) => r.callback.endsWith(`/websub/${feedId}`));
    if (!subscription) throw new Error('no subscription');
    const denied = await hub.verify(subscription.callback, subscription.topic, 'denied');
    expect(denied.status).toBe(200);
    const view = await feed(feedId);
    expect(view.websub.status).toBe('failed');
    // Due now: polling takes over at once, not after the safety interval.
    expect(Date.parse(view.nextFetchAt)).toBeLessThanOrEqual(Date.now());
    await waitFor(async () => ((await feed(feedId)).scheduleReason !== 'websub' ? true : undefined), 20_000, 'polling again');

    hub.refuse = true;
    const refused = await register('/refused.xml', [{ guid: 'r1', title: 'Refused' }]);
    await waitFor(async () => ((await feed(refused)).websub.status === 'failed' ? true : undefined), 20_000, 'refused subscription');
    const failedView = await feed(refused);
    expect(failedView.scheduleReason).not.toBe('websub');
    // Polled as any feed: its items still arrive.
    await waitFor(async () => ((await articleTitles(refused)).includes('Refused') ? true : undefined), 20_000, 'polled article');
    const push = await fetch(`${service.config.publicUrl}/websub/${refused}`, { method: 'POST', body: 'x' });
    expect(push.status).toBe(404);
    hub.refuse = false;
  });
});
