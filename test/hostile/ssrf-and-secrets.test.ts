/**
 * SSRF end to end: with ALLOW_HOSTS naming only the feed server's port, every
 * way of reaching another local port (a feed's redirect, a discovered link,
 * an article page for full text, a webhook URL; by 127.0.0.1 or localhost) is
 * refused, recorded as BLOCKED_ADDRESS where it is a feed's failure, and the
 * other server never receives a request. Webhook secrets never reach the logs
 * (captured from the real pino logger) nor any answer after creation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import type { Article } from '../../src/core/model.js';
import { jobIds } from '../../src/queue/queues.js';
import type { RunningService } from '../../src/service.js';
import type { Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { itemXml, rssDoc, serve, startHostileServer, type HostileServer } from './hostile-server.js';

let db: TestDatabase;
let feeds: HostileServer;
let other: HostileServer;
let receiver: WebhookReceiver;
let service: RunningService;
let api: ReturnType<typeof apiClient>;
// Everything the service logs, at every level, kept for the test to search.
const logs = collectingLogger({ level: 'trace' });

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  feeds = await startHostileServer();
  other = await startHostileServer();
  other.route('/feed.xml', serve(rssDoc(itemXml('other-1', 'Must never be read'))));
  other.route('/article', serve('<html><body><article><p>Internal page</p></article></body></html>', { 'content-type': 'text/html' }));
  receiver = await startWebhookReceiver();
  const config = testConfig(db.url, {
    ALLOW_HOSTS: `127.0.0.1:${feeds.port},127.0.0.1:${new URL(receiver.base).port}`,
    FETCH_TIMEOUT_MS: '1500',
    FAILING_AFTER: '2',
    RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: 'trace',
  });
  service = await startTestService(config, {}, logs.log);
  api = apiClient(service.url!);
});

afterAll(async () => {
  await service.close();
  await flushPrefix(service.config.queuePrefix);
  await feeds.close();
  await other.close();
  await receiver.close();
  await db.cleanup();
});

async function feedOf(id: string): Promise<Feed> {
  return (await api.get<Feed>(`/v1/feeds/${id}`)).body;
}

async function registerGood(path: string, extra: Record<string, unknown> = {}): Promise<Feed> {
  feeds.route(path, serve(rssDoc(itemXml(`g${path}`, `Good ${path}`))));
  const res = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}${path}`, fullText: 'never', ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await waitFor(async () => (await feedOf(res.body.id)).articleCount === 1, 20_000, 'the first article');
  await waitFor(async () => (await service.queues.fetch.getJob(jobIds.fetch(res.body.id))) === undefined, 10_000, 'the fetch job to finish');
  return res.body;
}

describe('SSRF end to end, ALLOW_HOSTS = the feed server port only', () => {
  const otherTargets = () => [`http://127.0.0.1:${other.port}/feed.xml`, `http://localhost:${other.port}/feed.xml`];

  it('a feed that starts redirecting to another local port records BLOCKED_ADDRESS and the port sees nothing', async () => {
    for (const [i, target] of otherTargets().entries()) {
      const feed = await registerGood(`/redirecting-${i}`);
      feeds.route(`/redirecting-${i}`, (_req, res) => res.writeHead(302, { location: target }).end());
      expect((await api.post(`/v1/feeds/${feed.id}/fetch`)).status).toBe(202);
      const failed = await waitFor(async () => {
        const f = await feedOf(feed.id);
        return f.consecutiveFailures > 0 ? f : undefined;
      }, 20_000, 'the recorded failure');
      expect(failed.lastError, target).toMatch(/^BLOCKED_ADDRESS: .*not in ALLOW_HOSTS/);
    }
    expect(other.hits()).toBe(0);
  });

  it('registration refuses a URL that redirects there, and the other port itself', async () => {
    for (const [i, target] of otherTargets().entries()) {
      feeds.route(`/to-other-${i}`, (_req, res) => res.writeHead(301, { location: target }).end());
      const viaRedirect = await api.post<{ code: string }>('/v1/feeds', { url: `${feeds.base}/to-other-${i}` });
      expect(viaRedirect.status).toBe(400);
      expect(viaRedirect.body.code).toBe('BLOCKED_ADDRESS');
      const direct = await api.post<{ code: string }>('/v1/feeds', { url: target });
      expect(direct.status).toBe(400);
      expect(direct.body.code).toBe('BLOCKED_ADDRESS');
    }
    expect(other.hits()).toBe(0);
  });

  it('a page whose discovered feed link points at the other port is not followed', async () => {
    const links = otherTargets()
      .map((href) => `<link rel="alternate" type="application/rss+xml" href="${href}">`)
      .join('');
    feeds.route('/home', serve(`<!doctype html><html><head><title>Home</title>${links}</head><body>hi</body></html>`, { 'content-type': 'text/html' }));
    const res = await api.post<{ code: string }>('/v1/feeds', { url: `${feeds.base}/home` });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NOT_A_FEED');
    expect(other.hits()).toBe(0);
  });

  it('an article page (full text) on the other port is not fetched; the feed content is kept', async () => {
    const items = [`127.0.0.1:${other.port}`, `localhost:${other.port}`]
      .map(
        (host, i) =>
          `<item><title>Teaser ${i}</title><link>http://${host}/article</link><guid>teaser-${i}</guid><description>Teaser ${i} of a story whose page is internal… Read more</description></item>`,
      )
      .join('\n');
    feeds.route('/teasers', serve(rssDoc(items)));
    const created = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/teasers`, fullText: 'always' });
    expect(created.status).toBe(201);
    const articles = await waitFor(async () => {
      const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${created.body.id}`);
      return res.body.items.length === 2 ? res.body.items : undefined;
    }, 20_000, 'both teaser articles');
    for (const article of articles) {
      expect(article.contentText).toMatch(/^Teaser \d of a story whose page is internal/);
      expect(article.contentText).not.toContain('Internal page');
    }
    expect(other.hits()).toBe(0);
    const refusals = logs.lines.filter((line) => line.includes('full text unavailable'));
    expect(refusals).toHaveLength(2);
    // By address at connection time; by name (localhost) before any lookup.
    expect(refusals.filter((line) => /resolves to 127\.0\.0\.1, a private or reserved address not in ALLOW_HOSTS/.test(line))).toHaveLength(1);
    expect(refusals.filter((line) => /names this machine \(localhost\), not in ALLOW_HOSTS/.test(line))).toHaveLength(1);
  });

  it('a webhook URL on the other port is refused at creation', async () => {
    for (const url of [`http://127.0.0.1:${other.port}/hook`, `http://localhost:${other.port}/hook`, `http://[::1]:${other.port}/hook`]) {
      const res = await api.post<{ code: string }>('/v1/webhooks', { url });
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('BLOCKED_ADDRESS');
    }
    expect((await api.get<{ items: unknown[] }>('/v1/webhooks')).body.items).toHaveLength(0);
    expect(other.hits()).toBe(0);
  });
});

describe('webhook secrets', () => {
  it('appear in no log line and in no answer after creation, through deliveries, retries and failures', async () => {
    receiver.respond = (_req, index) => (index === 0 ? 503 : 200);
    const created = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/hook` });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    const custom = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const second = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/other`, secret: custom });
    expect(second.body.secret).toBe(custom);

    const feed = await registerGood('/secret-feed');
    await waitFor(() => receiver.accepted().length >= 2, 20_000, 'both subscribers to get the article');
    await waitFor(async () => {
      const res = await api.get<{ items: { status: string }[] }>(`/v1/webhooks/${id}/deliveries`);
      return res.body.items.length === 1 && res.body.items[0]?.status === 'succeeded';
    }, 20_000, 'the retried delivery to succeed');
    // A subscriber that is gone: its failure is logged too.
    receiver.respond = () => 410;
    feeds.route('/secret-feed', serve(rssDoc(itemXml('g/secret-feed', 'Good /secret-feed') + itemXml('s2', 'Second secret story'))));
    await api.post(`/v1/feeds/${feed.id}/fetch`);
    await waitFor(async () => (await api.get<{ active: boolean }>(`/v1/webhooks/${id}`)).body.active === false, 20_000, 'the webhook disabled');

    const answers = JSON.stringify([
      (await api.get(`/v1/webhooks`)).body,
      (await api.get(`/v1/webhooks/${id}`)).body,
      (await api.get(`/v1/webhooks/${second.body.id}`)).body,
      (await api.get(`/v1/webhooks/${id}/deliveries`)).body,
      (await api.get(`/v1/articles`)).body,
      (await api.get(`/v1/feeds/${feed.id}`)).body,
    ]);
    const logged = logs.lines.join('');
    expect(logged).toContain('webhook delivery will be retried');
    expect(logged).toContain('webhook disabled');
    for (const value of [secret, custom]) {
      const key = value.slice('whsec_'.length);
      expect(answers).not.toContain(key);
      expect(logged).not.toContain(key);
      // Nor the decoded key bytes in another spelling.
      expect(logged).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    }
    expect(answers).not.toContain('"secret"');
  });
});
