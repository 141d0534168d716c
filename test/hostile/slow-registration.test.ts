/**
 * Registration of a slow host: POST /v1/feeds answers while the host is still
 * holding its answer (REGISTRATION_WAIT_MS), with the URL as given; discovery
 * goes on and, when the home page finally arrives, moves the feed to the feed
 * it links to, whose articles then arrive. Ordering, not timing: the 201 comes
 * back while the server still holds the request.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { RunningService } from '../../src/service.js';
import type { Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { waitFor } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { itemXml, rssDoc, serve, startHostileServer, type HostileServer } from './hostile-server.js';

describe('registering a feed on a slow host', () => {
  let db: TestDatabase;
  let server: HostileServer;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    server = await startHostileServer();
    service = await startTestService(testConfig(db.url, { REGISTRATION_WAIT_MS: '300', FETCH_TIMEOUT_MS: '30000', RATE_LIMIT_MAX: '1000000' }));
  });
  afterAll(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    await server.close();
    await db.cleanup();
  });

  it('answers 201 before the host does, then moves the feed to the feed discovery finds', async () => {
    const held: ServerResponse[] = [];
    const homePage = `<!doctype html><html><head><title>Slow</title><link rel="alternate" type="application/rss+xml" href="/slow/feed.xml"></head><body>hi</body></html>`;
    let releasing = false;
    server.route('/slow/', (_req, res) => {
      if (releasing) res.writeHead(200, { 'content-type': 'text/html' }).end(homePage);
      else held.push(res);
    });
    server.route('/slow/feed.xml', serve(rssDoc([itemXml('slow-1', 'Slow story one'), itemXml('slow-2', 'Slow story two')].join('\n'))));

    const api = apiClient(service.url!);
    const created = await api.post<Feed>('/v1/feeds', { url: `${server.base}/slow/` });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${server.base}/slow/`);
    // The host has not answered anything yet: registration did not wait for it.
    expect(held.length).toBeGreaterThanOrEqual(1);
    expect(server.hits('/slow/feed.xml')).toBe(0);

    releasing = true;
    for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'text/html' }).end(homePage);

    const moved = await waitFor(async () => {
      const feed = (await api.get<Feed>(`/v1/feeds/${created.body.id}`)).body;
      return feed.url === `${server.base}/slow/feed.xml` ? feed : undefined;
    }, 30_000, 'the feed moved to the discovered feed URL');
    expect(moved.id).toBe(created.body.id);
    const articles = await waitFor(async () => {
      const res = await api.get<{ items: Article[] }>(`/v1/articles?feedId=${created.body.id}`);
      return res.body.items.length === 2 ? res.body.items : undefined;
    }, 30_000, 'both articles');
    expect(articles.map((a) => a.guid).sort()).toEqual(['slow-1', 'slow-2']);
    const feeds = (await api.get<{ items: Feed[] }>('/v1/feeds')).body.items;
    expect(feeds.filter((f) => f.url.includes('/slow/'))).toHaveLength(1);
  });
});
