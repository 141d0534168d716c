/**
 * The whole path, end to end, on real parts: a feed served on 127.0.0.1 is
 * registered over the API, workers fetch and normalize it into the store, and
 * a webhook receiver gets each article once, signed per Standard Webhooks.
 * Runs on SQLite and on PostgreSQL.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { RunningService } from '../../src/service.js';
import type { Delivery, Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { rss, startFeedServer, startWebhookReceiver, waitFor, type FeedServer, type WebhookReceiver } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';

const STORY = (n: number) =>
  `<p>Paragraph one of story ${n}, long enough to read as a real article about the harbour.</p><p>Paragraph two of story ${n} closes it.</p>`;

function item(n: number) {
  return { guid: `story-${n}`, title: `Story ${n}`, body: STORY(n), date: `2026-11-${String(10 + n).padStart(2, '0')}T08:00:00Z` };
}

describe.each(['sqlite', 'postgres'] as const)('end to end on %s', (dialect) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let receiver: WebhookReceiver;
  let service: RunningService;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await feeds.close();
    await receiver.close();
  });

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    service = await startTestService(testConfig(db.url));
    api = apiClient(service.url!);
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });
  afterEach(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    await db.cleanup();
  });

  async function register(path: string): Promise<{ feed: Feed; secret: string; webhookId: string }> {
    // One subscription per feed: the same URL twice would be the same subscription (409).
    const hook = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/hook${path}` });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);
    const created = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}${path}` });
    expect(created.status).toBe(201);
    return { feed: created.body, secret: hook.body.secret, webhookId: hook.body.id };
  }

  async function articlesOf(feedId: string): Promise<Article[]> {
    const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${feedId}&limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function deliveries(webhookId: string): Promise<Delivery[]> {
    const res = await api.get<{ items: Delivery[] }>(`/v1/webhooks/${webhookId}/deliveries?limit=200`);
    return res.body.items;
  }

  it('stores every post and delivers each one once, signed; re-polls add only what is new', async () => {
    feeds.set('/feed.xml', rss([item(2), item(1)]));
    const { feed, secret, webhookId } = await register('/feed.xml');

    await waitFor(async () => (await articlesOf(feed.id)).length === 2, 20_000, 'two articles');
    await waitFor(() => receiver.accepted().length === 2, 20_000, 'two webhooks');

    const verifier = new Webhook(secret);
    const ids = new Set<string>();
    for (const request of receiver.received) {
      const payload = verifier.verify(request.body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as { type: string; data: Article };
      expect(payload.type).toBe('article.created');
      expect(payload.data.feedId).toBe(feed.id);
      expect(payload.data.contentText).toContain('Paragraph one of story');
      ids.add(String(request.headers['webhook-id']));
    }
    expect(ids.size).toBe(2);

    // Unchanged feed: a conditional GET answered 304, nothing new anywhere.
    const before = feeds.hits('/feed.xml');
    expect((await api.post(`/v1/feeds/${feed.id}/fetch`)).status).toBe(202);
    await waitFor(() => feeds.hits('/feed.xml').notModified > before.notModified, 20_000, 'a 304');
    await waitFor(async () => (await api.get<Feed>(`/v1/feeds/${feed.id}`)).body.lastStatus === 304, 10_000, 'lastStatus 304');
    expect(await articlesOf(feed.id)).toHaveLength(2);

    // Changed feed: only the new post is stored and announced.
    feeds.set('/feed.xml', rss([item(3), item(2), item(1)]));
    await api.post(`/v1/feeds/${feed.id}/fetch`);
    await waitFor(async () => (await articlesOf(feed.id)).length === 3, 20_000, 'the third article');
    await waitFor(() => receiver.accepted().length === 3, 20_000, 'the third webhook');
    const titles = (await articlesOf(feed.id)).map((a) => a.title);
    expect(titles).toEqual(['Story 3', 'Story 2', 'Story 1']);
    // A first attempt's record is written after its request is over: the receiver can be ahead of the store.
    const recorded = await waitFor(async () => {
      const rows = await deliveries(webhookId);
      return rows.every((d) => d.status === 'succeeded') ? rows : undefined;
    }, 20_000, 'every delivery recorded as succeeded');
    expect(recorded).toHaveLength(3);
    expect(receiver.received).toHaveLength(3);

    const shown = await api.get<Feed>(`/v1/feeds/${feed.id}`);
    expect(shown.body).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: null, articleCount: 3, kind: 'rss' });
  });

  it('retries a failing subscriber with the same webhook-id, and a manual retry delivers a failed one', async () => {
    feeds.set('/one.xml', rss([item(1)]));
    receiver.respond = (_req, index) => (index < 2 ? 503 : 200);
    const { webhookId } = await register('/one.xml');
    await waitFor(() => receiver.accepted().length === 1, 20_000, 'delivery after retries');
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // The worker records the attempt after the subscriber answered: wait for the store, not the receiver.
    const delivered = await waitFor(async () => (await deliveries(webhookId)).find((d) => d.status === 'succeeded'), 20_000, 'delivery recorded');
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 3, lastStatus: 200 });

    // A subscriber that always fails: the delivery ends `failed` after the configured attempts.
    receiver.received.length = 0;
    receiver.respond = () => 500;
    feeds.set('/two.xml', rss([item(2)]));
    const second = await register('/two.xml');
    const failed = await waitFor(async () => (await deliveries(second.webhookId)).find((d) => d.status === 'failed'), 20_000, 'a failed delivery');
    expect(failed.attempts).toBe(4);
    expect(failed.lastStatus).toBe(500);

    receiver.respond = () => 204;
    const retry = await api.post(`/v1/webhooks/${second.webhookId}/deliveries/${failed.id}/retry`);
    expect(retry.status).toBe(202);
    await waitFor(async () => (await deliveries(second.webhookId)).find((d) => d.id === failed.id && d.status === 'succeeded'), 20_000, 'manual retry delivered');
    const ids = receiver.received.filter((r) => r.body.includes('"feedId"')).map((r) => r.headers['webhook-id']);
    expect(ids.filter((id) => id === failed.id).length).toBe(5);
  });

  it('loses nothing and doubles nothing when Redis is flushed with work pending', async () => {
    // Retries seconds apart and many of them: the deliveries must still be pending when Redis is flushed, however
    // slowly this test gets there on a busy machine (with the suite's 50 ms backoff all 4 attempts could be spent).
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    service = await startTestService(testConfig(db.url, { WEBHOOK_BACKOFF_BASE_MS: '3000', WEBHOOK_BACKOFF_MAX_MS: '3000', WEBHOOK_MAX_ATTEMPTS: '10' }));
    api = apiClient(service.url!);
    // The subscriber is down while the feed is ingested, so deliveries stay pending in the store.
    receiver.respond = () => 503;
    feeds.set('/flush.xml', rss([item(3), item(2), item(1)]));
    const { feed, webhookId } = await register('/flush.xml');
    await waitFor(async () => (await articlesOf(feed.id)).length === 3, 20_000, 'articles');
    await waitFor(async () => (await deliveries(webhookId)).length === 3, 20_000, 'deliveries');

    await flushPrefix(service.config.queuePrefix);
    receiver.respond = () => 200;
    // The reconciler finds the pending deliveries in the store and queues them again.
    await waitFor(() => new Set(receiver.accepted().map((r) => r.headers['webhook-id'])).size === 3, 20_000, 'deliveries after flush');
    // The worker records the attempt after the subscriber answered: wait for the store, not the receiver.
    const all = await waitFor(async () => {
      const rows = await deliveries(webhookId);
      return rows.every((d) => d.status === 'succeeded') ? rows : undefined;
    }, 20_000, 'deliveries recorded');
    expect(all).toHaveLength(3);
    // One announcement per article: every webhook-id the subscriber accepted is one of the three deliveries.
    // (A request in flight at the moment of the flush may be sent again under its same webhook-id:
    // at-least-once, which subscribers dedupe; a second id for the same article would be a double.)
    expect(new Set(receiver.accepted().map((r) => r.headers['webhook-id']))).toEqual(new Set(all.map((d) => d.id)));
    expect(await articlesOf(feed.id)).toHaveLength(3);

    // A feed registered while its first fetch job is lost: the due feed is fetched anyway.
    feeds.set('/late.xml', rss([item(4)]));
    const late = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/late.xml` });
    await flushPrefix(service.config.queuePrefix);
    await waitFor(async () => (await articlesOf(late.body.id)).length === 1, 20_000, 'article of the late feed');
  });
});
