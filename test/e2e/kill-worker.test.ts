/**
 * Real worker processes (`feedloom worker`) killed with SIGKILL in the middle
 * of each stage, then Redis flushed, on SQLite and on PostgreSQL:
 *
 * 1. the first worker is killed while the feed request is in flight (fetch);
 * 2. the second, which took the stalled fetch over, while the article pages
 *    are in flight (normalize with full text);
 * 3. the third while the webhook requests are in flight (delivery);
 * 4. then FLUSHALL on the queues' Redis (a private redis-server, never the
 *    shared one), and the API process's reconciler plus fresh workers finish.
 *
 * Afterwards every article exists once and every delivery has arrived, with
 * the webhook-id its interrupted attempt carried.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { RunningService } from '../../src/service.js';
import type { Delivery } from '../../src/store/types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { spawnFeedloom, type FeedloomProcess } from '../helpers/feedloom-process.js';
import { waitFor } from '../helpers/http-servers.js';
import { flushAll, freePort, startRedis, stopRedis } from '../helpers/redis-server.js';
import { apiClient, startTestService, testConfig } from '../helpers/service.js';
import { rssDoc, startHostileServer, type HostileServer } from '../hostile/hostile-server.js';

const STORIES = [1, 2, 3];
/** Short enough that a killed worker's jobs are taken over quickly, long enough that a busy machine does not stall the healthy ones. */
const JOB_LOCK_MS = '4000';

function feedXml(base: string): string {
  return rssDoc(
    STORIES.map(
      (n) =>
        `<item><title>Killed story ${n}</title><link>${base}/page/${n}</link><guid isPermaLink="false">killed-${n}</guid><pubDate>Tue, 10 Nov 2026 0${n}:00:00 GMT</pubDate><description>Teaser ${n}…</description></item>`,
    ).join('\n'),
  );
}

function pageHtml(n: number): string {
  const paragraphs = [1, 2, 3, 4]
    .map((p) => `<p>Paragraph ${p} of killed story ${n}: the harbour master kept the ledger of every ship that came in during the storm, and the town read it aloud.</p>`)
    .join('');
  return `<!doctype html><html><head><title>Killed story ${n}</title></head><body><article><h1>Killed story ${n}</h1>${paragraphs}</article></body></html>`;
}

/** A stage's requests are held (never answered) until the worker in it has been killed; then they are served. */
class Gate {
  holding = true;
  held: IncomingMessage[] = [];
  handle(req: IncomingMessage, res: ServerResponse, serve: () => void): void {
    if (!this.holding) {
      serve();
      return;
    }
    this.held.push(req);
    res.on('error', () => undefined);
  }
}

describe.each(TEST_DIALECTS)('worker processes killed mid-stage on %s', (dialect) => {
  let db: TestDatabase;
  let redis: ChildProcess;
  let redisPort: number;
  let site: HostileServer;
  let api: RunningService;
  const processes: FeedloomProcess[] = [];
  let finisher: RunningService | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    site = await startHostileServer();
  });
  afterAll(async () => {
    for (const child of processes) await child.kill9();
    await finisher?.close();
    await api?.close();
    await site.close();
    await stopRedis(redis);
    await db.cleanup();
  });

  it('loses nothing and doubles no article; every delivery arrives with its first webhook-id', async () => {
    const config = testConfig(db.url, { REDIS_URL: `redis://127.0.0.1:${redisPort}`, JOB_LOCK_MS, RATE_LIMIT_MAX: '1000000' });
    // The API and the scheduler only: every stage runs in the worker processes.
    api = await startTestService(config, { queues: [] });
    const client = apiClient(api.url!);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      ALLOW_HOSTS: '127.0.0.1',
      JOB_LOCK_MS,
      RECONCILE_INTERVAL_MS: '500',
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '500',
      MIN_POLL_SECONDS: '1',
      DEFAULT_POLL_SECONDS: '3600',
      // Held requests must not time out before the worker holding them is killed.
      FETCH_TIMEOUT_MS: '60000',
      WEBHOOK_TIMEOUT_MS: '60000',
      // Every article page in flight at once, so all three article jobs are mid-normalize when the worker dies.
      FETCH_PER_HOST_CONCURRENCY: '10',
    };
    const worker = async (): Promise<FeedloomProcess> => {
      const child = spawnFeedloom(['worker'], env);
      processes.push(child);
      await child.waitForLog('feedloom started');
      return child;
    };

    const feedGate = new Gate();
    const pageGate = new Gate();
    const hookGate = new Gate();
    const hookIds: string[] = [];
    site.route('/feed.xml', (req, res) => feedGate.handle(req, res, () => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml(site.base))));
    for (const n of STORIES) {
      site.route(`/page/${n}`, (req, res) => pageGate.handle(req, res, () => res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(n))));
    }
    site.route('/hook', (req, res) => {
      hookIds.push(String(req.headers['webhook-id']));
      req.resume();
      hookGate.handle(req, res, () => res.writeHead(200).end('ok'));
    });

    const hook = await client.post<{ id: string }>('/v1/webhooks', { url: `${site.base}/hook` });
    expect(hook.status).toBe(201);
    // Registration reads the feed itself, in the API process: let that through, then hold the workers' fetches.
    feedGate.holding = false;
    const feed = await client.post<{ id: string }>('/v1/feeds', { url: `${site.base}/feed.xml`, fullText: 'always' });
    expect(feed.status).toBe(201);
    const registrationReads = site.hits('/feed.xml');
    feedGate.holding = true;

    // 1. Killed in fetch: the feed request is in flight.
    const first = await worker();
    await waitFor(() => feedGate.held.length >= 1, 60_000, 'the first worker fetching the feed');
    const second = await worker();
    await first.kill9();
    feedGate.holding = false;

    // 2. Killed in normalize: the second worker took the fetch over and is fetching the article pages.
    await waitFor(() => pageGate.held.length === STORIES.length, 60_000, 'the second worker fetching the article pages');
    expect(site.hits('/feed.xml')).toBeGreaterThan(registrationReads + 1);
    const third = await worker();
    await second.kill9();
    pageGate.holding = false;

    // 3. Killed in delivery: the third worker took the articles over and is posting the webhooks.
    await waitFor(() => new Set(hookIds).size === STORIES.length, 60_000, 'the third worker posting the webhooks');
    const interrupted = new Set(hookIds);
    await third.kill9();

    // 4. Redis loses everything; the reconciler rebuilds the work from the store, fresh workers finish it.
    await flushAll(redisPort);
    hookGate.holding = false;
    finisher = await startTestService({ ...config, port: 0 }, { api: false, queues: ['fetch', 'article', 'deliver'], scheduler: false });

    const delivered = await waitFor(async () => {
      const res = await client.get<{ items: Delivery[] }>(`/v1/webhooks/${hook.body.id}/deliveries?limit=100`);
      return res.body.items.length === STORIES.length && res.body.items.every((d) => d.status === 'succeeded') ? res.body.items : undefined;
    }, 60_000, 'every delivery succeeded');
    const articles = (await client.get<{ items: Article[] }>(`/v1/articles?feedId=${feed.body.id}&limit=100`)).body.items;
    expect(articles.map((a) => a.guid).sort()).toEqual(['killed-1', 'killed-2', 'killed-3']);
    // The full text made it through the interrupted normalize stage.
    for (const article of articles) expect(article.contentText).toContain(`Paragraph 4 of killed story`);
    expect(new Set(delivered.map((d) => d.articleId))).toEqual(new Set(articles.map((a) => a.id)));
    // Each delivery's id is the webhook-id of its interrupted attempt, and no other id was ever sent.
    expect(new Set(delivered.map((d) => d.id))).toEqual(interrupted);
    expect(new Set(hookIds)).toEqual(interrupted);
    expect(hookIds.length).toBeGreaterThanOrEqual(2 * STORIES.length);
  }, 300_000);
});
